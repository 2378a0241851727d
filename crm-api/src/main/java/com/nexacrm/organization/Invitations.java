package com.nexacrm.organization;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.tenant.Role;
import com.nexacrm.security.ScopedToken;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invitations of the current organisation. */
@Repository
public class Invitations {

	public static final Duration VALID_FOR = Duration.ofDays(7);

	private final JdbcClient jdbc;

	private final AuditLog audit;

	Invitations(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** Stores a new invitation and returns its token (never stored, only its hash). */
	public ScopedToken create(String email, Role role, UUID teamId, UUID invitedBy) {
		ScopedToken token = ScopedToken.issue(Tenancy.orgId(), UUID.randomUUID());
		this.jdbc
			.sql("""
					insert into invitation (org_id, invitation_id, email, role, team_id, secret_hash, invited_by, expires_at)
					values (?, ?, ?, ?, ?, ?, ?, now() + ?::interval)""")
			.params(Tenancy.orgId(), token.id(), email, role.name(), teamId, token.secretHash(), invitedBy,
					VALID_FOR.toSeconds() + " seconds")
			.update();
		this.audit.record("invitation", token.id(), "created", java.util.Map.of("email", email, "role", role.name()));
		return token;
	}

	public List<Invitation> listOpen() {
		return this.jdbc
			.sql(SELECT + " where i.org_id = ? and i.accepted_at is null and i.revoked_at is null"
					+ " order by i.created_at desc")
			.param(Tenancy.orgId())
			.query((rs, n) -> map(rs))
			.list();
	}

	public Optional<Invitation> find(UUID invitationId) {
		return this.jdbc.sql(SELECT + " where i.org_id = ? and i.invitation_id = ?")
			.params(Tenancy.orgId(), invitationId)
			.query((rs, n) -> map(rs))
			.optional();
	}

	public int revoke(UUID invitationId) {
		int changed = this.jdbc.sql("""
				update invitation set revoked_at = now()
				where org_id = ? and invitation_id = ? and accepted_at is null and revoked_at is null""")
			.params(Tenancy.orgId(), invitationId)
			.update();
		if (changed > 0) {
			this.audit.record("invitation", invitationId, "revoked", java.util.Map.of());
		}
		return changed;
	}

	/**
	 * Locks the invitation the token names, when the token's secret matches and it is
	 * still open (not accepted, revoked or expired). Call inside a transaction of the
	 * token's organisation.
	 */
	public Optional<Invitation> lockOpen(ScopedToken token) {
		return this.jdbc.sql("""
				select i.invitation_id, i.email, i.role, i.team_id, i.created_at, i.expires_at, i.secret_hash,
				       u.display_name, o.name
				from invitation i join app_user u on u.user_id = i.invited_by
				join organization o on o.org_id = i.org_id
				where i.org_id = ? and i.invitation_id = ? and i.accepted_at is null and i.revoked_at is null
				  and i.expires_at > now()
				for update of i""")
			.params(token.orgId(), token.id())
			.query((rs, n) -> new Locked(new Invitation(rs.getObject(1, UUID.class), rs.getString(2),
					Role.valueOf(rs.getString(3)), rs.getObject(4, UUID.class), rs.getObject(5, OffsetDateTime.class),
					rs.getObject(6, OffsetDateTime.class), rs.getString(8), rs.getString(9)), rs.getBytes(7)))
			.list()
			.stream()
			.filter((locked) -> token.matches(locked.secretHash()))
			.map(Locked::invitation)
			.findFirst();
	}

	private record Locked(Invitation invitation, byte[] secretHash) {
	}

	public void markAccepted(UUID invitationId, UUID userId) {
		this.jdbc
			.sql("update invitation set accepted_at = now(), accepted_by = ? where org_id = ? and invitation_id = ?")
			.params(userId, Tenancy.orgId(), invitationId)
			.update();
		this.audit.record("invitation", invitationId, "accepted", java.util.Map.of("userId", userId));
	}

	private static final String SELECT = """
			select i.invitation_id, i.email, i.role, i.team_id, i.created_at, i.expires_at, u.display_name, o.name
			from invitation i join app_user u on u.user_id = i.invited_by join organization o on o.org_id = i.org_id""";

	private static Invitation map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Invitation(rs.getObject(1, UUID.class), rs.getString(2), Role.valueOf(rs.getString(3)),
				rs.getObject(4, UUID.class), rs.getObject(5, OffsetDateTime.class),
				rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8));
	}

	/** An invitation, without its secret. */
	public record Invitation(UUID id, String email, Role role, UUID teamId, OffsetDateTime createdAt,
			OffsetDateTime expiresAt, String invitedBy, String organizationName) {
	}

}
