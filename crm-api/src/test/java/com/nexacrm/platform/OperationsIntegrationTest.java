package com.nexacrm.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ops see: health of every dependency, and structured logs carrying request and org
 * ids.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Test
	void healthReportsTheDatabaseTheEngineAndRedis() {
		JsonNode health = this.fixtures.anonymous().get("/actuator/health").json();

		assertThat(health.path("status").asText()).isEqualTo("UP");
		assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
		assertThat(health.at("/components/engine/status").asText()).isEqualTo("UP");
		assertThat(health.at("/components/engine/details/mode").asText()).isEqualTo("embedded");
		assertThat(health.at("/components/redis/status").asText()).isEqualTo("UP");
	}

	@Test
	void requestLogsCarryTheRequestIdAndTheOrgId(CapturedOutput output) {
		Org acme = this.fixtures.acmeOrg();

		ApiClient.Response response = acme.owner().get("/api/v1/teams");

		assertThat(response.status()).isEqualTo(200);
		String line = output.getOut()
			.lines()
			.filter((l) -> l.contains("GET /api/v1/teams -> 200") && l.contains(acme.id().toString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no request log line for the call"));
		assertThat(line).startsWith("{").contains("\"requestId\":\"").contains("\"orgId\":\"" + acme.id() + "\"");
	}

	@Test
	void everyResponseCarriesARequestIdThatProblemsRepeat() {
		ApiClient.Response response = this.fixtures.anonymous().get("/api/v1/teams");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().path("requestId").asText()).isNotBlank();
	}

}
