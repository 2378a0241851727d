package com.nexacrm.platform.ratelimit;

import java.time.Clock;

import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Redis only when {@code REDIS_URL} is set; otherwise limits live in process memory,
 * which is right for one instance and wrong for several (a warning says so).
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("!'${nexacrm.redis.url:}'.isBlank()")
	static class WithRedis {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(@Value("${nexacrm.redis.url}") String url) {
			RedisURI uri = RedisURI.create(url);
			RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
			configuration.setDatabase(uri.getDatabase());
			if (uri.getPassword() != null) {
				configuration.setPassword(uri.getPassword());
			}
			if (uri.getUsername() != null) {
				configuration.setUsername(uri.getUsername());
			}
			return new LettuceConnectionFactory(configuration);
		}

		@Bean
		StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory factory) {
			return new StringRedisTemplate(factory);
		}

		@Bean
		RateLimiter redisRateLimiter(StringRedisTemplate redis) {
			return new RedisRateLimiter(redis, "nexacrm:limit:");
		}

	}

	@Bean
	@ConditionalOnMissingBean(RateLimiter.class)
	RateLimiter localRateLimiter() {
		log.warn("REDIS_URL is not set: rate limits are kept in this process only. Set REDIS_URL when running "
				+ "more than one instance.");
		return new LocalRateLimiter(Clock.systemUTC());
	}

}
