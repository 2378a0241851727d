package com.nexacrm.security;

import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Writes and clears the session cookie: HttpOnly, SameSite=Lax, Secure when configured
 * (behind HTTPS). The CSRF token travels in the response body and a readable cookie, and
 * must come back in the {@code X-CSRF-Token} header on every state-changing request.
 */
@Component
public class SessionCookies {

	public static final String CSRF_COOKIE = "nexa_csrf";

	private final boolean secure;

	SessionCookies(@Value("${nexacrm.session.secure-cookie:false}") boolean secure) {
		this.secure = secure;
	}

	public void write(HttpServletResponse response, Sessions.IssuedSession session) {
		add(response, RequestGuard.SESSION_COOKIE, session.token(), true, Sessions.LIFETIME);
		add(response, CSRF_COOKIE, session.csrfToken(), false, Sessions.LIFETIME);
	}

	public void clear(HttpServletResponse response) {
		add(response, RequestGuard.SESSION_COOKIE, "", true, Duration.ZERO);
		add(response, CSRF_COOKIE, "", false, Duration.ZERO);
	}

	private void add(HttpServletResponse response, String name, String value, boolean httpOnly, Duration maxAge) {
		ResponseCookie cookie = ResponseCookie.from(name, value)
			.httpOnly(httpOnly)
			.secure(this.secure)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

}
