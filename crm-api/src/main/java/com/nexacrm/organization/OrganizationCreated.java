package com.nexacrm.organization;

import java.util.UUID;

/**
 * An organisation was created with its first owner; published inside the creating
 * transaction.
 */
public record OrganizationCreated(UUID orgId, UUID ownerUserId, String name) {
}
