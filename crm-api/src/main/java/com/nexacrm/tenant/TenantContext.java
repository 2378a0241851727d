package com.nexacrm.tenant;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Who is acting and for which organisation.
 *
 * @param orgId the organisation (tenant) every query is scoped to
 * @param userId the acting user, or {@code null} for system work or an API key
 * @param role the acting user's role in the organisation, or {@code null}
 * @param apiKeyId the API key acting, or {@code null}
 * @param keyScopes what the API key may do (empty for users; everything for system work)
 */
public record TenantContext(UUID orgId, UUID userId, Role role, UUID apiKeyId, Set<Permission> keyScopes) {

	public TenantContext {
		keyScopes = (keyScopes != null) ? Set.copyOf(keyScopes) : Set.of();
	}

	public TenantContext(UUID orgId, UUID userId, Role role) {
		this(orgId, userId, role, null, Set.of());
	}

	public TenantContext(UUID orgId, UUID userId, Role role, UUID apiKeyId) {
		this(orgId, userId, role, apiKeyId, Set.of());
	}

	/** An API key acting for its organisation. */
	public static TenantContext apiKey(UUID orgId, UUID apiKeyId, Set<Permission> scopes) {
		return new TenantContext(orgId, null, null, apiKeyId, scopes);
	}

	/** The app itself (a job worker, a background import) acting for the organisation. */
	public static TenantContext system(UUID orgId) {
		return new TenantContext(orgId, null, null, null, EnumSet.allOf(Permission.class));
	}

	/**
	 * Whether the actor holds the permission: by role for users, by scope for API keys.
	 */
	public boolean can(Permission permission) {
		return (this.role != null) ? this.role.can(permission) : this.keyScopes.contains(permission);
	}

}
