package com.nexacrm.platform.ratelimit;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Fixed windows in Redis: one INCR and, on the first hit, the expiry, in one atomic
 * script.
 */
public class RedisRateLimiter implements RateLimiter {

	private static final RedisScript<List> HIT = RedisScript.of("""
			local n = redis.call('INCR', KEYS[1])
			if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return {n, redis.call('PTTL', KEYS[1])}
			""", List.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	public RedisRateLimiter(StringRedisTemplate redis, String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	@Override
	public Window hit(String key, Duration window) {
		List<?> result = this.redis.execute(HIT, List.of(this.prefix + key), Long.toString(window.toMillis()));
		long count = ((Number) result.get(0)).longValue();
		long ttl = Math.max(0, ((Number) result.get(1)).longValue());
		return new Window(count, Duration.ofMillis(ttl));
	}

	@Override
	public long count(String key) {
		String value = this.redis.opsForValue().get(this.prefix + key);
		return (value == null) ? 0 : Long.parseLong(value);
	}

	@Override
	public void reset(String key) {
		this.redis.delete(this.prefix + key);
	}

}
