package com.nexacrm.record;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which records the caller may see: their own, their teams', or all, by role, configured
 * per organisation. Lists, board counts, search and export all add the same predicate, so
 * a number can never count what the caller cannot open.
 */
@Component
public class Visibility {

	/** Defaults when an organisation has not configured a role. */
	static final Map<Role, Scope> DEFAULTS = new EnumMap<>(Map.of(Role.OWNER, Scope.ALL, Role.ADMIN, Scope.ALL,
			Role.MANAGER, Scope.TEAM, Role.MEMBER, Scope.TEAM, Role.VIEWER, Scope.ALL));

	private final JdbcClient jdbc;

	Visibility(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public enum Scope {

		OWN, TEAM, ALL

	}

	/**
	 * The predicate on the owner column for the caller; API keys act for the organisation
	 * and see all.
	 */
	public Predicate predicate(String ownerColumn) {
		TenantContext context = Tenancy.current();
		if (context.userId() == null || context.role() == null) {
			return Predicate.ALL;
		}
		Scope scope = scopeOf(context.role());
		return switch (scope) {
			case ALL -> Predicate.ALL;
			case OWN -> new Predicate(ownerColumn + " = ?", List.of(context.userId()));
			case TEAM -> new Predicate(ownerColumn + " = any(cast(? as uuid[]))",
					List.of(SqlWhere.arrayLiteral(List.of(teammates(context.userId())))));
		};
	}

	/**
	 * The owners whose records the caller may see, for SQL that cannot take
	 * {@link #predicate(String)} (a function's argument); empty when the caller sees all.
	 */
	public Optional<List<UUID>> owners() {
		TenantContext context = Tenancy.current();
		if (context.userId() == null || context.role() == null) {
			return Optional.empty();
		}
		return switch (scopeOf(context.role())) {
			case ALL -> Optional.empty();
			case OWN -> Optional.of(List.of(context.userId()));
			case TEAM -> Optional.of(List.of(teammates(context.userId())));
		};
	}

	public Scope scopeOf(Role role) {
		return this.jdbc.sql("select scope from role_visibility where org_id = ? and role = ?")
			.params(Tenancy.orgId(), role.name())
			.query((rs, n) -> Scope.valueOf(rs.getString(1)))
			.optional()
			.orElse(DEFAULTS.get(role));
	}

	public Map<Role, Scope> all() {
		Map<Role, Scope> scopes = new EnumMap<>(DEFAULTS);
		this.jdbc.sql("select role, scope from role_visibility where org_id = ?")
			.param(Tenancy.orgId())
			.query((rs, n) -> Map.entry(Role.valueOf(rs.getString(1)), Scope.valueOf(rs.getString(2))))
			.list()
			.forEach((entry) -> scopes.put(entry.getKey(), entry.getValue()));
		return scopes;
	}

	public void set(Role role, Scope scope) {
		this.jdbc.sql("""
				insert into role_visibility (org_id, role, scope) values (?, ?, ?)
				on conflict (org_id, role) do update set scope = excluded.scope""")
			.params(Tenancy.orgId(), role.name(), scope.name())
			.update();
	}

	/** The user and everyone who shares a team with them. */
	private UUID[] teammates(UUID userId) {
		List<UUID> ids = this.jdbc.sql("""
				select distinct other.user_id from team_member mine
				join team_member other on other.org_id = mine.org_id and other.team_id = mine.team_id
				where mine.org_id = ? and mine.user_id = ?""").params(Tenancy.orgId(), userId).query(UUID.class).list();
		java.util.Set<UUID> all = new java.util.LinkedHashSet<>(ids);
		all.add(userId);
		return all.toArray(UUID[]::new);
	}

	/** A SQL condition and its parameters. */
	public record Predicate(String sql, List<Object> params) {

		public static final Predicate ALL = new Predicate("true", List.of());

	}

}
