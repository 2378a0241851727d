package com.nexacrm.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The action an endpoint of a record controller performs; with the controller's
 * {@link RecordResource} it names the permission ({@code deal} + {@code UPDATE} =
 * {@code deal:update}). Lets one base controller serve every record type while each
 * type's endpoints keep their own permission.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RecordAction {

	Action value();

	enum Action {

		CREATE, READ, UPDATE, DELETE

	}

}
