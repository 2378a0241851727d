package com.nexacrm.tenant;

import java.util.Arrays;
import java.util.Optional;

/**
 * Everything a role or an API key can be allowed to do: create/read/update/delete per
 * resource, plus the organisation-level powers. The string form ({@code deal:read}) is
 * what API key scopes and the permission matrix endpoint use.
 */
public enum Permission {

	LEAD_CREATE, LEAD_READ, LEAD_UPDATE, LEAD_DELETE,

	CONTACT_CREATE, CONTACT_READ, CONTACT_UPDATE, CONTACT_DELETE,

	COMPANY_CREATE, COMPANY_READ, COMPANY_UPDATE, COMPANY_DELETE,

	DEAL_CREATE, DEAL_READ, DEAL_UPDATE, DEAL_DELETE,

	TASK_CREATE, TASK_READ, TASK_UPDATE, TASK_DELETE,

	PIPELINE_CREATE, PIPELINE_READ, PIPELINE_UPDATE, PIPELINE_DELETE,

	TEAM_CREATE, TEAM_READ, TEAM_UPDATE, TEAM_DELETE,

	ORGANIZATION_READ, ORGANIZATION_UPDATE, ORGANIZATION_DELETE,

	MEMBER_READ,

	API_KEY_CREATE, API_KEY_READ, API_KEY_DELETE,

	OUTBOX_READ,

	/** See running processes: instances, their path, incidents, jobs, diagrams. */
	PROCESS_READ,

	/** Repair running processes: retry incidents, cancel or move instances. */
	PROCESS_OPERATE,

	/** Import records from CSV (also needs create on the record type). */
	DATA_IMPORT,

	/** Export the whole organisation's data as one archive. */
	DATA_EXPORT,

	/** Read the organisation's audit log. */
	AUDIT_READ,

	/** Invite, change roles, remove members. */
	MANAGE_MEMBERS,

	/** Plans, payment methods, invoices. */
	MANAGE_BILLING,

	/** Change, deploy and roll back the organisation's BPMN processes. */
	DESIGN_AUTOMATION;

	/** The scope string, for example {@code deal:read} or {@code manage-members}. */
	public String scope() {
		String name = name().toLowerCase();
		int action = name.lastIndexOf('_');
		String verb = name.substring(action + 1);
		if (name.startsWith("manage_") || name.startsWith("design_") || name.startsWith("data_")
				|| name.startsWith("audit_")) {
			return name.replace('_', '-');
		}
		return name.substring(0, action).replace('_', '-') + ":" + verb;
	}

	public static Optional<Permission> ofScope(String scope) {
		return Arrays.stream(values()).filter((permission) -> permission.scope().equals(scope)).findFirst();
	}

}
