package com.nexacrm.integration;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import org.junit.jupiter.api.Test;

import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.workers.activity.DealTimeline;
import com.nexacrm.workers.slack.DealSummaries;
import com.nexacrm.workers.slack.SlackConnections;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connecting Slack under /api/v1/integrations/slack: the token is stored encrypted and
 * never shown, the onboarding checklist is ticked, another organisation sees and removes
 * nothing, bad input writes nothing. Also the ports the Slack and timeline workers call.
 */
@IntegrationTest
class SlackConnectionIntegrationTest {

	private static final String SLACK = "/api/v1/integrations/slack";

	private static final String TOKEN = "xoxb-1234567890-abcdefghijkl";

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private ZeebeTestEngine engine;

	@Autowired
	private SlackConnections connections;

	@Autowired
	private DealSummaries deals;

	@Autowired
	private DealTimeline timeline;

	@Test
	void anOwnerConnectsSlackAndTheTokenIsNeverShownNorStoredInClear() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		assertThat(acme.owner().get(SLACK).json().path("connected").asBoolean()).isFalse();

		ApiClient.Response connected = acme.owner().put(SLACK, Map.of("botToken", TOKEN, "channel", "#wins"));

		assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
		assertThat(connected.json().path("connected").asBoolean()).isTrue();
		assertThat(connected.json().path("channel").asText()).isEqualTo("#wins");
		assertThat(connected.json().path("tokenLast4").asText()).isEqualTo("ijkl");
		assertThat(connected.body()).doesNotContain(TOKEN);
		assertThat(acme.owner().get(SLACK).body()).doesNotContain(TOKEN).contains("#wins");
		byte[] stored = this.owner.jdbc()
			.queryForObject("select bot_token from slack_connection where org_id = ?", byte[].class, acme.id());
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("xoxb-");
		var seenByWorker = Tenancy.call(TenantContext.system(acme.id()), () -> this.connections.current());
		assertThat(seenByWorker).contains(new SlackConnections.Connection(TOKEN, "#wins"));
	}

	@Test
	void connectingTicksTheSlackItemOfTheOnboardingChecklist() {
		Org acme = this.fixtures.acmeOrg();
		acme.owner().put(SLACK, Map.of("botToken", TOKEN, "channel", "wins"));
		acme.owner().put(SLACK, Map.of("botToken", TOKEN, "channel", "wins-2"));

		String bound = "select process_instance_key from process_instance_owner where org_id = ? "
				+ "and bpmn_process_id = 'onboarding'";
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.owner.jdbc().queryForList(bound, Long.class, acme.id()).isEmpty());
		long onboarding = this.owner.jdbc().queryForObject(bound, Long.class, acme.id());
		await().atMost(Duration.ofSeconds(30)).until(() -> completed(onboarding, "msg_slack_connected"));
		var published = StreamSupport.stream(
				RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine)).messageRecords().spliterator(),
				false)
			.filter((r) -> r.getIntent() == MessageIntent.PUBLISHED
					&& r.getValue().getCorrelationKey().equals(checklistKeyOf(acme))
					&& r.getValue().getName().equals("checklist-slack-connected"))
			.toList();
		assertThat(published).hasSize(1);
		assertThat(published.get(0).getValue().getMessageId()).startsWith("checklist-slack-connected:checklist:")
			.doesNotContain(acme.id().toString());
		assertThat(published.get(0).getValue().getTimeToLive()).isEqualTo(Duration.ofDays(30).toMillis());
		// the tick comes from the audit entries that every connection writes
		assertThat(this.owner.jdbc()
			.queryForList(
					"select action from audit_log where org_id = ? and entity = 'slack-connection' order by occurred_at",
					String.class, acme.id()))
			.containsExactly("connected", "connected");
	}

	@Test
	void anotherOrganisationNeitherSeesNorRemovesTheConnection() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		acme.owner().put(SLACK, Map.of("botToken", TOKEN, "channel", "#acme-wins"));

		assertThat(globex.owner().get(SLACK).json().path("connected").asBoolean()).isFalse();
		assertThat(globex.owner().get(SLACK).body()).doesNotContain("acme-wins");
		ApiClient.Response removed = globex.owner().delete(SLACK);
		assertThat(removed.status()).isEqualTo(404);
		assertThat(removed.isProblem()).isTrue();
		assertThat(acme.owner().get(SLACK).json().path("channel").asText()).isEqualTo("#acme-wins");

		assertThat(acme.owner().delete(SLACK).status()).isEqualTo(204);
		assertThat(acme.owner().get(SLACK).json().path("connected").asBoolean()).isFalse();
		assertThat(acme.owner().delete(SLACK).status()).isEqualTo(404);
	}

	@Test
	void aMemberCannotConnectSlack() {
		Org acme = this.fixtures.acmeOrg();
		Fixtures.Member rep = this.fixtures.memberOf(acme, "MEMBER");

		ApiClient.Response response = rep.client().put(SLACK, Map.of("botToken", TOKEN, "channel", "#wins"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(acme.owner().get(SLACK).json().path("connected").asBoolean()).isFalse();
	}

	@Test
	void badInputIsAProblemAndWritesNothing() {
		Org acme = this.fixtures.acmeOrg();
		long before = this.owner.count("slack_connection");

		for (Object body : new Object[] { Map.of("channel", "#wins"), Map.of("botToken", TOKEN),
				Map.of("botToken", "not-a-token", "channel", "#wins"),
				Map.of("botToken", TOKEN, "channel", "two words"),
				Map.of("botToken", "xoxb-" + "a".repeat(300), "channel", "#wins"),
				Map.of("botToken", TOKEN, "channel", "#" + "c".repeat(100)),
				Map.of("botToken", TOKEN, "channel", "#wins", "orgId", UUID.randomUUID().toString()) }) {
			ApiClient.Response response = acme.owner().put(SLACK, body);
			assertThat(response.status()).as(body.toString()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body()).doesNotContain(TOKEN);
		}
		ApiClient.Response malformed = acme.owner().raw("PUT", SLACK, "{\"botToken\": ", "application/json");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.isProblem()).isTrue();

		assertThat(this.owner.count("slack_connection")).isEqualTo(before);
		assertThat(acme.owner().get(SLACK).json().path("connected").asBoolean()).isFalse();
	}

	@Test
	void theTimelinePortAddsOneActivityPerJobAndTheSummaryNamesTheOwner() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		String deal = acme.owner()
			.post("/api/v1/deals",
					Map.of("title", "Acme renewal", "amount", 4200, "currency", "EUR", "ownerId",
							acme.ownerId().toString()))
			.json()
			.path("id")
			.asText();
		UUID dealId = UUID.fromString(deal);

		Tenancy.call(TenantContext.system(acme.id()), () -> {
			assertThat(this.timeline.recordSystemActivity(dealId, DealTimeline.ActivityType.SLACK_SKIPPED, "job:7"))
				.isTrue();
			assertThat(this.timeline.recordSystemActivity(dealId, DealTimeline.ActivityType.SLACK_SKIPPED, "job:7"))
				.isTrue();
			assertThat(this.timeline.recordSystemActivity(UUID.randomUUID(), DealTimeline.ActivityType.SLACK_SKIPPED,
					"job:8"))
				.isFalse();
			var summary = this.deals.find(dealId).orElseThrow();
			assertThat(summary.name()).isEqualTo("Acme renewal");
			assertThat(summary.amount()).isEqualByComparingTo("4200");
			assertThat(summary.ownerName()).isNotBlank();
			return null;
		});

		var activities = acme.owner().get("/api/v1/deals/" + deal + "/timeline").json();
		var skipped = StreamSupport.stream(activities.spliterator(), false)
			.filter((a) -> "slack-skipped".equals(a.path("data").path("activityType").asText()))
			.toList();
		assertThat(skipped).hasSize(1);
		assertThat(skipped.get(0).path("kind").asText()).isEqualTo("SYSTEM");
	}

	private boolean completed(long instance, String elementId) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.anyMatch((r) -> r.getValue().getProcessInstanceKey() == instance
					&& r.getValue().getElementId().equals(elementId)
					&& r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
	}

	private String checklistKeyOf(Org org) {
		return "checklist:" + this.owner.jdbc()
			.queryForObject("select checklist_key from organization where org_id = ?", java.util.UUID.class, org.id());
	}

}
