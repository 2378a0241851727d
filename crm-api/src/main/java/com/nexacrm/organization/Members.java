package com.nexacrm.organization;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.security.MembershipLookup;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Members of the current organisation and their roles. */
@Repository
public class Members implements MembershipLookup {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	Members(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
	}

	@Override
	public Optional<Role> roleOf(UUID userId, UUID orgId) {
		return Tenancy.asUser(userId,
				() -> this.transactions
					.execute((status) -> this.jdbc.sql("select role from membership where org_id = ? and user_id = ?")
						.params(orgId, userId)
						.query((rs, n) -> Role.valueOf(rs.getString(1)))
						.optional()));
	}

	public List<Member> list() {
		return this.jdbc.sql("""
				select m.user_id, u.email, u.display_name, m.role, m.created_at,
				       coalesce(array_agg(tm.team_id) filter (where tm.team_id is not null), '{}')
				from membership m join app_user u using (user_id)
				left join team_member tm on tm.org_id = m.org_id and tm.user_id = m.user_id
				where m.org_id = ?
				group by m.user_id, u.email, u.display_name, m.role, m.created_at
				order by u.display_name, m.user_id""")
			.param(Tenancy.orgId())
			.query((rs, n) -> new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					Role.valueOf(rs.getString(4)), rs.getObject(5, OffsetDateTime.class),
					List.of((UUID[]) rs.getArray(6).getArray())))
			.list();
	}

	public Optional<Member> find(UUID userId) {
		return list().stream().filter((member) -> member.userId().equals(userId)).findFirst();
	}

	public Optional<Role> lockRole(UUID userId) {
		return this.jdbc.sql("select role from membership where org_id = ? and user_id = ? for update")
			.params(Tenancy.orgId(), userId)
			.query((rs, n) -> Role.valueOf(rs.getString(1)))
			.optional();
	}

	/**
	 * Owners of the current organisation, locked so two demotions cannot both pass the
	 * check.
	 */
	public int lockOwners() {
		return this.jdbc.sql("select user_id from membership where org_id = ? and role = 'OWNER' for update")
			.param(Tenancy.orgId())
			.query(UUID.class)
			.list()
			.size();
	}

	public void add(UUID userId, Role role) {
		this.jdbc.sql("insert into membership (org_id, user_id, role) values (?, ?, ?) on conflict do nothing")
			.params(Tenancy.orgId(), userId, role.name())
			.update();
		this.audit.record("member", userId, "joined", java.util.Map.of("role", role.name()));
	}

	public void changeRole(UUID userId, Role role) {
		this.jdbc.sql("update membership set role = ? where org_id = ? and user_id = ?")
			.params(role.name(), Tenancy.orgId(), userId)
			.update();
		this.audit.record("member", userId, "role-changed", java.util.Map.of("role", role.name()));
	}

	public void remove(UUID userId) {
		this.jdbc.sql("delete from membership where org_id = ? and user_id = ?")
			.params(Tenancy.orgId(), userId)
			.update();
		this.audit.record("member", userId, "removed", java.util.Map.of());
	}

	public record Member(UUID userId, String email, String name, Role role, OffsetDateTime joinedAt,
			List<UUID> teamIds) {
	}

}
