package com.nexacrm.platform.ratelimit;

import java.time.Duration;

/**
 * Counts attempts per key in a fixed window. Backed by Redis when {@code REDIS_URL} is
 * set (shared by every replica), otherwise by process memory.
 */
public interface RateLimiter {

	/**
	 * Records one attempt.
	 * @return how many attempts this window has seen, including this one, and when it
	 * ends
	 */
	Window hit(String key, Duration window);

	/** Attempts so far in the current window, without recording one. */
	long count(String key);

	/** Forgets the key (for example after a successful login). */
	void reset(String key);

	record Window(long count, Duration remaining) {
	}

}
