package com.nexacrm.task;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nexacrm.task.Tasks.Task;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may work a task in the current organisation. A process task names its candidates by
 * team (any of its teams) and role ({@code MANAGER}: managers, admins and owners); with
 * neither, every member is a candidate. A task made by hand is open to every member.
 * Viewers, who cannot work tasks, are never candidates.
 */
@Component
class Candidates {

	private static final Set<Role> MANAGERS = EnumSet.of(Role.OWNER, Role.ADMIN, Role.MANAGER);

	private final JdbcClient jdbc;

	Candidates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	static boolean isManager(Role role) {
		return role != null && MANAGERS.contains(role);
	}

	List<UUID> teamsOf(UUID userId) {
		return this.jdbc.sql("select team_id from team_member where org_id = ? and user_id = ?")
			.params(Tenancy.orgId(), userId)
			.query(UUID.class)
			.list();
	}

	Optional<Role> roleOf(UUID userId) {
		return this.jdbc.sql("select role from membership where org_id = ? and user_id = ?")
			.params(Tenancy.orgId(), userId)
			.query(String.class)
			.optional()
			.map(Role::valueOf);
	}

	boolean isMember(UUID userId) {
		return roleOf(userId).isPresent();
	}

	/** The given teams that exist in this organisation, in their order. */
	List<UUID> existingTeams(List<UUID> teamIds) {
		if (teamIds.isEmpty()) {
			return List.of();
		}
		List<UUID> existing = this.jdbc
			.sql("select team_id from team where org_id = ? and team_id = any(cast(? as uuid[]))")
			.params(Tenancy.orgId(), Tasks.uuidArray(teamIds))
			.query(UUID.class)
			.list();
		return teamIds.stream().filter(existing::contains).distinct().toList();
	}

	/** Whether the user may hold the task: a member who works tasks, and a candidate. */
	boolean isCandidate(Task task, UUID userId) {
		Optional<Role> role = roleOf(userId);
		if (role.isEmpty() || !role.get().can(Permission.TASK_UPDATE)) {
			return false;
		}
		if (!task.isProcessTask()) {
			return true;
		}
		List<UUID> teams = task.process().candidateTeamIds();
		boolean byTeam = teams.isEmpty() || teamsOf(userId).stream().anyMatch(teams::contains);
		boolean byRole = task.process().candidateRole() == null || isManager(role.get());
		return byTeam && byRole;
	}

}
