package com.nexacrm.account;

import com.nexacrm.platform.web.EmailAddresses;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new account and its first organisation. */
public record SignUpRequest(
		@NotBlank @Size(max = 254) @Pattern(regexp = EmailAddresses.PATTERN,
				message = "must be a valid email address") String email,
		@NotBlank @Size(max = 128) String password, @NotBlank @Size(max = 200) String name,
		@NotBlank @Size(max = 200) String organizationName) {
}
