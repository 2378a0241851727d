package com.nexacrm.process;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a process start again when it fails, after a pause that doubles each time up to a
 * longest one, a bounded number of times. A start made when an organisation is created
 * has no queue row to come back to: without this, an engine that was busy or away for a
 * moment at sign-up left the organisation without its onboarding or trial until the next
 * restart. The action must be idempotent (check for an instance before starting one).
 */
final class StartRetries {

	private static final Logger log = LoggerFactory.getLogger(StartRetries.class);

	private final int attempts;

	private final Duration firstPause;

	private final Duration longestPause;

	StartRetries(int attempts, Duration firstPause, Duration longestPause) {
		if (attempts < 1) {
			throw new IllegalArgumentException("attempts must be at least 1");
		}
		this.attempts = attempts;
		this.firstPause = firstPause;
		this.longestPause = longestPause;
	}

	/** Eight attempts over about two minutes: 1, 2, 4, 8, 16, 32 and 60 seconds apart. */
	static StartRetries atSignUp() {
		return new StartRetries(8, Duration.ofSeconds(1), Duration.ofSeconds(60));
	}

	/**
	 * Runs the action until it returns, at most {@code attempts} times.
	 * @param what the start, for the log
	 * @return what the action returned
	 * @throws RuntimeException the last failure, once every attempt failed
	 * @throws InterruptedException when interrupted during a pause
	 */
	<T> T run(String what, Supplier<T> action) throws InterruptedException {
		Duration pause = this.firstPause;
		for (int attempt = 1;; attempt++) {
			try {
				return action.get();
			}
			catch (RuntimeException ex) {
				if (attempt >= this.attempts) {
					throw ex;
				}
				log.warn("Could not start {} (attempt {} of {}); trying again in {} ms", what, attempt, this.attempts,
						pause.toMillis(), ex);
				Thread.sleep(pause);
				pause = pause.multipliedBy(2);
				if (pause.compareTo(this.longestPause) > 0) {
					pause = this.longestPause;
				}
			}
		}
	}

}
