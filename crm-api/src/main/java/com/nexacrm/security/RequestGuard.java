package com.nexacrm.security;

import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Role;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The one guard every API request passes: authenticates the caller (session cookie or API
 * key), resolves membership and role in the organisation, checks the endpoint's
 * permission and CSRF, and sets the tenant for the rest of the request. 401
 * unauthenticated, 403 not allowed; another organisation's ids are 404 further down,
 * because row-level security hides them.
 */
@Component
class RequestGuard implements HandlerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);

	static final String SESSION_COOKIE = "nexa_session";

	static final String CSRF_HEADER = "X-CSRF-Token";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private final Sessions sessions;

	private final ApiKeyVerifier apiKeys;

	private final MembershipLookup memberships;

	private final ReadOnlyOrganizations readOnly;

	RequestGuard(Sessions sessions, ApiKeyVerifier apiKeys, MembershipLookup memberships,
			ReadOnlyOrganizations readOnly) {
		this.sessions = sessions;
		this.apiKeys = apiKeys;
		this.memberships = memberships;
		this.readOnly = readOnly;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith("/api/")) {
			return true;
		}
		Permission requires = Guards.permissionOf(method).orElse(null);
		boolean signedIn = Guards.isSignedIn(method);
		boolean open = Guards.isPublic(method);
		if (requires == null && !signedIn && !open) {
			log.error("{} declares neither a permission, @SignedIn nor @Public; refusing", method);
			throw new ApiProblem(ProblemType.FORBIDDEN, "This endpoint is not available");
		}
		if (open) {
			// a session counts on a public endpoint only with its CSRF token, so a
			// cross-site form
			// cannot act as the signed-in user there
			sessionCaller(request).filter((caller) -> csrfValid(request, caller.session()))
				.ifPresent((caller) -> request.setAttribute(Caller.ATTRIBUTE, caller));
			return true;
		}
		String bearer = bearerToken(request);
		if (bearer != null) {
			return apiKey(request, bearer, requires, method);
		}
		Caller caller = sessionCaller(request)
			.orElseThrow(() -> new ApiProblem(ProblemType.UNAUTHENTICATED, "Sign in or present an API key"));
		request.setAttribute(Caller.ATTRIBUTE, caller);
		MDC.put("userId", caller.userId().toString());
		checkCsrf(request, caller.session());
		if (signedIn) {
			Tenancy.enterUser(caller.userId());
			return true;
		}
		if (caller.session().activeOrgId() == null) {
			throw new ApiProblem(ProblemType.NO_ORGANIZATION, "Create or switch to an organisation first");
		}
		Role role = this.memberships.roleOf(caller.userId(), caller.session().activeOrgId())
			.orElseThrow(() -> new ApiProblem(ProblemType.NO_ORGANIZATION,
					"You are no longer a member of the selected organisation; switch to another"));
		if (!role.can(requires)) {
			throw new ApiProblem(ProblemType.FORBIDDEN,
					"The " + role + " role does not have the permission " + requires.scope());
		}
		checkWritable(request, method, caller.session().activeOrgId());
		Tenancy.enter(new TenantContext(caller.session().activeOrgId(), caller.userId(), role));
		return true;
	}

	/**
	 * A read-only organisation (trial ended unpaid) can still read everything, but every
	 * state-changing request of it is refused here, before any handler writes.
	 */
	private void checkWritable(HttpServletRequest request, HandlerMethod method, UUID orgId) {
		if (SAFE_METHODS.contains(request.getMethod()) || method.hasMethodAnnotation(WritableWhenReadOnly.class)) {
			return;
		}
		if (this.readOnly.isReadOnly(orgId)) {
			throw new ApiProblem(ProblemType.ORGANIZATION_READ_ONLY,
					"The trial of this organisation has ended: it is read-only until a plan is chosen. "
							+ "Reading and exporting still work.");
		}
	}

	private boolean apiKey(HttpServletRequest request, String token, Permission requires, HandlerMethod method) {
		ApiKeyVerifier.VerifiedKey key = this.apiKeys.verify(token)
			.orElseThrow(() -> new ApiProblem(ProblemType.UNAUTHENTICATED, "The API key is unknown or revoked"));
		if (requires == null) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "API keys cannot use this endpoint; it needs a signed-in user");
		}
		if (!key.scopes().contains(requires)) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "The API key lacks the scope " + requires.scope());
		}
		request.setAttribute(Caller.ATTRIBUTE, new Caller(null, null, null, key.keyId()));
		MDC.put("apiKeyId", key.keyId().toString());
		checkWritable(request, method, key.orgId());
		Tenancy.enter(TenantContext.apiKey(key.orgId(), key.keyId(), key.scopes()));
		return true;
	}

	private Optional<Caller> sessionCaller(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		for (Cookie cookie : cookies) {
			if (SESSION_COOKIE.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()
					&& cookie.getValue().length() <= 100) {
				return this.sessions.find(cookie.getValue())
					.map((session) -> new Caller(session.userId(), cookie.getValue(), session, null));
			}
		}
		return Optional.empty();
	}

	private static String bearerToken(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return header.substring(7).trim();
	}

	private static void checkCsrf(HttpServletRequest request, Sessions.Session session) {
		if (!csrfValid(request, session)) {
			throw new ApiProblem(ProblemType.CSRF, "Send the session's CSRF token in the " + CSRF_HEADER + " header");
		}
	}

	private static boolean csrfValid(HttpServletRequest request, Sessions.Session session) {
		if (SAFE_METHODS.contains(request.getMethod())) {
			return true;
		}
		String sent = request.getHeader(CSRF_HEADER);
		return sent != null
				&& java.security.MessageDigest.isEqual(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
						session.csrfToken().getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

}
