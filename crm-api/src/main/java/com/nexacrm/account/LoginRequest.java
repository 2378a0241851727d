package com.nexacrm.account;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Credentials, and optionally the organisation to open (the most recent one otherwise).
 */
public record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password,
		UUID organizationId) {
}
