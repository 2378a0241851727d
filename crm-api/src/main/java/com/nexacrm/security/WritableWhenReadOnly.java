package com.nexacrm.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an organisation endpoint that changes state but stays open while the organisation
 * is read-only, for example recording the payment that lifts it. Every other
 * POST/PUT/PATCH/DELETE of an organisation is refused then.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface WritableWhenReadOnly {

}
