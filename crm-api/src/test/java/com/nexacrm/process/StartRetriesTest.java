package com.nexacrm.process;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartRetriesTest {

	private final StartRetries retries = new StartRetries(4, Duration.ofMillis(1), Duration.ofMillis(2));

	@Test
	void aStartThatFailsTwiceIsTriedAgainUntilItSucceeds() throws InterruptedException {
		AtomicInteger calls = new AtomicInteger();
		long key = this.retries.run("a start", () -> {
			if (calls.incrementAndGet() < 3) {
				throw new IllegalStateException("engine away");
			}
			return 42L;
		});
		assertThat(key).isEqualTo(42L);
		assertThat(calls).hasValue(3);
	}

	@Test
	void aStartThatAlwaysFailsIsTriedTheBoundedNumberOfTimesAndItsLastFailureThrown() {
		AtomicInteger calls = new AtomicInteger();
		assertThatThrownBy(() -> this.retries.run("a start", () -> {
			throw new IllegalStateException("engine away " + calls.incrementAndGet());
		})).isInstanceOf(IllegalStateException.class).hasMessage("engine away 4");
		assertThat(calls).hasValue(4);
	}

	@Test
	void aStartThatSucceedsAtOnceRunsOnce() throws InterruptedException {
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.retries.run("a start", calls::incrementAndGet)).isEqualTo(1);
		assertThat(calls).hasValue(1);
	}

	@Test
	void noAttemptsIsRefused() {
		assertThatThrownBy(() -> new StartRetries(0, Duration.ZERO, Duration.ZERO))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
