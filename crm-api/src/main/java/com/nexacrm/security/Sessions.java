package com.nexacrm.security;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Browser sessions. The cookie holds a random token; the table holds only its hash, the
 * user, the organisation the user is working in and the session's CSRF token. Kept in
 * PostgreSQL so a restart signs nobody out.
 */
@Repository
public class Sessions {

	public static final Duration LIFETIME = Duration.ofDays(14);

	private final JdbcClient jdbc;

	Sessions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Starts a session and returns the cookie token (shown once, never stored). */
	public IssuedSession create(UUID userId, UUID activeOrgId) {
		String token = Tokens.random();
		String csrf = Tokens.random();
		this.jdbc.sql("""
				insert into user_session (token_hash, user_id, active_org_id, csrf_token, expires_at)
				values (?, ?, ?, ?, ?)""")
			.params(Tokens.hash(token), userId, activeOrgId, csrf,
					OffsetDateTime.ofInstant(Instant.now().plus(LIFETIME), ZoneOffset.UTC))
			.update();
		return new IssuedSession(token, csrf);
	}

	public Optional<Session> find(String token) {
		return this.jdbc.sql("""
				select s.user_id, u.email, s.active_org_id, s.csrf_token
				from user_session s join app_user u using (user_id)
				where s.token_hash = ? and s.expires_at > now()""")
			.param(Tokens.hash(token))
			.query((rs, n) -> new Session(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
					rs.getString(4)))
			.optional();
	}

	public void switchOrganization(String token, UUID orgId) {
		this.jdbc.sql("update user_session set active_org_id = ? where token_hash = ?")
			.params(orgId, Tokens.hash(token))
			.update();
	}

	public void delete(String token) {
		this.jdbc.sql("delete from user_session where token_hash = ?").param(Tokens.hash(token)).update();
	}

	public record IssuedSession(String token, String csrfToken) {
	}

	/** A live session. */
	public record Session(UUID userId, String email, UUID activeOrgId, String csrfToken) {
	}

}
