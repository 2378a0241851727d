package com.nexacrm.apikey;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ApiKeysIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Test
	void aKeyIsShownOnceStoredHashedAndRecordsItsLastUse() {
		Org acme = this.fixtures.acmeOrg();

		ApiClient.Response created = acme.owner()
			.post("/api/v1/api-keys", Map.of("name", "zapier", "scopes", List.of("team:read")));
		String token = created.json().path("token").asText();
		String id = created.json().at("/key/id").asText();

		assertThat(created.status()).isEqualTo(201);
		assertThat(token).startsWith("nxk_");
		JsonNode listed = acme.owner().get("/api/v1/api-keys").json().get(0);
		assertThat(listed.toString()).doesNotContain(token);
		assertThat(listed.path("scopes").get(0).asText()).isEqualTo("team:read");
		assertThat(listed.path("lastUsedAt").isMissingNode()).isTrue();
		byte[] stored = this.owner.jdbc()
			.queryForObject("select secret_hash from api_key where api_key_id = ?::uuid", byte[].class, id);
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(token.substring(4));

		assertThat(ApiClient.withApiKey(this.fixtures.port(), token).get("/api/v1/teams").status()).isEqualTo(200);

		assertThat(acme.owner().get("/api/v1/api-keys").json().get(0).path("lastUsedAt").isMissingNode()).isFalse();
	}

	@Test
	void unknownScopesAreRefused() {
		Org acme = this.fixtures.acmeOrg();
		long keys = this.owner.count("api_key");

		ApiClient.Response response = acme.owner()
			.post("/api/v1/api-keys", Map.of("name", "bad", "scopes", List.of("everything")));

		assertThat(response.status()).isEqualTo(400);
		assertThat(this.owner.count("api_key")).isEqualTo(keys);
	}

}
