package com.nexacrm.platform;

import java.nio.file.Path;
import java.util.Map;

import com.nexacrm.NexaCrmApplication;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run command's mode: no DATABASE_URL, no Redis, the app starts its own PostgreSQL
 * under the data directory and its own engine. What a user did before a restart is there
 * after it.
 */
class EmbeddedRestartIntegrationTest {

	@TempDir
	Path data;

	@Test
	void dataCreatedBeforeARestartIsThereAfterIt() {
		String email = Fixtures.uniqueEmail("restart");
		String teamId;
		try (ConfigurableApplicationContext first = start()) {
			ApiClient browser = new ApiClient(port(first));
			ApiClient.Response signUp = browser.post("/api/v1/signup", Map.of("email", email, "password",
					Fixtures.PASSWORD, "name", "Restart", "organizationName", "Restart Ltd"));
			assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
			teamId = browser.post("/api/v1/teams", Map.of("name", "Survivors")).json().path("id").asText();
			assertThat(browser.get("/actuator/health").json().at("/components/db/status").asText()).isEqualTo("UP");
		}

		try (ConfigurableApplicationContext second = start()) {
			ApiClient browser = new ApiClient(port(second));
			ApiClient.Response login = browser.post("/api/v1/session",
					Map.of("email", email, "password", Fixtures.PASSWORD));
			assertThat(login.status()).as(login.toString()).isEqualTo(200);
			assertThat(login.json().at("/activeOrganization/name").asText()).isEqualTo("Restart Ltd");
			assertThat(browser.get("/api/v1/teams/" + teamId).json().path("name").asText()).isEqualTo("Survivors");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(NexaCrmApplication.class).run("--server.port=0", "--nexacrm.database.url=",
				"--nexacrm.redis.url=", "--nexacrm.engine.embedded-port=0",
				"--nexacrm.database.embedded.data-directory=" + this.data.resolve("postgres"),
				"--logging.structured.format.console=ecs");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
