package com.nexacrm.security;

import com.nexacrm.tenant.Permission;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Port: checks an API key presented as a bearer token. Implemented by the api-key module.
 */
public interface ApiKeyVerifier {

	/**
	 * The key's organisation, id and scopes when the token is a live key; empty
	 * otherwise.
	 */
	Optional<VerifiedKey> verify(String token);

	record VerifiedKey(UUID orgId, UUID keyId, Set<Permission> scopes) {
	}

}
