package com.nexacrm.organization;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.security.Tokens;

/**
 * The one-time link's token: the organisation and invitation ids (to find the row under
 * row-level security) and a 192-bit secret, of which only the hash is stored. The ids
 * alone open nothing.
 */
public record InvitationToken(UUID orgId, UUID invitationId, byte[] secret) {

	static InvitationToken issue(UUID orgId, UUID invitationId) {
		return new InvitationToken(orgId, invitationId, Tokens.randomBytes(24));
	}

	public String encode() {
		ByteBuffer buffer = ByteBuffer.allocate(56);
		buffer.putLong(this.orgId.getMostSignificantBits()).putLong(this.orgId.getLeastSignificantBits());
		buffer.putLong(this.invitationId.getMostSignificantBits()).putLong(this.invitationId.getLeastSignificantBits());
		buffer.put(this.secret);
		return Tokens.encode(buffer.array());
	}

	/** Parses a token; empty when it is not one of ours (never an exception). */
	public static Optional<InvitationToken> parse(String text) {
		if (text == null || text.length() != 75) {
			return Optional.empty();
		}
		try {
			ByteBuffer buffer = ByteBuffer.wrap(Tokens.decode(text));
			if (buffer.remaining() != 56) {
				return Optional.empty();
			}
			UUID org = new UUID(buffer.getLong(), buffer.getLong());
			UUID invitation = new UUID(buffer.getLong(), buffer.getLong());
			byte[] secret = Arrays.copyOfRange(buffer.array(), 32, 56);
			return Optional.of(new InvitationToken(org, invitation, secret));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
