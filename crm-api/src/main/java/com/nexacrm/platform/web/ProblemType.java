package com.nexacrm.platform.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The stable {@code type} of every error the API returns (RFC 9457). Clients switch on
 * the type, never on the title or detail text.
 */
public enum ProblemType {

	VALIDATION(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields"),
	MALFORMED(HttpStatus.BAD_REQUEST, "malformed-request", "The request body could not be read"),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication is required"),
	INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Email or password is wrong"),
	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Your role does not allow this"),
	CSRF(HttpStatus.FORBIDDEN, "csrf", "The CSRF token is missing or wrong"),
	NO_ORGANIZATION(HttpStatus.FORBIDDEN, "no-organization", "No organisation is selected"),
	ORGANIZATION_READ_ONLY(HttpStatus.FORBIDDEN, "organization-read-only",
			"The organisation is read-only until a plan is chosen"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
	CONFLICT(HttpStatus.CONFLICT, "conflict", "The request conflicts with the current state"),
	EMAIL_TAKEN(HttpStatus.CONFLICT, "email-taken", "An account with this email already exists"),
	LAST_OWNER(HttpStatus.CONFLICT, "last-owner", "An organisation must keep at least one owner"),
	INVITATION_INVALID(HttpStatus.GONE, "invitation-invalid",
			"The invitation has expired, was already used, or was revoked"),
	TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "The request body is too large"),
	INVALID_PROCESS_MODEL(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-process-model",
			"The process model was refused; see problems"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
			"The content type is not supported"),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many attempts; try again later"),
	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side");

	private static final String BASE = "https://nexacrm.dev/problems/";

	private final HttpStatus status;

	private final String slug;

	private final String title;

	ProblemType(HttpStatus status, String slug, String title) {
		this.status = status;
		this.slug = slug;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI uri() {
		return URI.create(BASE + this.slug);
	}

	public String title() {
		return this.title;
	}

}
