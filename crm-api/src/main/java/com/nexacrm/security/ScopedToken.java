package com.nexacrm.security;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * A secret that must be looked up before any tenant is known (an API key, an invitation
 * link): the organisation id and the row id, which say where to look under row-level
 * security, and a 192-bit random secret, of which only the hash is stored. Without the
 * secret the ids open nothing.
 *
 * @param orgId the organisation the row belongs to
 * @param id the row's id
 * @param secret the random part
 */
public record ScopedToken(UUID orgId, UUID id, byte[] secret) {

	private static final int LENGTH = 56;

	/** The length of {@link #encode()}'s result. */
	public static final int ENCODED_LENGTH = 75;

	public static ScopedToken issue(UUID orgId, UUID id) {
		return new ScopedToken(orgId, id, Tokens.randomBytes(LENGTH - 32));
	}

	public String encode() {
		ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
		buffer.putLong(this.orgId.getMostSignificantBits()).putLong(this.orgId.getLeastSignificantBits());
		buffer.putLong(this.id.getMostSignificantBits()).putLong(this.id.getLeastSignificantBits());
		buffer.put(this.secret);
		return Tokens.encode(buffer.array());
	}

	/** What is stored: the secret's hash. */
	public byte[] secretHash() {
		return Tokens.hash(this.secret);
	}

	public boolean matches(byte[] storedHash) {
		return Tokens.matches(this.secret, storedHash);
	}

	/** Parses a token; empty when it is not one (never an exception). */
	public static Optional<ScopedToken> parse(String text) {
		if (text == null || text.length() != ENCODED_LENGTH) {
			return Optional.empty();
		}
		try {
			ByteBuffer buffer = ByteBuffer.wrap(Tokens.decode(text));
			if (buffer.remaining() != LENGTH) {
				return Optional.empty();
			}
			UUID org = new UUID(buffer.getLong(), buffer.getLong());
			UUID id = new UUID(buffer.getLong(), buffer.getLong());
			return Optional.of(new ScopedToken(org, id, Arrays.copyOfRange(buffer.array(), 32, LENGTH)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
