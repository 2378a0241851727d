package com.nexacrm.workers.runtime;

import java.time.Duration;

/**
 * Exponential backoff for failed jobs: the wait doubles with each retry used, up to a
 * ceiling.
 *
 * @param initial the wait after the first failure
 * @param max the longest wait
 * @param expectedRetries the retries a job starts with (the BPMN default is 3)
 */
public record RetryBackoff(Duration initial, Duration max, int expectedRetries) {

	public static RetryBackoff defaults() {
		return new RetryBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 3);
	}

	/** The wait before the next attempt, given the retries the job had when it failed. */
	public Duration after(int retriesBeforeFailure) {
		int used = Math.max(0, this.expectedRetries - retriesBeforeFailure);
		long factor = 1L << Math.min(used, 20);
		Duration wait = this.initial.multipliedBy(factor);
		return (wait.compareTo(this.max) > 0) ? this.max : wait;
	}

}
