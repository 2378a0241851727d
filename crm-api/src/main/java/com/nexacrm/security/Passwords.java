package com.nexacrm.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes passwords with bcrypt and judges their strength. Checking an unknown account
 * still runs one bcrypt comparison, so response time does not tell which emails have
 * accounts.
 */
@Component
public class Passwords {

	static final int MIN_LENGTH = 10;

	static final int MAX_LENGTH = 128;

	private static final Set<String> COMMON = Set.of("password", "password1", "password123", "1234567890",
			"12345678910", "qwertyuiop", "letmein123", "welcome123", "iloveyou12", "administrator", "passw0rd123",
			"abcdefghij", "0123456789", "qwerty1234", "1q2w3e4r5t", "changeme123");

	private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);

	private final String decoy = this.encoder.encode("decoy-" + Tokens.random());

	public String hash(String password) {
		return this.encoder.encode(password);
	}

	public boolean matches(String password, String hash) {
		return this.encoder.matches(password, hash);
	}

	/** Burns the time of one comparison, for unknown accounts. */
	public void compareWithDecoy(String password) {
		this.encoder.matches(password, this.decoy);
	}

	/** Why the password is too weak, or empty when it is acceptable. */
	public Optional<String> weakness(String password, String email) {
		if (password == null || password.length() < MIN_LENGTH) {
			return Optional.of("must have at least " + MIN_LENGTH + " characters");
		}
		if (password.length() > MAX_LENGTH) {
			return Optional.of("must have at most " + MAX_LENGTH + " characters");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (COMMON.contains(lower) || lower.chars().distinct().count() < 4) {
			return Optional.of("is too common or too repetitive");
		}
		if (email != null) {
			String local = email.toLowerCase(Locale.ROOT).split("@")[0];
			if (local.length() >= 4 && lower.contains(local)) {
				return Optional.of("must not contain your email address");
			}
		}
		return Optional.empty();
	}

}
