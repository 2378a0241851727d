package com.nexacrm.security;

import com.nexacrm.tenant.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Endpoints;
import com.nexacrm.support.Endpoints.Endpoint;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role against every permission-guarded endpoint: 403 exactly where the matrix says
 * no. Ids are random, so an allowed call ends in 400 or 404 rather than changing
 * anything.
 */
@IntegrationTest
class RoleMatrixIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mapping;

	@Test
	void everyRoleIsAllowedExactlyWhatTheMatrixSays() {
		Org acme = this.fixtures.acmeOrg();
		Map<Role, ApiClient> clients = new LinkedHashMap<>();
		clients.put(Role.OWNER, acme.owner());
		for (Role role : List.of(Role.ADMIN, Role.MANAGER, Role.MEMBER, Role.VIEWER)) {
			clients.put(role, this.fixtures.memberOf(acme, role.name()).client());
		}
		List<Endpoint> guarded = Endpoints.all(this.mapping)
			.stream()
			.filter((endpoint) -> endpoint.permission() != null)
			// leaving works for every role and would end the member's access for the rest
			// of the test
			.filter((endpoint) -> !endpoint.path().endsWith("/leave"))
			.toList();
		assertThat(guarded).hasSizeGreaterThan(15);

		List<String> mismatches = new ArrayList<>();
		for (Endpoint endpoint : guarded) {
			String path = endpoint.withRandomIds();
			for (var entry : clients.entrySet()) {
				ApiClient.Response response = entry.getValue()
					.send(endpoint.method().name(), path, hasBody(endpoint) ? "{}" : null, "application/json");
				boolean allowed = entry.getKey().can(endpoint.permission());
				boolean forbidden = response.status() == 403 && response.problem().equals("forbidden");
				if (allowed == forbidden) {
					mismatches.add(entry.getKey() + " " + endpoint + " -> " + response);
				}
			}
		}
		assertThat(mismatches).isEmpty();
	}

	@Test
	void anApiKeyIsAllowedExactlyItsScopes() {
		Org acme = this.fixtures.acmeOrg();
		ApiClient.Response created = acme.owner()
			.post("/api/v1/api-keys", Map.of("name", "reporting", "scopes", List.of("team:read", "member:read")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		ApiClient key = ApiClient.withApiKey(this.fixtures.port(), created.json().path("token").asText());

		assertThat(key.get("/api/v1/teams").status()).isEqualTo(200);
		assertThat(key.get("/api/v1/members").status()).isEqualTo(200);
		ApiClient.Response write = key.post("/api/v1/teams", Map.of("name", "by key"));
		assertThat(write.status()).isEqualTo(403);
		assertThat(write.json().path("detail").asText()).contains("team:create");
		assertThat(key.get("/api/v1/api-keys").status()).isEqualTo(403);
		assertThat(key.get("/api/v1/session").status()).isEqualTo(403);
	}

	@Test
	void aKeyCannotBeGivenAScopeItsCreatorLacks() {
		Org acme = this.fixtures.acmeOrg();
		Fixtures.Member admin = this.fixtures.memberOf(acme, "ADMIN");

		ApiClient.Response response = admin.client()
			.post("/api/v1/api-keys", Map.of("name", "billing", "scopes", List.of("manage-billing")));

		assertThat(response.status()).isEqualTo(403);
	}

	private static boolean hasBody(Endpoint endpoint) {
		return switch (endpoint.method()) {
			case POST, PUT, PATCH -> endpoint.handler().getMethodParameters().length > 0 && java.util.Arrays
				.stream(endpoint.handler().getMethodParameters())
				.anyMatch((p) -> p.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class));
			default -> false;
		};
	}

}
