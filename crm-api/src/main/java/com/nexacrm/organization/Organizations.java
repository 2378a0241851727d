package com.nexacrm.organization;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.tenant.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Organisations, scoped by row-level security to the current one (and the user's own, to
 * read).
 */
@Repository
public class Organizations {

	private final JdbcClient jdbc;

	private final AuditLog audit;

	Organizations(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** Creates the organisation of the current tenant context with its first owner. */
	public void create(UUID orgId, String name, UUID ownerUserId) {
		this.jdbc.sql("insert into organization (org_id, name) values (?, ?)").params(orgId, name).update();
		this.jdbc.sql("insert into membership (org_id, user_id, role) values (?, ?, 'OWNER')")
			.params(orgId, ownerUserId)
			.update();
		this.audit.record("organization", orgId, "created", java.util.Map.of("name", name, "ownerId", ownerUserId));
	}

	public Optional<Organization> find(UUID orgId) {
		return this.jdbc.sql("select org_id, name, time_zone, created_at from organization where org_id = ?")
			.param(orgId)
			.query((rs, n) -> new Organization(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getObject(4, java.time.OffsetDateTime.class)))
			.optional();
	}

	public int update(UUID orgId, String name, String timeZone) {
		int changed = this.jdbc.sql("update organization set name = ?, time_zone = ? where org_id = ?")
			.params(name, timeZone, orgId)
			.update();
		this.audit.record("organization", orgId, "updated", java.util.Map.of("name", name, "timeZone", timeZone));
		return changed;
	}

	/**
	 * The current user's organisations and roles (needs the user set on the transaction).
	 */
	public List<MyOrganization> mine(UUID userId) {
		return this.jdbc.sql("""
				select o.org_id, o.name, m.role from membership m join organization o using (org_id)
				where m.user_id = ? order by o.name, o.org_id""")
			.param(userId)
			.query((rs, n) -> new MyOrganization(rs.getObject(1, UUID.class), rs.getString(2),
					Role.valueOf(rs.getString(3))))
			.list();
	}

	public record Organization(UUID id, String name, String timeZone, java.time.OffsetDateTime createdAt) {
	}

	/** An organisation the user belongs to, with their role there. */
	public record MyOrganization(UUID id, String name, Role role) {
	}

}
