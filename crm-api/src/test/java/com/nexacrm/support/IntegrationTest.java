package com.nexacrm.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole app on a random port against the machine's PostgreSQL and Redis (the build
 * passes {@code DATABASE_URL} and {@code REDIS_URL}), with its own embedded Zeebe engine
 * on a free port. All integration tests share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "nexacrm.engine.embedded-port=0", "logging.structured.format.console=ecs",
				// tests read the engine's history (EngineRecords)
				"nexacrm.engine.keep-record-history=true",
				// every test client signs in from 127.0.0.1
				"nexacrm.login.max-failures-per-address=100000" })
@Import({ Fixtures.class, OwnerDatabase.class, RecordedEvents.class })
public @interface IntegrationTest {

}
