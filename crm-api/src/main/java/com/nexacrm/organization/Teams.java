package com.nexacrm.organization;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Teams within the current organisation. */
@Repository
public class Teams {

	private final JdbcClient jdbc;

	private final AuditLog audit;

	Teams(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	public Team create(String name) {
		UUID teamId = UUID.randomUUID();
		this.jdbc.sql("insert into team (org_id, team_id, name) values (?, ?, ?)")
			.params(Tenancy.orgId(), teamId, name)
			.update();
		this.audit.record("team", teamId, "created", java.util.Map.of("name", name));
		return find(teamId).orElseThrow();
	}

	public List<Team> list() {
		return this.jdbc.sql(SELECT + " where t.org_id = ? group by t.team_id, t.name, t.created_at order by t.name")
			.param(Tenancy.orgId())
			.query((rs, n) -> map(rs))
			.list();
	}

	public Optional<Team> find(UUID teamId) {
		return this.jdbc.sql(SELECT + " where t.org_id = ? and t.team_id = ? group by t.team_id, t.name, t.created_at")
			.params(Tenancy.orgId(), teamId)
			.query((rs, n) -> map(rs))
			.optional();
	}

	public int rename(UUID teamId, String name) {
		int changed = this.jdbc.sql("update team set name = ? where org_id = ? and team_id = ?")
			.params(name, Tenancy.orgId(), teamId)
			.update();
		audited(changed, teamId, "renamed", java.util.Map.of("name", name));
		return changed;
	}

	private void audited(int changed, UUID teamId, String action, java.util.Map<String, ?> details) {
		if (changed > 0) {
			this.audit.record("team", teamId, action, details);
		}
	}

	public int delete(UUID teamId) {
		int changed = this.jdbc.sql("delete from team where org_id = ? and team_id = ?")
			.params(Tenancy.orgId(), teamId)
			.update();
		audited(changed, teamId, "deleted", java.util.Map.of());
		return changed;
	}

	public void addMember(UUID teamId, UUID userId) {
		int changed = this.jdbc
			.sql("insert into team_member (org_id, team_id, user_id) values (?, ?, ?) on conflict do nothing")
			.params(Tenancy.orgId(), teamId, userId)
			.update();
		audited(changed, teamId, "member-added", java.util.Map.of("userId", userId));
	}

	public int removeMember(UUID teamId, UUID userId) {
		int changed = this.jdbc.sql("delete from team_member where org_id = ? and team_id = ? and user_id = ?")
			.params(Tenancy.orgId(), teamId, userId)
			.update();
		audited(changed, teamId, "member-removed", java.util.Map.of("userId", userId));
		return changed;
	}

	private static final String SELECT = """
			select t.team_id, t.name, t.created_at,
			       coalesce(array_agg(tm.user_id) filter (where tm.user_id is not null), '{}')
			from team t left join team_member tm on tm.org_id = t.org_id and tm.team_id = t.team_id""";

	private static Team map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Team(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
				List.of((UUID[]) rs.getArray(4).getArray()));
	}

	public record Team(UUID id, String name, OffsetDateTime createdAt, List<UUID> memberIds) {
	}

}
