package com.nexacrm.security;

import java.util.UUID;

/**
 * Port: whether an organisation is read-only (its trial ended unpaid). Implemented by the
 * billing module; the request guard asks it for every state-changing request.
 */
public interface ReadOnlyOrganizations {

	boolean isReadOnly(UUID orgId);

}
