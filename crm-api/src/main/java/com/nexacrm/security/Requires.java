package com.nexacrm.security;

import com.nexacrm.tenant.Permission;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an endpoint needs in the current organisation. Every API handler carries
 * exactly one of {@link Requires}, {@link SignedIn} or {@link Public}; a test fails the
 * build otherwise.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Requires {

	Permission value();

}
