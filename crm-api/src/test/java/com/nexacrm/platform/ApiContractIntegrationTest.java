package com.nexacrm.platform;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Endpoints;
import com.nexacrm.support.Endpoints.Endpoint;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's contract holds for every endpoint: each declares how it is guarded, and the
 * OpenAPI document lists each with its security and its error responses.
 */
@IntegrationTest
class ApiContractIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mapping;

	@Test
	void everyApiEndpointDeclaresExactlyOneGuard() {
		List<Endpoint> endpoints = Endpoints.all(this.mapping);
		assertThat(endpoints).isNotEmpty();
		assertThat(endpoints).allSatisfy((endpoint) -> {
			int guards = ((endpoint.permission() != null) ? 1 : 0) + (endpoint.isSignedIn() ? 1 : 0)
					+ (endpoint.isPublic() ? 1 : 0);
			assertThat(guards).as("guards on %s", endpoint).isEqualTo(1);
			assertThat(endpoint.path()).as("versioned path").startsWith("/api/v1/");
		});
	}

	@Test
	void theOpenApiDocumentDescribesEveryEndpointWithSecurityAndErrors() {
		JsonNode document = this.fixtures.anonymous().get("/v3/api-docs").json();
		JsonNode schemes = document.at("/components/securitySchemes");
		assertThat(schemes.has("session")).isTrue();
		assertThat(schemes.has("apiKey")).isTrue();

		List<String> problems = new ArrayList<>();
		for (Endpoint endpoint : Endpoints.all(this.mapping)) {
			JsonNode operation = document.path("paths")
				.path(endpoint.path())
				.path(endpoint.method().name().toLowerCase());
			if (operation.isMissingNode()) {
				problems.add("missing " + endpoint);
				continue;
			}
			if (operation.path("summary").asText().isBlank()) {
				problems.add("no summary " + endpoint);
			}
			JsonNode responses = operation.path("responses");
			for (String status : List.of("400", "500")) {
				if (!responses.has(status)) {
					problems.add("no " + status + " on " + endpoint);
				}
			}
			if (!responses.path("400").path("content").has("application/problem+json")) {
				problems.add("400 is not a problem on " + endpoint);
			}
			if (!endpoint.isPublic()) {
				if (!responses.has("401") || !responses.has("403")) {
					problems.add("no 401/403 on " + endpoint);
				}
				if (operation.path("security").isEmpty()) {
					problems.add("no security on " + endpoint);
				}
			}
			if (endpoint.permission() != null) {
				String scopes = operation.path("security").toString();
				if (!scopes.contains(endpoint.permission().scope()) || !responses.has("404")) {
					problems.add("no scope or 404 on " + endpoint);
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void swaggerUiIsServed() {
		ApiClient.Response page = this.fixtures.anonymous().get("/swagger-ui/index.html");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).containsIgnoringCase("swagger");
	}

	@Test
	void theWebAppIsServedAtTheRootAndOnDeepLinks() {
		ApiClient.Response root = this.fixtures.anonymous().page("/");
		ApiClient.Response deep = this.fixtures.anonymous().page("/deals/42");

		assertThat(root.status()).isEqualTo(200);
		assertThat(root.body()).contains("<div id=\"root\"");
		assertThat(deep.status()).isEqualTo(200);
		assertThat(deep.body()).isEqualTo(root.body());
	}

}
