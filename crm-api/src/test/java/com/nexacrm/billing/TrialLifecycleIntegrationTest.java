package com.nexacrm.billing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;

import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two trials run their course on the embedded engine, its clock moved forward: Acme is
 * reminded on day 10 and day 13, then becomes read-only on day 14 and its owner is told;
 * Globex pays during the trial and keeps writing after day 14.
 *
 * <p>
 * Moving the engine's clock affects every trial in that engine, so this test has an app
 * (and engine) of its own, and that app does not bring other apps' trials into its engine
 * at start.
 */
@IntegrationTest
// a second app on the shared test database: it must not bring the first app's records
// under its engine
@TestPropertySource(
		properties = { "nexacrm.billing.recover-trials-on-start=false", "nexacrm.automation.recover-on-start=false" })
// and it must not outlive this class: left running in the context cache, its start queue
// took the shared app's queued starts into its own engine whenever it polled first
@DirtiesContext
class TrialLifecycleIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private ZeebeTestEngine engine;

	@Test
	void anUnpaidTrialIsRemindedThenExpiresToReadOnlyWhileAPaidOneGoesOn() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		await().atMost(WAIT)
			.until(() -> billing(acme).path("hasBillingCustomer").asBoolean()
					&& billing(globex).path("hasBillingCustomer").asBoolean());
		assertThat(billing(acme).path("status").asText()).isEqualTo("TRIALING");

		ApiClient.Response paid = globex.owner()
			.post("/api/v1/billing/payments", Map.of("amountCents", 4900, "currency", "EUR"));
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
		await().atMost(WAIT).until(() -> "ACTIVE".equals(billing(globex).path("status").asText()));

		this.engine.increaseTime(Duration.ofDays(9));
		assertThat(trialEmails(acme)).isEmpty();

		this.engine.increaseTime(Duration.ofDays(1).plusHours(1));
		await().atMost(WAIT).until(() -> trialEmails(acme).contains("trial-ending-soon"));
		assertThat(billing(acme).path("status").asText()).isEqualTo("TRIALING");

		this.engine.increaseTime(Duration.ofDays(3));
		await().atMost(WAIT).until(() -> trialEmails(acme).contains("trial-ends-tomorrow"));
		assertThat(acme.owner().post("/api/v1/leads", Map.of("name", "Still writable")).status()).isEqualTo(201);

		this.engine.increaseTime(Duration.ofDays(1));
		await().atMost(WAIT).until(() -> trialEmails(acme).contains("trial-expired"));

		assertThat(trialEmails(acme)).containsExactlyInAnyOrder("trial-ending-soon", "trial-ends-tomorrow",
				"trial-expired");
		JsonNode expired = billing(acme);
		assertThat(expired.path("status").asText()).isEqualTo("EXPIRED");
		assertThat(expired.path("readOnly").asBoolean()).isTrue();
		long leads = leadsOf(acme);
		ApiClient.Response refused = acme.owner().post("/api/v1/leads", Map.of("name", "Too late"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.problem()).isEqualTo("organization-read-only");
		assertThat(leadsOf(acme)).isEqualTo(leads);
		assertThat(acme.owner().get("/api/v1/leads").status()).isEqualTo(200);

		assertThat(trialEmails(globex)).isEmpty();
		assertThat(billing(globex).path("status").asText()).isEqualTo("ACTIVE");
		assertThat(globex.owner().post("/api/v1/leads", Map.of("name", "Paid up")).status()).isEqualTo(201);
		for (Org org : List.of(acme, globex)) {
			assertThat(this.owner.jdbc()
				.queryForObject("select count(*) from billing_local_customer where org_id = ?", Long.class, org.id()))
				.as("customers of %s", org.name())
				.isEqualTo(1L);
		}
	}

	private JsonNode billing(Org org) {
		ApiClient.Response response = org.owner().get("/api/v1/billing");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	/** The templates of the trial emails in the organisation's outbox. */
	private List<String> trialEmails(Org org) {
		return StreamSupport.stream(org.owner().get("/api/v1/outbox?limit=200").json().spliterator(), false)
			.map((email) -> email.path("template").asText())
			.filter((template) -> template.startsWith("trial-"))
			.toList();
	}

	private long leadsOf(Org org) {
		return this.owner.jdbc().queryForObject("select count(*) from lead where org_id = ?", Long.class, org.id());
	}

}
