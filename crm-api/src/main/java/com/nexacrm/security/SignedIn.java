package com.nexacrm.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoint needs a signed-in user (session cookie) but no organisation, for example
 * listing or switching the user's organisations. API keys are refused: they belong to one
 * organisation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface SignedIn {

}
