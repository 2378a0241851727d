package com.nexacrm.tenant;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static com.nexacrm.tenant.Permission.*;

/**
 * A member's role in an organisation, with its permissions. Ordered from most to least
 * powerful.
 */
public enum Role {

	/** Everything, including billing and deleting the organisation. */
	OWNER(EnumSet.allOf(Permission.class)),

	/** Runs the workspace: members, settings, automation, API keys; not billing. */
	ADMIN(except(EnumSet.allOf(Permission.class), MANAGE_BILLING, ORGANIZATION_DELETE)),

	/**
	 * Leads a sales team: all record work, teams, outbox; sees running processes; no
	 * members or automation.
	 */
	MANAGER(union(records(true),
			EnumSet.of(PIPELINE_READ, PIPELINE_UPDATE, TEAM_CREATE, TEAM_READ, TEAM_UPDATE, TEAM_DELETE,
					ORGANIZATION_READ, MEMBER_READ, OUTBOX_READ, DATA_IMPORT, PROCESS_READ))),

	/** A sales rep: creates and works records, may delete only tasks. */
	MEMBER(union(records(false), EnumSet.of(TASK_DELETE, PIPELINE_READ, TEAM_READ, ORGANIZATION_READ, MEMBER_READ))),

	/** Reads only. */
	VIEWER(EnumSet.of(LEAD_READ, CONTACT_READ, COMPANY_READ, DEAL_READ, TASK_READ, PIPELINE_READ, TEAM_READ,
			ORGANIZATION_READ, MEMBER_READ));

	private final Set<Permission> permissions;

	Role(Set<Permission> permissions) {
		this.permissions = Collections.unmodifiableSet(permissions);
	}

	public Set<Permission> permissions() {
		return this.permissions;
	}

	public boolean can(Permission permission) {
		return this.permissions.contains(permission);
	}

	private static EnumSet<Permission> records(boolean delete) {
		EnumSet<Permission> set = EnumSet.of(LEAD_CREATE, LEAD_READ, LEAD_UPDATE, CONTACT_CREATE, CONTACT_READ,
				CONTACT_UPDATE, COMPANY_CREATE, COMPANY_READ, COMPANY_UPDATE, DEAL_CREATE, DEAL_READ, DEAL_UPDATE,
				TASK_CREATE, TASK_READ, TASK_UPDATE);
		if (delete) {
			set.addAll(EnumSet.of(LEAD_DELETE, CONTACT_DELETE, COMPANY_DELETE, DEAL_DELETE, TASK_DELETE));
		}
		return set;
	}

	private static EnumSet<Permission> union(EnumSet<Permission> a, EnumSet<Permission> b) {
		EnumSet<Permission> set = EnumSet.copyOf(a);
		set.addAll(b);
		return set;
	}

	private static EnumSet<Permission> except(EnumSet<Permission> all, Permission... removed) {
		for (Permission permission : removed) {
			all.remove(permission);
		}
		return all;
	}

}
