package com.nexacrm.platform.web;

import java.util.regex.Pattern;

/**
 * The email syntax the API accepts: a practical subset of RFC 5321 (no quoted local
 * parts, no IP literals), a dotted domain, at most 254 characters.
 */
public final class EmailAddresses {

	public static final String PATTERN = "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";

	private static final Pattern VALID = Pattern.compile(PATTERN);

	private EmailAddresses() {
	}

	public static boolean isValid(String email) {
		return email != null && email.length() <= 254 && VALID.matcher(email).matches() && !email.contains("..");
	}

}
