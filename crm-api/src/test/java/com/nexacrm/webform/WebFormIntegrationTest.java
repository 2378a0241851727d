package com.nexacrm.webform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A website's contact form becomes a routed lead; nothing else gets in. */
@IntegrationTest
class WebFormIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Test
	void aSubmissionBecomesALeadThatIsRoutedAndCarriesItsMessage() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		String url = form(acme, "Contact us");
		ApiClient visitor = this.fixtures.anonymous();

		var sent = visitor.post(url, Map.of("name", "Ada Lovelace", "email", "ada@engines.example", "company",
				"Analytical Engines", "message", "Please call me back"));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
		var posted = postForm(url, "name=Charles+Babbage&email=charles%40engines.example");
		assertThat(posted.statusCode()).isEqualTo(202);

		JsonNode ada = await().atMost(Duration.ofSeconds(30))
			.until(() -> lead(acme, "Ada Lovelace"), (lead) -> lead != null && lead.hasNonNull("ownerId"));
		assertThat(ada.path("source").asText()).isEqualTo("Web form: Contact us");
		assertThat(ada.path("companyName").asText()).isEqualTo("Analytical Engines");
		assertThat(StreamSupport
			.stream(acme.owner().get("/api/v1/leads/" + ada.path("id").asText() + "/timeline").json().spliterator(),
					false)
			.map((entry) -> entry.path("body").asText())).contains("Please call me back");
		assertThat(lead(acme, "Charles Babbage")).isNotNull();
		assertThat(acme.owner().get("/api/v1/web-forms").json().get(0).path("submissions").asLong()).isEqualTo(2);
	}

	@Test
	void badTokensBadInputSpamAndFloodsGetNothingIn() {
		Org acme = this.fixtures.acmeOrg();
		String url = form(acme, "Demo request");
		ApiClient visitor = this.fixtures.anonymous();

		assertThat(visitor.post(url.replace("nxf_", "nxf_x"), Map.of("name", "Eve")).status()).isEqualTo(404);
		assertThat(visitor.post("/api/v1/web-forms/nxk_nothing/submissions", Map.of("name", "Eve")).status())
			.isEqualTo(404);
		var invalid = visitor.post(url, Map.of("email", "no-name@example.com"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.isProblem()).isTrue();
		assertThat(visitor.post(url, Map.of("name", "Spam bot", "website", "http://spam.example")).status())
			.isEqualTo(202);
		assertThat(acme.owner().get("/api/v1/leads").json().path("items").size()).isZero();

		int accepted = 0;
		int limited = 0;
		for (int i = 0; i < WebFormController.PER_ADDRESS_PER_MINUTE + 3; i++) {
			int status = visitor.post(url, Map.of("name", "Flood " + i)).status();
			accepted += (status == 202) ? 1 : 0;
			limited += (status == 429) ? 1 : 0;
		}
		assertThat(limited).isGreaterThan(0);
		assertThat(accepted).isLessThanOrEqualTo(WebFormController.PER_ADDRESS_PER_MINUTE);
	}

	@Test
	void aRevokedFormAcceptsNothingAndAnotherOrgCannotRevokeIt() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		String url = form(acme, "Old form");
		String formId = acme.owner().get("/api/v1/web-forms").json().get(0).path("id").asText();

		assertThat(globex.owner().delete("/api/v1/web-forms/" + formId).status()).isEqualTo(404);
		assertThat(globex.owner().get("/api/v1/web-forms").json().size()).isZero();
		assertThat(this.fixtures.anonymous().post(url, Map.of("name", "Still works")).status()).isEqualTo(202);

		assertThat(acme.owner().delete("/api/v1/web-forms/" + formId).status()).isEqualTo(204);
		assertThat(this.fixtures.anonymous().post(url, Map.of("name", "Too late")).status()).isEqualTo(404);
	}

	private String form(Org org, String name) {
		var created = org.owner().post("/api/v1/web-forms", Map.of("name", name));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("token").asText()).startsWith("nxf_");
		return created.json().path("submitUrl").asText();
	}

	private JsonNode lead(Org org, String name) {
		for (JsonNode lead : org.owner().get("/api/v1/leads?limit=200").json().path("items")) {
			if (lead.path("name").asText().equals(name)) {
				return lead;
			}
		}
		return null;
	}

	private HttpResponse<String> postForm(String path, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.fixtures.port() + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
