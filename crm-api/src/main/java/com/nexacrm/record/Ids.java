package com.nexacrm.record;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7, RFC 9562): new rows land at the end of their indexes
 * instead of at random pages, which keeps bulk imports and inserts fast.
 */
public final class Ids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Ids() {
	}

	public static UUID next() {
		long millis = System.currentTimeMillis();
		long randA = RANDOM.nextInt() & 0xFFFL;
		long high = (millis << 16) | 0x7000L | randA;
		long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low);
	}

}
