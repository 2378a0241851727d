package com.nexacrm.platform.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** In-process fixed windows, for a single instance without Redis. */
public class LocalRateLimiter implements RateLimiter {

	private static final int MAX_KEYS = 100_000;

	private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

	private final Clock clock;

	public LocalRateLimiter(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Window hit(String key, Duration window) {
		Instant now = this.clock.instant();
		if (this.counters.size() > MAX_KEYS) {
			this.counters.values().removeIf((counter) -> !counter.ends.isAfter(now));
		}
		Counter counter = this.counters.compute(key, (k, existing) -> (existing == null || !existing.ends.isAfter(now))
				? new Counter(1, now.plus(window)) : new Counter(existing.count + 1, existing.ends));
		return new Window(counter.count, Duration.between(now, counter.ends));
	}

	@Override
	public long count(String key) {
		Counter counter = this.counters.get(key);
		return (counter == null || !counter.ends.isAfter(this.clock.instant())) ? 0 : counter.count;
	}

	@Override
	public void reset(String key) {
		this.counters.remove(key);
	}

	private record Counter(long count, Instant ends) {
	}

}
