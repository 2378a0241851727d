package com.nexacrm.automation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexacrm.NexaCrmApplication;
import com.nexacrm.process.ProcessStarter;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded engine forgets every definition on restart: at start-up the app deploys
 * each organisation's active version again, so the organisation's next instance still
 * runs its own version.
 */
class TenantProcessRestartIntegrationTest {

	@TempDir
	Path data;

	@Test
	void anOrganisationsActiveVersionIsDeployedAgainWhenTheAppStarts() {
		String email = Fixtures.uniqueEmail("designer");
		UUID orgId;
		UUID ownerId;
		try (ConfigurableApplicationContext first = start()) {
			ApiClient browser = new ApiClient(port(first));
			ApiClient.Response signUp = browser.post("/api/v1/signup", Map.of("email", email, "password",
					Fixtures.PASSWORD, "name", "Designer", "organizationName", "Designer Ltd"));
			assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
			orgId = UUID.fromString(signUp.json().at("/activeOrganization/id").asText());
			ownerId = UUID.fromString(signUp.json().at("/user/id").asText());
			String shipped = browser.get("/api/v1/automation/processes/onboarding/bpmn").body();
			ApiClient.Response deployed = browser.raw("POST", "/api/v1/automation/processes/onboarding/versions",
					TenantProcessVersionsIntegrationTest.withWelcomeTemplate(shipped, "trial-ending-soon"),
					"application/xml");
			assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
		}

		try (ConfigurableApplicationContext second = start()) {
			String engineId = EngineProcessIds.of(orgId, "onboarding");
			ZeebeTestEngine engine = second.getBean(ZeebeTestEngine.class);
			// deployed by the app once started, before any instance asks for it
			await().atMost(Duration.ofSeconds(30))
				.until(() -> StreamSupport
					.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(engine))
						.processRecords()
						.spliterator(), false)
					.anyMatch((process) -> process.getValue().getBpmnProcessId().equals(engineId)));

			long instance = Tenancy.run(TenantContext.system(orgId), () -> second.getBean(ProcessStarter.class)
				.start("onboarding", "test:" + UUID.randomUUID(),
						Map.of("ownerUserId", ownerId.toString(), "checklistKey", UUID.randomUUID().toString())));

			assertThat(StreamSupport
				.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(engine))
					.processInstanceRecords()
					.spliterator(), false)
				.filter((record) -> record.getKey() == instance
						&& record.getValue().getBpmnElementType() == BpmnElementType.PROCESS)
				.findFirst()
				.orElseThrow()
				.getValue()
				.getBpmnProcessId()).isEqualTo(engineId);
			ApiClient browser = new ApiClient(port(second));
			assertThat(browser.post("/api/v1/session", Map.of("email", email, "password", Fixtures.PASSWORD)).status())
				.isEqualTo(200);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> browser.get("/api/v1/outbox")
					.json()
					.findValuesAsText("template")
					.contains("trial-ending-soon"));
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(NexaCrmApplication.class).run("--server.port=0", "--nexacrm.database.url=",
				"--nexacrm.redis.url=", "--nexacrm.engine.embedded-port=0", "--nexacrm.engine.keep-record-history=true",
				"--nexacrm.database.embedded.data-directory=" + this.data.resolve("postgres"),
				"--logging.structured.format.console=ecs");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
