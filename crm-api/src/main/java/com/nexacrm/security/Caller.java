package com.nexacrm.security;

import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;

/**
 * What the guard resolved about the request's caller, for controllers that need more than
 * the tenant (the session token to switch organisation, the user on a public endpoint).
 *
 * @param userId the signed-in user, or {@code null} for an API key or an anonymous caller
 * @param sessionToken the session cookie's token, or {@code null}
 * @param session the session, or {@code null}
 * @param apiKeyId the API key's id, or {@code null}
 */
public record Caller(UUID userId, String sessionToken, Sessions.Session session, UUID apiKeyId) {

	static final String ATTRIBUTE = Caller.class.getName();

	public static Optional<Caller> of(HttpServletRequest request) {
		return Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
	}

	/** The caller of a {@link SignedIn} endpoint: always a session. */
	public static Caller signedIn(HttpServletRequest request) {
		return of(request).filter((caller) -> caller.session() != null)
			.orElseThrow(() -> new ApiProblem(ProblemType.UNAUTHENTICATED, "Sign in first"));
	}

}
