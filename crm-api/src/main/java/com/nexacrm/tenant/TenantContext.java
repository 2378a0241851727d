package com.nexacrm.tenant;

import java.util.UUID;

/**
 * Who is acting and for which organisation.
 *
 * @param orgId the organisation (tenant) every query is scoped to
 * @param userId the acting user, or {@code null} for system work (a job worker)
 * @param role the acting user's role in the organisation, or {@code null} for system work
 * @param apiKeyId the API key acting, or {@code null}
 */
public record TenantContext(UUID orgId, UUID userId, Role role, UUID apiKeyId) {

	public TenantContext(UUID orgId, UUID userId, Role role) {
		this(orgId, userId, role, null);
	}

	public static TenantContext system(UUID orgId) {
		return new TenantContext(orgId, null, null, null);
	}

}
