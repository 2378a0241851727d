package com.nexacrm.sales;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import org.junit.jupiter.api.Test;

import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Member;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.workers.sales.SalesSteps;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lead-to-close driven by the app: a new lead gets its instance, is routed and scored by
 * the workers and waits at its qualification task with the org's SLA; qualified, it
 * becomes a deal whose stage changes on the kanban drive the same instance; after an
 * engine restart open records come back where they stand, once.
 */
@IntegrationTest
class LeadToCloseIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private CamundaClient client;

	@Autowired
	private ZeebeTestEngine engine;

	@Autowired
	private SalesSteps steps;

	@Autowired
	private com.zaxxer.hikari.HikariDataSource dataSource;

	@Autowired
	private ProcessRecovery recovery;

	@Test
	void aNewLeadIsRoutedPastAbsentRepsScoredAndWaitsForQualificationWithItsSla() {
		Org acme = this.fixtures.acmeOrg();
		Member rep = this.fixtures.memberOf(acme, "MEMBER");
		Member away = this.fixtures.memberOf(acme, "MEMBER");
		assertThat(acme.owner().put("/api/v1/members/" + away.id() + "/availability", Map.of("absent", true)).status())
			.isEqualTo(200);

		List<UUID> owners = new java.util.ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String leadId = createLead(acme, "Lead " + i, "ceo" + i + "@bigcorp.example", "Event");
			JsonNode lead = awaitLead(acme, leadId, (l) -> l.hasNonNull("ownerId") && l.hasNonNull("score"));
			owners.add(UUID.fromString(lead.path("ownerId").asText()));
			// base 10, email 15, business domain 15, phone, company, title 10 each, event
			// 20
			assertThat(lead.path("score").asInt()).isEqualTo(90);
			assertThat(lead.path("status").asText()).isEqualTo("WORKING");
		}
		// round-robin between the owner and the rep; the absent rep gets nothing
		assertThat(owners).doesNotContain(away.id());
		assertThat(owners).containsOnly(acme.ownerId(), rep.id());
		assertThat(owners.get(0)).isNotEqualTo(owners.get(1));
		assertThat(owners.get(2)).isEqualTo(owners.get(0));

		long instance = instanceOf("lead:" + lastLead);
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(instance, "task_qualify_lead"));
		var vars = variablesAtStart(instance);
		// a lead a rep types in is theirs: scored, not routed
		var typed = acme.owner().post("/api/v1/leads", Map.of("name", "Typed in"));
		String typedId = typed.json().path("id").asText();
		assertThat(awaitLead(acme, typedId, (l) -> l.hasNonNull("score")).path("ownerId").asText())
			.isEqualTo(acme.ownerId().toString());
		long typedInstance = instanceOf("lead:" + typedId);
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(typedInstance, "task_qualify_lead"));
		assertThat(activated(typedInstance, "task_route_lead")).isFalse();
		assertThat(vars).containsKeys("slaDuration", "qualifyDueDate", "slaHours");
		assertThat(OffsetDateTime.parse((String) vars.get("qualifyDueDate"))).isAfter(OffsetDateTime.now());
	}

	@Test
	void roundRobinSkipsARepAtCapacity() {
		Org acme = this.fixtures.acmeOrg();
		Member rep = this.fixtures.memberOf(acme, "MEMBER");
		settings(acme, "ROUND_ROBIN");
		assertThat(acme.owner()
			.put("/api/v1/members/" + rep.id() + "/availability", Map.of("absent", false, "capacity", 1))
			.status()).isEqualTo(200);

		List<String> owners = new java.util.ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String lead = createLead(acme, "Turn " + i, null, null);
			// one at a time, so each routing sees the leads routed before it
			owners.add(awaitLead(acme, lead, (l) -> l.hasNonNull("ownerId")).path("ownerId").asText());
		}
		// round-robin would give the rep two of four; at capacity 1 the owner takes the
		// rest
		assertThat(owners.stream().filter(rep.id().toString()::equals).count()).isEqualTo(1);
		assertThat(owners.stream().filter(acme.ownerId().toString()::equals).count()).isEqualTo(3);
	}

	@Test
	void capacityAndLeastLoadedRoutingAndNobodyLeftGoesToTheManagers() {
		Org acme = this.fixtures.acmeOrg();
		Member rep = this.fixtures.memberOf(acme, "MEMBER");
		settings(acme, "LEAST_LOADED");
		assertThat(acme.owner()
			.put("/api/v1/members/" + rep.id() + "/availability", Map.of("absent", false, "capacity", 1))
			.status()).isEqualTo(200);

		String first = createLead(acme, "First", null, null);
		String second = createLead(acme, "Second", null, null);
		String third = createLead(acme, "Third", null, null);
		List<String> owners = List.of(first, second, third)
			.stream()
			.map((id) -> awaitLead(acme, id, (l) -> l.hasNonNull("ownerId")).path("ownerId").asText())
			.toList();
		// the rep takes one lead at most; the owner the rest
		assertThat(owners.stream().filter(rep.id().toString()::equals).count()).isEqualTo(1);
		assertThat(owners.stream().filter(acme.ownerId().toString()::equals).count()).isEqualTo(2);

		// everyone away: the lead waits for a manager to assign it
		acme.owner().put("/api/v1/members/" + acme.ownerId() + "/availability", Map.of("absent", true));
		String orphan = createLead(acme, "Orphan", null, null);
		long instance = await().atMost(Duration.ofSeconds(30))
			.until(() -> boundInstance("lead:" + orphan), Optional::isPresent)
			.get();
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(instance, "task_assign_lead"));
		assertThat(awaitLead(acme, orphan, (l) -> true).hasNonNull("ownerId")).isFalse();

		// assigned later without a deadline: the SLA counts from the assignment, under
		// the
		// settings of that moment, not from the lead's arrival
		OffsetDateTime dueAtArrival = OffsetDateTime.parse((String) variablesAtStart(instance).get("qualifyDueDate"));
		assertThat(acme.owner()
			.put("/api/v1/settings/automation",
					Map.of("routingStrategy", "LEAST_LOADED", "qualificationSlaHours", 40, "businessDayStart", "09:00",
							"businessDayEnd", "17:00", "businessDays", List.of(1, 2, 3, 4, 5), "timeZone",
							"Europe/Berlin"))
			.status()).isEqualTo(200);
		JsonNode assign = await().atMost(Duration.ofSeconds(30))
			.until(() -> inboxTask(acme.owner(), "unassigned", "task_assign_lead", orphan), java.util.Objects::nonNull);
		var assigned = acme.owner()
			.post("/api/v1/tasks/" + assign.path("id").asText() + "/complete",
					Map.of("variables", Map.of("ownerUserId", rep.id().toString())));
		assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(instance, "task_qualify_lead"));
		JsonNode qualify = await().atMost(Duration.ofSeconds(30))
			.until(() -> inboxTask(rep.client(), "mine", "task_qualify_lead", orphan), java.util.Objects::nonNull);
		// 40 business hours are a whole working week later than 8
		assertThat(OffsetDateTime.parse(qualify.path("dueAt").asText())).isAfter(dueAtArrival.plusDays(3));
	}

	@Test
	void fromLeadToWonThroughTheInboxAndTheBoardWithEveryStageAutomated() {
		Org acme = this.fixtures.acmeOrg();
		assertThat(acme.owner()
			.put("/api/v1/integrations/slack", Map.of("botToken", "xoxb-1-2-leadtoclose", "channel", "#wins"))
			.status()).isEqualTo(200);
		JsonNode pipeline = acme.owner().get("/api/v1/pipelines").json().get(0);
		String pipelineId = pipeline.path("id").asText();
		String qualifiedStage = pipeline.path("stages").get(1).path("id").asText();
		String wonStage = null;
		for (JsonNode stage : pipeline.path("stages")) {
			if (stage.path("kind").asText().equals("WON")) {
				wonStage = stage.path("id").asText();
			}
		}
		assertThat(acme.owner()
			.put("/api/v1/pipelines/" + pipelineId + "/stages/" + qualifiedStage + "/automation",
					Map.of("taskTitle", "Send the proposal", "taskDueDays", 2, "notifyOwner", true))
			.status()).isEqualTo(200);

		// a lead arrives, is routed to the only rep (the owner), and her inbox has the
		// task
		String name = "Grace Hopper " + UUID.randomUUID();
		String leadId = createLead(acme, name, "grace@navy.example", "Event");
		long instance = instanceOf("lead:" + leadId);
		completeUserTask(acme, "task_qualify_lead", leadId, Map.of("qualified", true));

		JsonNode lead = awaitLead(acme, leadId, (l) -> "CONVERTED".equals(l.path("status").asText()));
		String dealId = lead.path("convertedDealId").asText();
		// the lead's instance now follows the deal; the deal got no second one
		assertThat(boundInstance("deal:" + dealId)).contains(instance);
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(instance, "gateway_wait_in_stage"));

		move(acme, dealId, qualifiedStage);
		JsonNode task = await().atMost(Duration.ofSeconds(30))
			.until(() -> tasksOf(acme, dealId, "Send the proposal"), (tasks) -> tasks.size() == 1)
			.get(0);
		assertThat(task.path("assigneeId").asText()).isEqualTo(acme.ownerId().toString());
		assertThat(timeline(acme, dealId)).anyMatch((subject) -> subject.startsWith("Stage reached"));

		move(acme, dealId, wonStage);
		String title = acme.owner().get("/api/v1/deals/" + dealId).json().path("title").asText();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> com.nexacrm.support.LocalSlackApi.server()
				.requests(com.nexacrm.support.LocalSlackApi.POST_MESSAGE)
				.stream()
				.anyMatch((r) -> r.answered() == 200 && String.valueOf(r.formField("text")).contains(title)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> StreamSupport.stream(acme.owner().get("/api/v1/outbox").json().spliterator(), false)
				.anyMatch((e) -> e.path("template").asText().equals("deal-won-thank-you")));
		await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(acme, dealId, "Hand off: " + title).size() == 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> completed(instance, "end_won"));
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from process_instance_owner where org_id = ? and business_key like ?",
					Long.class, acme.id(), "%" + dealId))
			.isEqualTo(1);
	}

	private void move(Org org, String dealId, String stageId) {
		JsonNode deal = org.owner().get("/api/v1/deals/" + dealId).json();
		var moved = org.owner()
			.post("/api/v1/deals/" + dealId + "/move",
					Map.of("stageId", stageId, "version", deal.path("version").asInt()));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
	}

	private List<JsonNode> tasksOf(Org org, String dealId, String title) {
		return StreamSupport
			.stream(org.owner().get("/api/v1/tasks?recordType=deal&recordId=" + dealId).json().spliterator(), false)
			.filter((t) -> t.path("title").asText().equals(title))
			.toList();
	}

	private boolean completed(long instance, String elementId) {
		return StreamSupport.stream(RecordStream.of(copyOfRecords()).processInstanceRecords().spliterator(), false)
			.anyMatch((r) -> r.getValue().getProcessInstanceKey() == instance
					&& r.getValue().getElementId().equals(elementId)
					&& r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
	}

	@Test
	void aDealCreatedOnTheBoardGetsItsOwnInstanceWaitingInItsStage() {
		Org acme = this.fixtures.acmeOrg();
		var created = acme.owner()
			.post("/api/v1/deals", Map.of("title", "Board deal", "amount", 100, "currency", "EUR"));
		assertThat(created.status()).isEqualTo(201);
		String dealId = created.json().path("id").asText();

		long instance = await().atMost(Duration.ofSeconds(30))
			.until(() -> boundInstance("deal:" + dealId), Optional::isPresent)
			.get();
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(instance, "gateway_wait_in_stage"));
		assertThat(activated(instance, "task_run_stage_automation")).isTrue();
	}

	@Test
	void afterAnEngineRestartOpenLeadsAndDealsComeBackWhereTheyStoodOnce() {
		Org acme = this.fixtures.acmeOrg();
		String leadId = createLead(acme, "Waiting lead", null, null);
		awaitLead(acme, leadId, (l) -> l.hasNonNull("score"));
		String dealId = acme.owner()
			.post("/api/v1/deals", Map.of("title", "Open deal", "amount", 5, "currency", "EUR"))
			.json()
			.path("id")
			.asText();
		long leadInstance = await().until(() -> boundInstance("lead:" + leadId), Optional::isPresent).get();
		long dealInstance = await().until(() -> boundInstance("deal:" + dealId), Optional::isPresent).get();
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(dealInstance, "gateway_wait_in_stage"));

		// what a restart leaves: the instances gone, the bindings from an earlier epoch
		this.client.newCancelInstanceCommand(leadInstance).send().join();
		this.client.newCancelInstanceCommand(dealInstance).send().join();
		this.owner.jdbc()
			.update("update process_instance_owner set engine_epoch = 'embedded:before-restart' where org_id = ?",
					acme.id());

		this.recovery.recover();
		this.recovery.recover();

		long newLead = await().atMost(Duration.ofSeconds(30))
			.until(() -> boundInstance("lead:" + leadId), Optional::isPresent)
			.get();
		long newDeal = await().atMost(Duration.ofSeconds(30))
			.until(() -> boundInstance("deal:" + dealId), Optional::isPresent)
			.get();
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(newLead, "task_qualify_lead"));
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(newDeal, "gateway_wait_in_stage"));
		// brought back where it stood: not routed again, no stage automation run again
		assertThat(activated(newLead, "task_route_lead")).isFalse();
		assertThat(activated(newDeal, "task_run_stage_automation")).isFalse();
		await().until(() -> queued(acme.id()) == 0);
		assertThat(this.owner.jdbc()
			.queryForObject(
					"select count(*) from process_instance_owner where org_id = ? and engine_epoch <> ?"
							+ " and business_key in (?, ?)",
					Long.class, acme.id(), "embedded:before-restart", "lead:" + leadId, "deal:" + dealId))
			.isEqualTo(2);
	}

	@Test
	void aDealWhoseQueueRowOutlivedItsStartAndARestartComesBackWithoutItsStageAutomationAgain() {
		Org acme = this.fixtures.acmeOrg();
		String dealId = createDeal(acme);
		long before = await().until(() -> boundInstance("deal:" + dealId), Optional::isPresent).get();
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(before, "task_run_stage_automation"));
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(before, "gateway_wait_in_stage"));

		// what a crash right after the start leaves: the instance gone with the engine,
		// its binding from an earlier epoch, and the queue row of the start (deleted in
		// batches) still there as it was written, to start from the stage's entry
		this.client.newCancelInstanceCommand(before).send().join();
		this.owner.jdbc()
			.update("update process_instance_owner set engine_epoch = 'embedded:before-restart' where org_id = ?",
					acme.id());
		this.owner.jdbc()
			.update("insert into process_start_queue (org_id, record_type, record_id, resume) values (?, 'deal', ?, false)",
					acme.id(), UUID.fromString(dealId));

		long after = await().atMost(Duration.ofSeconds(30))
			.until(() -> boundInstance("deal:" + dealId), Optional::isPresent)
			.get();
		await().atMost(Duration.ofSeconds(30)).until(() -> activated(after, "gateway_wait_in_stage"));
		assertThat(activated(after, "task_run_stage_automation")).isFalse();
		await().until(() -> queued(acme.id()) == 0);
	}

	@Test
	void aNormalImportPutsEveryLeadUnderProcessControlAndASilentOneNone() {
		Org acme = this.fixtures.acmeOrg();
		StringBuilder csv = new StringBuilder("name,email\r\n");
		for (int i = 0; i < 120; i++) {
			csv.append("Imported ").append(i).append(",imported").append(i).append("@leads.example\r\n");
		}
		var normal = com.nexacrm.dataio.Uploads.importCsv(acme.owner(), this.fixtures.port(), Map.of("entity", "lead"),
				csv.toString());
		assertThat(normal.status()).as(normal.toString()).isEqualTo(202);
		com.nexacrm.dataio.Uploads.awaitEnd(acme.owner(), normal.json().path("id").asText());
		var silent = com.nexacrm.dataio.Uploads.importCsv(acme.owner(), this.fixtures.port(),
				Map.of("entity", "lead", "mode", "SILENT"),
				csv.toString().replace("Imported", "Quiet").replace("imported", "quiet"));
		assertThat(silent.status()).as(silent.toString()).isEqualTo(202);
		com.nexacrm.dataio.Uploads.awaitEnd(acme.owner(), silent.json().path("id").asText());

		// imported starts are paced, not dropped: all 120 come, each once
		await().atMost(Duration.ofSeconds(60)).until(() -> leadInstances(acme) == 120 && queued(acme.id()) == 0);
		assertThat(this.owner.jdbc()
			.queryForObject(
					"select count(*) from process_instance_owner p join lead l on p.business_key = 'lead:' || l.lead_id"
							+ " where l.org_id = ? and l.name like 'Quiet%'",
					Long.class, acme.id()))
			.isZero();
	}

	@Test
	void moreQueuedLeadsThanABatchAndTheStartsInFlightEachGetOneInstance() {
		Org acme = this.fixtures.acmeOrg();
		// queued as a request or an import batch queues them, in one transaction
		List<UUID> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 250; i++) {
			ids.add(UUID.randomUUID());
		}
		this.owner.jdbc()
			.batchUpdate("insert into lead (org_id, lead_id, name) values (?, ?, ?)",
					ids.stream().map((id) -> new Object[] { acme.id(), id, "Queued " + id }).toList());
		this.owner.jdbc()
			.batchUpdate("insert into process_start_queue (org_id, record_type, record_id) values (?, 'lead', ?)",
					ids.stream().map((id) -> new Object[] { acme.id(), id }).toList());

		await().atMost(Duration.ofSeconds(90)).until(() -> leadInstances(acme) == ids.size() && queued(acme.id()) == 0);
		// the drainer fetched new rows while earlier ones were still starting: none twice
		assertThat(this.owner.jdbc()
			.queryForObject(
					"select count(*) from process_instance_owner where org_id = ? and business_key like 'lead:%'",
					Long.class, acme.id()))
			.isEqualTo(ids.size());
	}

	@Test
	void leadsRoutedAtOnceTakeStrictTurnsAndNeverPassACapacity() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		Member rep = this.fixtures.memberOf(acme, "MEMBER");
		settings(acme, "ROUND_ROBIN");
		TenantContext asAcme = new TenantContext(acme.id(), null, Role.OWNER);

		// plain round-robin, the cursor moved ahead of each assignment: 40 leads, 20 each
		Map<UUID, Long> turns = routeAtOnce(acme, asAcme, 40, "turns");
		assertThat(turns).containsOnlyKeys(acme.ownerId(), rep.id());
		assertThat(turns.get(rep.id())).isEqualTo(20);

		// with a capacity the choice is made in the assigning transaction: the rep, with
		// 20
		// open leads already, may take 3 more and no more
		assertThat(acme.owner()
			.put("/api/v1/members/" + rep.id() + "/availability", Map.of("absent", false, "capacity", 23))
			.status()).isEqualTo(200);
		Map<UUID, Long> capped = routeAtOnce(acme, asAcme, 40, "capped");
		assertThat(capped.get(rep.id())).isEqualTo(3);
		assertThat(capped.get(acme.ownerId())).isEqualTo(37);
	}

	@Test
	void theCursorsQuickCommitLeavesEveryPooledConnectionDurable() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		this.fixtures.memberOf(acme, "MEMBER");
		settings(acme, "ROUND_ROBIN");
		Map<UUID, Long> turns = routeAtOnce(acme, new TenantContext(acme.id(), null, Role.OWNER), 16, "durable");
		assertThat(turns.values()).containsOnly(8L);

		// the cursor's transaction commits without waiting for its flush; that setting
		// must end with it, on every connection of the pool, held all at once
		List<java.sql.Connection> held = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < this.dataSource.getMaximumPoolSize(); i++) {
				held.add(this.dataSource.getConnection());
			}
			for (java.sql.Connection connection : held) {
				try (var statement = connection.createStatement();
						var result = statement.executeQuery("show synchronous_commit")) {
					assertThat(result.next()).isTrue();
					assertThat(result.getString(1)).isEqualTo("on");
				}
			}
		}
		finally {
			for (java.sql.Connection connection : held) {
				connection.close();
			}
		}
	}

	@Test
	void roundRobinForATeamTakesTurnsAmongItsAvailableMembersOnly() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		Member first = this.fixtures.memberOf(acme, "MEMBER");
		Member second = this.fixtures.memberOf(acme, "MEMBER");
		Member away = this.fixtures.memberOf(acme, "MEMBER");
		this.fixtures.memberOf(acme, "MEMBER");
		settings(acme, "ROUND_ROBIN");
		UUID team = UUID.randomUUID();
		this.owner.jdbc().update("insert into team (org_id, team_id, name) values (?, ?, 'Inbound')", acme.id(), team);
		for (Member member : List.of(first, second, away)) {
			this.owner.jdbc()
				.update("insert into team_member (org_id, team_id, user_id) values (?, ?, ?)", acme.id(), team,
						member.id());
		}
		assertThat(acme.owner().put("/api/v1/members/" + away.id() + "/availability", Map.of("absent", true)).status())
			.isEqualTo(200);
		TenantContext asAcme = new TenantContext(acme.id(), null, Role.OWNER);

		// neither the owner nor the member outside the team, nor the absent one
		Map<UUID, Long> turns = routeAtOnce(acme, asAcme, 10, "team", team);
		assertThat(turns).containsOnlyKeys(first.id(), second.id());
		assertThat(turns.get(first.id())).isEqualTo(5);
	}

	/** Routes {@code count} new leads from eight threads at once; leads per owner. */
	private Map<UUID, Long> routeAtOnce(Org org, TenantContext as, int count, String round) throws Exception {
		return routeAtOnce(org, as, count, round, null);
	}

	/** The same, for a team's pool ({@code null}: the whole organisation's). */
	private Map<UUID, Long> routeAtOnce(Org org, TenantContext as, int count, String round, UUID team)
			throws Exception {
		List<UUID> ids = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID());
		}
		this.owner.jdbc()
			.batchUpdate("insert into lead (org_id, lead_id, name) values (?, ?, ?)",
					ids.stream().map((id) -> new Object[] { org.id(), id, round + " " + id }).toList());
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
			List<java.util.concurrent.Future<Optional<UUID>>> routed = ids.stream()
				.map((id) -> pool.submit(() -> Tenancy.call(as, () -> this.steps.routeLead(id, team, "job:" + id))))
				.toList();
			for (var future : routed) {
				assertThat(future.get()).isPresent();
			}
		}
		Map<UUID, Long> perOwner = new java.util.HashMap<>();
		this.owner.jdbc()
			.query("select owner_id, count(*) from lead where org_id = ? and name like ? group by owner_id", (rs) -> {
				perOwner.put(rs.getObject(1, UUID.class), rs.getLong(2));
			}, org.id(), round + " %");
		return perOwner;
	}

	private long leadInstances(Org org) {
		return this.owner.jdbc()
			.queryForObject("select count(distinct business_key) from process_instance_owner where org_id = ?"
					+ " and business_key like 'lead:%'", Long.class, org.id());
	}

	@Test
	void aStepDeliveredTwiceActsOnce() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		this.fixtures.memberOf(acme, "MEMBER");
		String leadId = createLead(acme, "Twice", null, null);
		awaitLead(acme, leadId, (l) -> l.hasNonNull("score"));
		String dealId = createDeal(acme);
		TenantContext asAcme = new TenantContext(acme.id(), null, Role.OWNER);
		UUID lead = UUID.fromString(leadId);

		var first = Tenancy.call(asAcme, () -> this.steps.routeLead(lead, null, "job:twice"));
		long routed = activities(acme, lead, "Assigned by lead routing");
		var second = Tenancy.call(asAcme, () -> this.steps.routeLead(lead, null, "job:twice"));
		int scored = Tenancy.call(asAcme, () -> this.steps.scoreLead(lead, "job:score-twice"));
		int version = acme.owner().get("/api/v1/leads/" + leadId).json().path("version").asInt();
		int scoredAgain = Tenancy.call(asAcme, () -> this.steps.scoreLead(lead, "job:score-twice"));
		for (int i = 0; i < 2; i++) {
			Tenancy.call(asAcme, () -> {
				this.steps.handOffDeal(UUID.fromString(dealId), "job:handoff");
				return null;
			});
		}

		assertThat(first).isPresent();
		assertThat(second).isEqualTo(first);
		assertThat(activities(acme, lead, "Assigned by lead routing")).isEqualTo(routed);
		// the second delivery is answered from the lead, which it leaves alone
		assertThat(scoredAgain).isEqualTo(scored);
		assertThat(acme.owner().get("/api/v1/leads/" + leadId).json().path("version").asInt()).isEqualTo(version);
		assertThat(acme.owner().get("/api/v1/tasks?recordType=deal&recordId=" + dealId).json().size()).isEqualTo(1);
	}

	@Test
	void aStepDeliveredTwiceAtOnceActsOnceAndBothAnswerTheSame() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		this.fixtures.memberOf(acme, "MEMBER");
		settings(acme, "ROUND_ROBIN");
		TenantContext asAcme = new TenantContext(acme.id(), null, Role.OWNER);
		UUID lead = UUID.randomUUID();
		this.owner.jdbc().update("insert into lead (org_id, lead_id, name) values (?, ?, 'At once')", acme.id(), lead);

		// the deliveries that wait for the first one's key answer from what it committed,
		// not from the lead as it was when they started
		var start = new java.util.concurrent.CountDownLatch(1);
		List<Optional<UUID>> routes;
		List<Integer> scores;
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
			List<java.util.concurrent.Future<Optional<UUID>>> routed = new java.util.ArrayList<>();
			for (int i = 0; i < 4; i++) {
				routed.add(pool.submit(() -> {
					start.await();
					return Tenancy.call(asAcme, () -> this.steps.routeLead(lead, null, "job:at-once"));
				}));
			}
			start.countDown();
			routes = new java.util.ArrayList<>();
			for (var future : routed) {
				routes.add(future.get());
			}
			var again = new java.util.concurrent.CountDownLatch(1);
			List<java.util.concurrent.Future<Integer>> scored = new java.util.ArrayList<>();
			for (int i = 0; i < 4; i++) {
				scored.add(pool.submit(() -> {
					again.await();
					return Tenancy.call(asAcme, () -> this.steps.scoreLead(lead, "job:score-at-once"));
				}));
			}
			again.countDown();
			scores = new java.util.ArrayList<>();
			for (var future : scored) {
				scores.add(future.get());
			}
		}

		UUID ownerId = this.owner.jdbc()
			.queryForObject("select owner_id from lead where org_id = ? and lead_id = ?", UUID.class, acme.id(), lead);
		assertThat(ownerId).isNotNull();
		assertThat(routes).containsOnly(Optional.of(ownerId));
		assertThat(activities(acme, lead, "Assigned by lead routing")).isEqualTo(1);
		Integer score = this.owner.jdbc()
			.queryForObject("select score from lead where org_id = ? and lead_id = ?", Integer.class, acme.id(), lead);
		assertThat(scores).containsOnly(score);
		// one audit entry for the assignment and one for the score
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from audit_log where org_id = ? and entity_id = ?", Long.class, acme.id(),
					lead))
			.isEqualTo(2);
	}

	@Test
	void aStepOnALeadThatIsGoneOrAnotherOrgsTakesNoKeyAndChangesNothing() {
		Org acme = this.fixtures.acmeOrg();
		Org other = this.fixtures.org("Other " + UUID.randomUUID());
		UUID theirs = UUID.randomUUID();
		this.owner.jdbc()
			.update("insert into lead (org_id, lead_id, name) values (?, ?, 'Theirs')", other.id(), theirs);
		TenantContext asAcme = new TenantContext(acme.id(), null, Role.OWNER);

		for (UUID lead : List.of(UUID.randomUUID(), theirs)) {
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> Tenancy.call(asAcme, () -> this.steps.routeLead(lead, null, "job:r-" + lead)))
				.isInstanceOf(SalesSteps.RecordUnavailable.class);
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> Tenancy.call(asAcme, () -> this.steps.scoreLead(lead, "job:s-" + lead)))
				.isInstanceOf(SalesSteps.RecordUnavailable.class);
		}
		// the keys rolled back with the steps: a later delivery, once the lead is there,
		// acts
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from job_effect where effect_key in (?, ?)", Long.class, "job:r-" + theirs,
					"job:s-" + theirs))
			.isZero();
		assertThat(this.owner.jdbc()
			.queryForMap("select owner_id, score from lead where org_id = ? and lead_id = ?", other.id(), theirs))
			.containsEntry("owner_id", null)
			.containsEntry("score", null);
	}

	private long activities(Org org, UUID recordId, String subject) {
		return this.owner.jdbc()
			.queryForObject("select count(*) from activity where org_id = ? and record_id = ? and subject = ?",
					Long.class, org.id(), recordId, subject);
	}

	private String lastLead;

	private String createLead(Org org, String name, String email, String source) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name));
		if (email != null) {
			body.put("email", email);
			body.put("phone", "+1 555 0100");
			body.put("companyName", "Big Corp");
			body.put("title", "CEO");
		}
		if (source != null) {
			body.put("source", source);
		}
		// through an API key, as a web form or an integration would: no owner yet, so
		// routed
		var created = intake(org).post("/api/v1/leads", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.lastLead = created.json().path("id").asText();
		return this.lastLead;
	}

	private final Map<UUID, ApiClient> intakes = new java.util.concurrent.ConcurrentHashMap<>();

	private ApiClient intake(Org org) {
		return this.intakes.computeIfAbsent(org.id(), (id) -> {
			var key = org.owner()
				.post("/api/v1/api-keys", Map.of("name", "web form", "scopes", List.of("lead:create", "lead:read")));
			assertThat(key.status()).as(key.toString()).isEqualTo(201);
			return ApiClient.withApiKey(this.fixtures.port(), key.json().path("token").asText());
		});
	}

	private String createDeal(Org org) {
		return org.owner()
			.post("/api/v1/deals", Map.of("title", "Deal", "amount", 1, "currency", "EUR"))
			.json()
			.path("id")
			.asText();
	}

	private void settings(Org org, String strategy) {
		var put = org.owner()
			.put("/api/v1/settings/automation",
					Map.of("routingStrategy", strategy, "qualificationSlaHours", 8, "businessDayStart", "09:00",
							"businessDayEnd", "17:00", "businessDays", List.of(1, 2, 3, 4, 5), "timeZone",
							"Europe/Berlin"));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
	}

	private JsonNode awaitLead(Org org, String leadId, java.util.function.Predicate<JsonNode> condition) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> org.owner().get("/api/v1/leads/" + leadId).json(), condition::test);
	}

	private List<String> timeline(Org org, String dealId) {
		return StreamSupport
			.stream(org.owner().get("/api/v1/deals/" + dealId + "/timeline").json().spliterator(), false)
			.map((entry) -> entry.path("subject").asText())
			.toList();
	}

	private Optional<Long> boundInstance(String businessKey) {
		return this.owner.jdbc()
			.queryForList("select process_instance_key from process_instance_owner where business_key = ?"
					+ " and engine_epoch <> 'embedded:before-restart'", Long.class, businessKey)
			.stream()
			.findFirst();
	}

	private long instanceOf(String businessKey) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> boundInstance(businessKey), Optional::isPresent)
			.get();
	}

	private long queued(UUID orgId) {
		return this.owner.jdbc()
			.queryForObject("select count(*) from process_start_queue where org_id = ?", Long.class, orgId);
	}

	private boolean activated(long instance, String elementId) {
		return StreamSupport.stream(RecordStream.of(copyOfRecords()).processInstanceRecords().spliterator(), false)
			.anyMatch((r) -> r.getValue().getProcessInstanceKey() == instance
					&& r.getValue().getElementId().equals(elementId)
					&& r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED);
	}

	private Map<String, Object> variablesAtStart(long instance) {
		Map<String, Object> variables = new java.util.HashMap<>();
		StreamSupport.stream(RecordStream.of(copyOfRecords()).variableRecords().spliterator(), false)
			.filter((r) -> r.getValue().getProcessInstanceKey() == instance)
			.forEach((r) -> variables.put(r.getValue().getName(), unquote(r.getValue().getValue())));
		return variables;
	}

	/**
	 * A copy of the engine's record list: the app's record reader appends to it from its
	 * own thread, so iterating it in place could fail half-way; a slot not yet visible to
	 * this thread copies as null and is left out.
	 */
	private io.camunda.zeebe.process.test.api.RecordStreamSource copyOfRecords() {
		java.util.List<io.camunda.zeebe.protocol.record.Record<?>> copy = new java.util.ArrayList<>(
				(java.util.Collection<io.camunda.zeebe.protocol.record.Record<?>>) this.engine.getRecordStreamSource()
					.getRecords());
		copy.removeIf(java.util.Objects::isNull);
		return () -> copy;
	}

	private static Object unquote(String json) {
		return (json.startsWith("\"") && json.endsWith("\"")) ? json.substring(1, json.length() - 1) : json;
	}

	/**
	 * As the owner does it: the task in her inbox, completed with the form's variables.
	 */
	private void completeUserTask(Org org, String elementId, String recordId, Map<String, Object> variables) {
		JsonNode task = await().atMost(Duration.ofSeconds(30))
			.until(() -> inboxTask(org, elementId, recordId), java.util.Objects::nonNull);
		var completed = org.owner()
			.post("/api/v1/tasks/" + task.path("id").asText() + "/complete", Map.of("variables", variables));
		assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
	}

	private JsonNode inboxTask(Org org, String elementId, String recordId) {
		return inboxTask(org.owner(), "mine", elementId, recordId);
	}

	private JsonNode inboxTask(ApiClient client, String view, String elementId, String recordId) {
		JsonNode inbox = client.get("/api/v1/tasks/inbox?view=" + view).json();
		for (JsonNode task : inbox.has("items") ? inbox.path("items") : inbox) {
			if (task.at("/process/elementId").asText().equals(elementId)
					&& task.path("recordId").asText().equals(recordId)) {
				return task;
			}
		}
		return null;
	}

}
