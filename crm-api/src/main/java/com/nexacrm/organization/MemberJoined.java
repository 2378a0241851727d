package com.nexacrm.organization;

import java.util.UUID;

import com.nexacrm.tenant.Role;

/** A user joined an organisation by accepting an invitation. */
public record MemberJoined(UUID orgId, UUID userId, Role role) {
}
