package com.nexacrm.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import org.junit.jupiter.api.Test;

import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.workers.LocalHttpApi;
import com.nexacrm.support.LocalSlackApi;
import com.nexacrm.support.OwnerDatabase;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A won deal end to end on the embedded engine: a deal created on the board and moved to
 * its won stage is posted to the organisation's Slack channel (Slack's SDK pointed at a
 * local server speaking Slack's API) and the thank-you email lands in the outbox; without
 * a Slack connection the deal's timeline says the post was skipped.
 */
@IntegrationTest
class DealWonIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private ZeebeTestEngine engine;

	@Test
	void aWonDealIsPostedToSlackOnceAndTheThankYouEmailLandsInTheOutbox() {
		Org acme = this.fixtures.acmeOrg();
		acme.owner()
			.put("/api/v1/integrations/slack", Map.of("botToken", "xoxb-111-222-acmetoken", "channel", "#wins"));
		String title = "Acme Rocket Skates " + UUID.randomUUID();
		String deal = dealOf(acme, title);

		wonDeal(acme, deal);

		await().atMost(Duration.ofSeconds(30)).until(() -> postsAbout(title).size() == 1);
		var post = postsAbout(title).get(0);
		assertThat(post.headers().get("authorization")).isEqualTo("Bearer xoxb-111-222-acmetoken");
		assertThat(post.formField("channel")).isEqualTo("#wins");
		assertThat(post.formField("text")).contains("9,999.00 USD");
		await().atMost(Duration.ofSeconds(30)).until(() -> outboxEmail(acme, "deal-won-thank-you") != null);
		JsonNode email = outboxEmail(acme, "deal-won-thank-you");
		assertThat(email.path("to").asText()).isEqualTo(acme.ownerEmail());
		assertThat(email.path("status").asText()).isEqualTo("QUEUED");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.owner.jdbc()
				.queryForObject("select count(*) from slack_post where org_id = ?", Long.class, acme.id()) == 1);
		assertThat(postsAbout(title)).hasSize(1);
		assertThat(timeline(acme, deal)).doesNotContain("slack-skipped");
	}

	@Test
	void withoutSlackTheWonDealsTimelineRecordsTheSkippedPost() {
		Org globex = this.fixtures.globexOrg();
		String title = "Globex Doomsday Device " + UUID.randomUUID();
		String deal = dealOf(globex, title);

		wonDeal(globex, deal);

		await().atMost(Duration.ofSeconds(30)).until(() -> timeline(globex, deal).contains("slack-skipped"));
		assertThat(timeline(globex, deal)).containsOnlyOnce("slack-skipped");
		assertThat(postsAbout(title)).isEmpty();
	}

	private String dealOf(Org org, String title) {
		var response = org.owner()
			.post("/api/v1/deals",
					Map.of("title", title, "amount", 9999, "currency", "USD", "ownerId", org.ownerId().toString()));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("id").asText();
	}

	/**
	 * Moves the deal to the pipeline's won stage on the kanban, once its lead-to-close
	 * instance waits in its first stage.
	 */
	private void wonDeal(Org org, String dealId) {
		long instance = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.owner.jdbc()
				.queryForList("select process_instance_key from process_instance_owner where org_id = ? "
						+ "and business_key = ?", Long.class, org.id(), "deal:" + dealId),
					(keys) -> keys.size() == 1)
			.get(0);
		await().atMost(Duration.ofSeconds(60)).until(() -> activated(instance, "gateway_wait_in_stage"));
		JsonNode deal = org.owner().get("/api/v1/deals/" + dealId).json();
		String wonStage = StreamSupport
			.stream(org.owner().get("/api/v1/pipelines").json().get(0).path("stages").spliterator(), false)
			.filter((stage) -> "WON".equals(stage.path("kind").asText()))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asText();
		var moved = org.owner()
			.post("/api/v1/deals/" + dealId + "/move",
					Map.of("stageId", wonStage, "version", deal.path("version").asInt()));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
	}

	private boolean activated(long instance, String elementId) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.anyMatch((r) -> r.getValue().getProcessInstanceKey() == instance
					&& r.getValue().getElementId().equals(elementId)
					&& r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED);
	}

	private static List<LocalHttpApi.Request> postsAbout(String dealTitle) {
		return LocalSlackApi.server()
			.requests(LocalSlackApi.POST_MESSAGE)
			.stream()
			.filter((r) -> r.answered() == 200 && r.formField("text") != null
					&& r.formField("text").contains(dealTitle))
			.toList();
	}

	private static JsonNode outboxEmail(Org org, String template) {
		return StreamSupport.stream(org.owner().get("/api/v1/outbox").json().spliterator(), false)
			.filter((e) -> template.equals(e.path("template").asText()))
			.findFirst()
			.orElse(null);
	}

	private static List<String> timeline(Org org, String dealId) {
		return StreamSupport
			.stream(org.owner().get("/api/v1/deals/" + dealId + "/timeline").json().spliterator(), false)
			.map((a) -> a.path("data").path("activityType").asText())
			.toList();
	}

}
