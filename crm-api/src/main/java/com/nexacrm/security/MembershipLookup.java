package com.nexacrm.security;

import com.nexacrm.tenant.Role;
import java.util.Optional;
import java.util.UUID;

/** Port: a user's role in an organisation. Implemented by the organisation module. */
public interface MembershipLookup {

	Optional<Role> roleOf(UUID userId, UUID orgId);

}
