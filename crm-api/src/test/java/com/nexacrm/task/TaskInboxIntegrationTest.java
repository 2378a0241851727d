package com.nexacrm.task;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.engine.EngineJobCanceled;
import com.nexacrm.process.ProcessStarter;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Member;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task inbox end to end on the embedded engine: a test model with the shipped models'
 * user-task headers is started for an organisation through the app's starter, and its
 * user tasks are worked through the API.
 */
@IntegrationTest
class TaskInboxIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private CamundaClient client;

	@Autowired
	private ZeebeTestEngine engine;

	@Autowired
	private EngineEpoch epoch;

	@Autowired
	private ProcessStarter starter;

	@Autowired
	private ApplicationEventPublisher events;

	private Org acme;

	private Member rep;

	private Member otherRep;

	private Member manager;

	private String team;

	private String lead;

	@BeforeEach
	void acmeWithATeam() {
		this.client.newDeployResourceCommand().addResourceFromClasspath("inbox/inbox-test.bpmn").send().join();
		this.acme = this.fixtures.acmeOrg();
		this.rep = this.fixtures.memberOf(this.acme, "MEMBER");
		this.otherRep = this.fixtures.memberOf(this.acme, "MEMBER");
		this.manager = this.fixtures.memberOf(this.acme, "MANAGER");
		this.team = this.acme.owner().post("/api/v1/teams", Map.of("name", "Inside sales")).json().path("id").asText();
		assertThat(this.acme.owner().put("/api/v1/teams/" + this.team + "/members/" + this.rep.id(), null).status())
			.isLessThan(300);
		this.lead = this.acme.owner()
			.post("/api/v1/leads", Map.of("name", "Ada Lovelace", "email", Fixtures.uniqueEmail("ada")))
			.json()
			.path("id")
			.asText();
	}

	@Test
	void anAssignedUserTaskBecomesATaskInItsAssigneesInboxWithItsFormAndRecord() {
		OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).truncatedTo(ChronoUnit.SECONDS);
		long instance = start("assigned",
				Map.of("ownerUserId", this.rep.id().toString(), "qualifyDueDate", due.toString(), "leadId", this.lead));

		String task = taskOf(instance);

		JsonNode body = this.rep.client().get("/api/v1/tasks/" + task).json();
		assertThat(body.path("title").asText()).isEqualTo("Qualify lead");
		assertThat(body.path("source").asText()).isEqualTo("PROCESS");
		assertThat(body.path("status").asText()).isEqualTo("OPEN");
		assertThat(body.path("assigneeId").asText()).isEqualTo(this.rep.id().toString());
		assertThat(OffsetDateTime.parse(body.path("dueAt").asText()).toInstant()).isEqualTo(due.toInstant());
		assertThat(body.path("recordType").asText()).isEqualTo("lead");
		assertThat(body.path("recordId").asText()).isEqualTo(this.lead);
		assertThat(body.at("/process/elementId").asText()).isEqualTo("task_qualify_lead");
		assertThat(body.at("/process/processInstanceKey").asText()).isEqualTo(Long.toString(instance));
		assertThat(body.at("/form/key").asText()).isEqualTo("qualify-lead");
		assertThat(body.at("/form/fields").findValuesAsText("name")).containsExactly("qualified",
				"disqualificationReason");
		assertThat(inbox(this.rep.client(), "mine")).contains(task);
		assertThat(inbox(this.otherRep.client(), "mine")).doesNotContain(task);
		assertThat(inbox(this.otherRep.client(), "unassigned")).doesNotContain(task);
		assertThat(inbox(this.manager.client(), "unassigned")).doesNotContain(task);

		ApiClient.Response form = this.rep.client().get("/api/v1/forms/qualify-lead");
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.json().at("/fields/0/type").asText()).isEqualTo("BOOLEAN");
		assertThat(form.json().at("/fields/1/requiredWhen/field").asText()).isEqualTo("qualified");
		ApiClient.Response missing = this.rep.client().get("/api/v1/forms/no-such-form");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.isProblem()).isTrue();
	}

	@Test
	void aTaskLinksOnlyToItsOwnOrganisationsPeopleAndRecordsAndPrefersTheDeal() {
		Org globex = this.fixtures.globexOrg();
		Member outsider = this.fixtures.memberOf(globex, "MEMBER");
		String theirLead = globex.owner()
			.post("/api/v1/leads", Map.of("name", "Grace Hopper"))
			.json()
			.path("id")
			.asText();
		String deal = this.acme.owner()
			.post("/api/v1/deals", Map.of("title", "Analytical engine", "amount", 100, "currency", "EUR"))
			.json()
			.path("id")
			.asText();

		String foreign = taskOf(
				start("assigned", Map.of("ownerUserId", outsider.id().toString(), "leadId", theirLead)));
		String both = taskOf(start("assigned",
				Map.of("ownerUserId", this.rep.id().toString(), "leadId", this.lead, "dealId", deal)));

		JsonNode held = this.acme.owner().get("/api/v1/tasks/" + foreign).json();
		assertThat(held.hasNonNull("assigneeId")).as(held.toString()).isFalse();
		assertThat(held.hasNonNull("recordId")).as(held.toString()).isFalse();
		JsonNode linked = this.acme.owner().get("/api/v1/tasks/" + both).json();
		assertThat(linked.path("assigneeId").asText()).isEqualTo(this.rep.id().toString());
		assertThat(linked.path("recordType").asText()).isEqualTo("deal");
		assertThat(linked.path("recordId").asText()).isEqualTo(deal);
	}

	@Test
	void invalidVariablesAreRefusedWithTheirFieldsAndTheJobStaysActive() {
		long instance = start("assigned", Map.of("ownerUserId", this.rep.id().toString(), "leadId", this.lead));
		String task = taskOf(instance);
		long audits = audits(task);

		List<Map<String, Object>> invalid = List.of(Map.of(), Map.of("qualified", "yes"), Map.of("qualified", false),
				Map.of("qualified", true, "score", 99), Map.of("qualified", false, "disqualificationReason", " "));
		List<String> fields = List.of("variables.qualified", "variables.qualified", "variables.disqualificationReason",
				"variables.score", "variables.disqualificationReason");
		for (int i = 0; i < invalid.size(); i++) {
			ApiClient.Response response = this.rep.client()
				.post("/api/v1/tasks/" + task + "/complete", Map.of("variables", invalid.get(i)));
			assertThat(response.status()).as(invalid.get(i).toString()).isEqualTo(400);
			assertThat(response.isProblem()).isTrue();
			assertThat(response.json().path("errors").findValuesAsText("field")).as(invalid.get(i).toString())
				.contains(fields.get(i));
		}
		ApiClient.Response notTheAssignee = this.otherRep.client()
			.post("/api/v1/tasks/" + task + "/complete", Map.of("variables", Map.of("qualified", true)));
		assertThat(notTheAssignee.status()).isEqualTo(403);

		assertThat(status(task)).isEqualTo("OPEN");
		assertThat(audits(task)).isEqualTo(audits);
		assertThat(jobEvents(instance, JobIntent.COMPLETED)).isZero();
		assertThat(processCompleted(instance)).isFalse();
	}

	@Test
	void completingTheTaskCompletesTheJobWithTheFormsVariablesOnly() {
		long instance = start("assigned", Map.of("ownerUserId", this.rep.id().toString(), "leadId", this.lead));
		String task = taskOf(instance);

		ApiClient.Response done = this.rep.client()
			.post("/api/v1/tasks/" + task + "/complete",
					Map.of("variables", Map.of("qualified", false, "disqualificationReason", "  No budget  ")));

		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		assertThat(done.json().path("status").asText()).isEqualTo("DONE");
		assertThat(done.json().path("completedBy").asText()).isEqualTo(this.rep.id().toString());
		await().atMost(PATIENCE).until(() -> processCompleted(instance));
		Map<String, String> variables = variablesOf(instance);
		assertThat(variables).containsEntry("qualified", "false")
			.containsEntry("disqualificationReason", "\"No budget\"");
		assertThat(actions(task)).contains("completed");
		assertThat(inbox(this.rep.client(), "mine")).doesNotContain(task);
		ApiClient.Response again = this.rep.client()
			.post("/api/v1/tasks/" + task + "/complete", Map.of("variables", Map.of("qualified", true)));
		assertThat(again.status()).isEqualTo(409);
	}

	@Test
	void teamTasksAreClaimedByTheTeamAndAssignedByManagersToCandidatesOnly() {
		long instance = start("team", Map.of("teamId", this.team, "leadId", this.lead));
		String task = taskOf(instance);
		JsonNode held = this.rep.client().get("/api/v1/tasks/" + task).json();
		assertThat(held.hasNonNull("assigneeId")).isFalse();
		assertThat(held.path("priority").asText()).isEqualTo("HIGH");
		assertThat(held.at("/process/candidateTeamIds/0").asText()).isEqualTo(this.team);

		assertThat(inbox(this.rep.client(), "unassigned")).contains(task);
		assertThat(inbox(this.rep.client(), "team")).contains(task);
		assertThat(inbox(this.otherRep.client(), "unassigned")).doesNotContain(task);
		assertThat(inbox(this.otherRep.client(), "team")).doesNotContain(task);

		assertThat(this.otherRep.client().post("/api/v1/tasks/" + task + "/claim", null).status()).isEqualTo(403);
		ApiClient.Response claimed = this.rep.client().post("/api/v1/tasks/" + task + "/claim", null);
		assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
		assertThat(claimed.json().path("assigneeId").asText()).isEqualTo(this.rep.id().toString());
		assertThat(inbox(this.rep.client(), "mine")).contains(task);
		assertThat(inbox(this.rep.client(), "unassigned")).doesNotContain(task);
		assertThat(this.manager.client().post("/api/v1/tasks/" + task + "/claim", null).status()).isEqualTo(409);
		assertThat(this.otherRep.client().post("/api/v1/tasks/" + task + "/unclaim", null).status()).isEqualTo(403);

		ApiClient.Response unclaimed = this.rep.client().post("/api/v1/tasks/" + task + "/unclaim", null);
		assertThat(unclaimed.status()).isEqualTo(200);
		assertThat(unclaimed.json().hasNonNull("assigneeId")).isFalse();

		ApiClient.Response byRep = this.rep.client()
			.post("/api/v1/tasks/" + task + "/assign", Map.of("userId", this.rep.id()));
		assertThat(byRep.status()).isEqualTo(403);
		ApiClient.Response notCandidate = this.manager.client()
			.post("/api/v1/tasks/" + task + "/assign", Map.of("userId", this.otherRep.id()));
		assertThat(notCandidate.status()).isEqualTo(400);
		assertThat(notCandidate.json().path("errors").findValuesAsText("field")).contains("userId");
		ApiClient.Response notMember = this.manager.client()
			.post("/api/v1/tasks/" + task + "/assign", Map.of("userId", UUID.randomUUID()));
		assertThat(notMember.status()).isEqualTo(400);
		ApiClient.Response assigned = this.manager.client()
			.post("/api/v1/tasks/" + task + "/assign", Map.of("userId", this.rep.id()));
		assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
		assertThat(assigned.json().path("assigneeId").asText()).isEqualTo(this.rep.id().toString());

		assertThat(actions(task)).contains("claimed", "unclaimed", "assigned");
		ApiClient.Response patch = this.manager.client()
			.patch("/api/v1/tasks/" + task, Map.of("assigneeId", this.otherRep.id()));
		assertThat(patch.status()).isEqualTo(400);

		ApiClient.Response completed = this.manager.client()
			.post("/api/v1/tasks/" + task + "/complete", Map.of("variables", Map.of("lossReason", "PRICE")));
		assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
		await().atMost(PATIENCE).until(() -> processCompleted(instance));
	}

	@Test
	void managerTasksGoToManagersOnly() {
		long instance = start("managers", Map.of("leadId", this.lead));
		String task = taskOf(instance);

		assertThat(inbox(this.manager.client(), "unassigned")).contains(task);
		assertThat(inbox(this.acme.owner(), "unassigned")).contains(task);
		assertThat(inbox(this.rep.client(), "unassigned")).doesNotContain(task);
		assertThat(this.rep.client().post("/api/v1/tasks/" + task + "/claim", null).status()).isEqualTo(403);
		assertThat(this.manager.client()
			.post("/api/v1/tasks/" + task + "/assign", Map.of("userId", this.rep.id()))
			.status()).isEqualTo(400);
		assertThat(this.manager.client().post("/api/v1/tasks/" + task + "/claim", null).status()).isEqualTo(200);

		ApiClient.Response stranger = this.manager.client()
			.post("/api/v1/tasks/" + task + "/complete",
					Map.of("variables", Map.of("ownerUserId", UUID.randomUUID().toString())));
		assertThat(stranger.status()).isEqualTo(400);
		assertThat(stranger.json().path("errors").findValuesAsText("field")).contains("variables.ownerUserId");
		ApiClient.Response done = this.manager.client()
			.post("/api/v1/tasks/" + task + "/complete",
					Map.of("variables", Map.of("ownerUserId", this.rep.id().toString())));
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		await().atMost(PATIENCE).until(() -> processCompleted(instance));
		assertThat(variablesOf(instance)).containsEntry("ownerUserId", "\"" + this.rep.id() + "\"");
	}

	@Test
	void aJobDeliveredAgainUpdatesTheSameTaskAndKeepsItsClaim() {
		long instance = start("team", Map.of("teamId", this.team));
		String task = taskOf(instance);
		assertThat(this.rep.client().post("/api/v1/tasks/" + task + "/claim", null).status()).isEqualTo(200);
		long jobKey = jobKeyOf(task);
		OffsetDateTime firstDeadline = deadlineOf(task);

		// the job's timeout runs out: the engine offers it again and the inbox takes it
		this.client.newUpdateTimeoutCommand(jobKey).timeout(Duration.ofMillis(1)).send().join();
		await().atMost(PATIENCE).until(() -> {
			this.engine.increaseTime(Duration.ofSeconds(31));
			return jobEvents(instance, JobIntent.TIMED_OUT) > 0 && !deadlineOf(task).equals(firstDeadline);
		});

		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from task where process_instance_key = ? and org_id = ?", Long.class,
					instance, this.acme.id()))
			.isEqualTo(1);
		assertThat(this.rep.client().get("/api/v1/tasks/" + task).json().path("assigneeId").asText())
			.isEqualTo(this.rep.id().toString());
	}

	@Test
	void aCancelledInstanceTakesItsTaskOutOfTheInbox() {
		long instance = start("assigned", Map.of("ownerUserId", this.rep.id().toString()));
		String task = taskOf(instance);
		assertThat(inbox(this.rep.client(), "mine")).contains(task);

		this.client.newCancelInstanceCommand(instance).send().join();
		this.events.publishEvent(new EngineJobCanceled(jobKeyOf(task), instance, "io.camunda.zeebe:userTask"));

		assertThat(status(task)).isEqualTo("CANCELLED");
		assertThat(inbox(this.rep.client(), "mine")).doesNotContain(task);
		assertThat(actions(task)).contains("cancelled");
	}

	@Test
	void completingATaskWhoseJobIsGoneCancelsItWithA409() {
		long instance = start("assigned", Map.of("ownerUserId", this.rep.id().toString()));
		String task = taskOf(instance);
		this.client.newCancelInstanceCommand(instance).send().join();

		ApiClient.Response response = this.rep.client()
			.post("/api/v1/tasks/" + task + "/complete", Map.of("variables", Map.of("qualified", true)));

		assertThat(response.status()).as(response.toString()).isEqualTo(409);
		assertThat(response.problem()).isEqualTo("conflict");
		assertThat(response.json().path("detail").asText()).contains("no longer waits");
		assertThat(status(task)).isEqualTo("CANCELLED");
		assertThat(inbox(this.rep.client(), "mine")).doesNotContain(task);
	}

	@Test
	void anInstanceNoOrganisationOwnsGetsAnIncidentAndNoTask() {
		long instance = this.client.newCreateInstanceCommand()
			.bpmnProcessId("inbox-test")
			.latestVersion()
			.variables(Map.of("kind", "assigned", "ownerUserId", this.rep.id().toString()))
			.send()
			.join()
			.getProcessInstanceKey();

		await().atMost(PATIENCE).until(() -> incidentMessage(instance) != null);

		assertThat(incidentMessage(instance)).contains("No organisation owns process instance");
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from task where process_instance_key = ? and engine_epoch = ?", Long.class,
					instance, this.epoch.value()))
			.isZero();
	}

	@Test
	void tasksMadeByHandLiveInTheSameInbox() {
		String mine = created(this.rep.client(), Map.of("title", "Call Ada", "assigneeId", this.rep.id()));
		String open = created(this.rep.client(), Map.of("title", "Anyone: send the deck"));
		String late = created(this.rep.client(), Map.of("title", "Late follow-up", "assigneeId", this.rep.id(), "dueAt",
				OffsetDateTime.now().minusDays(1).toString()));

		assertThat(inbox(this.rep.client(), "mine")).contains(mine, late).doesNotContain(open);
		assertThat(inbox(this.otherRep.client(), "unassigned")).contains(open);
		assertThat(inbox(this.rep.client(), "overdue")).contains(late).doesNotContain(mine);
		assertThat(inbox(this.otherRep.client(), "overdue")).doesNotContain(late);
		assertThat(inbox(this.manager.client(), "overdue")).contains(late);
		assertThat(this.otherRep.client().post("/api/v1/tasks/" + open + "/claim", null).status()).isEqualTo(200);

		ApiClient.Response withVariables = this.rep.client()
			.post("/api/v1/tasks/" + mine + "/complete", Map.of("variables", Map.of("x", 1)));
		assertThat(withVariables.status()).isEqualTo(400);
		ApiClient.Response done = this.rep.client().post("/api/v1/tasks/" + mine + "/complete", null);
		assertThat(done.status()).isEqualTo(200);
		assertThat(done.json().path("status").asText()).isEqualTo("DONE");
		assertThat(done.json().path("source").asText()).isEqualTo("MANUAL");
	}

	@Test
	void theInboxPagesWithAKeysetCursor() {
		List<String> made = new ArrayList<>();
		for (int day = 1; day <= 5; day++) {
			made.add(created(this.otherRep.client(), Map.of("title", "Task " + day, "assigneeId", this.otherRep.id(),
					"dueAt", OffsetDateTime.now().plusDays(day).toString())));
		}
		made.add(created(this.otherRep.client(), Map.of("title", "Some day", "assigneeId", this.otherRep.id())));

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = this.otherRep.client()
				.get("/api/v1/tasks/inbox?view=mine&source=manual&limit=4"
						+ ((cursor != null) ? "&cursor=" + cursor : ""))
				.json();
			page.path("items").forEach((task) -> seen.add(task.path("id").asText()));
			cursor = page.hasNonNull("nextCursor") ? page.path("nextCursor").asText() : null;
			pages++;
		}
		while (cursor != null && pages < 10);

		assertThat(pages).isEqualTo(2);
		assertThat(seen).containsExactlyElementsOf(made);
		ApiClient.Response bad = this.otherRep.client().get("/api/v1/tasks/inbox?view=mine&cursor=garbage");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(this.otherRep.client().get("/api/v1/tasks/inbox?view=everything").status()).isEqualTo(400);
	}

	@Test
	void savedViewsAreSharedInTheOrganisationAndChangedByTheirCreatorOrAManager() {
		String task = taskOf(start("team", Map.of("teamId", this.team, "leadId", this.lead)));
		ApiClient.Response created = this.rep.client()
			.post("/api/v1/task-views", Map.of("name", "Urgent team work", "filter",
					Map.of("view", "team", "priority", List.of("HIGH", "URGENT"), "source", "process")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String view = created.json().path("id").asText();

		assertThat(this.otherRep.client().get("/api/v1/task-views").json().findValuesAsText("id")).contains(view);
		JsonNode page = this.rep.client().get("/api/v1/tasks/inbox?savedView=" + view).json();
		assertThat(page.path("items").findValuesAsText("id")).contains(task);
		assertThat(this.otherRep.client().patch("/api/v1/task-views/" + view, Map.of("name", "Mine now")).status())
			.isEqualTo(403);
		assertThat(this.otherRep.client().delete("/api/v1/task-views/" + view).status()).isEqualTo(403);

		long views = this.owner.count("task_view");
		ApiClient.Response badFilter = this.rep.client()
			.post("/api/v1/task-views", Map.of("name", "Everything", "filter", Map.of("view", "everything")));
		ApiClient.Response noFilter = this.rep.client().post("/api/v1/task-views", Map.of("name", "Nothing"));
		ApiClient.Response duplicate = this.rep.client()
			.post("/api/v1/task-views", Map.of("name", "urgent TEAM work", "filter", Map.of("view", "mine")));
		assertThat(badFilter.status()).isEqualTo(400);
		assertThat(badFilter.isProblem()).isTrue();
		assertThat(noFilter.status()).isEqualTo(400);
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(this.owner.count("task_view")).isEqualTo(views);

		ApiClient.Response renamed = this.manager.client()
			.patch("/api/v1/task-views/" + view, Map.of("name", "Team, urgent", "version", 1));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.json().path("name").asText()).isEqualTo("Team, urgent");
		assertThat(this.rep.client().delete("/api/v1/task-views/" + view).status()).isEqualTo(204);
		assertThat(this.rep.client().get("/api/v1/task-views/" + view).status()).isEqualTo(404);
	}

	@Test
	void anotherOrganisationCannotSeeOrWorkTheTasksOrViews() {
		String task = taskOf(start("team", Map.of("teamId", this.team)));
		String view = this.rep.client()
			.post("/api/v1/task-views", Map.of("name", "Acme only", "filter", Map.of("view", "unassigned")))
			.json()
			.path("id")
			.asText();
		Org globex = this.fixtures.globexOrg();
		String before = this.owner.jdbc()
			.queryForList("select task_id, assignee_id, status, version from task where task_id = ?::uuid", task)
			.toString();

		ApiClient globexOwner = globex.owner();
		List<ApiClient.Response> attempts = List.of(globexOwner.get("/api/v1/tasks/" + task),
				globexOwner.post("/api/v1/tasks/" + task + "/claim", null),
				globexOwner.post("/api/v1/tasks/" + task + "/unclaim", null),
				globexOwner.post("/api/v1/tasks/" + task + "/assign", Map.of("userId", globex.ownerId())),
				globexOwner.post("/api/v1/tasks/" + task + "/complete", Map.of("variables", Map.of("lossReason", "x"))),
				globexOwner.get("/api/v1/task-views/" + view), globexOwner.delete("/api/v1/task-views/" + view),
				globexOwner.get("/api/v1/tasks/inbox?savedView=" + view));
		assertThat(attempts).allSatisfy((response) -> {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.isProblem()).isTrue();
		});
		for (String name : List.of("mine", "team", "unassigned", "overdue")) {
			assertThat(inbox(globexOwner, name)).doesNotContain(task);
		}
		assertThat(globexOwner.get("/api/v1/task-views").json().findValuesAsText("id")).doesNotContain(view);
		assertThat(this.owner.jdbc()
			.queryForList("select task_id, assignee_id, status, version from task where task_id = ?::uuid", task)
			.toString()).isEqualTo(before);
	}

	private long start(String kind, Map<String, Object> variables) {
		Map<String, Object> all = new HashMap<>(variables);
		all.put("kind", kind);
		all.putIfAbsent("qualifyDueDate", OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).toString());
		return Tenancy.run(TenantContext.system(this.acme.id()),
				() -> this.starter.start("inbox-test", "test:" + UUID.randomUUID(), all));
	}

	private String taskOf(long instance) {
		await().atMost(PATIENCE)
			.until(() -> this.owner.jdbc()
				.queryForObject("select count(*) from task where process_instance_key = ? and org_id = ?", Long.class,
						instance, this.acme.id()) == 1);
		return this.owner.jdbc()
			.queryForObject("select task_id::text from task where process_instance_key = ? and org_id = ?",
					String.class, instance, this.acme.id());
	}

	private String created(ApiClient client, Map<String, Object> body) {
		ApiClient.Response response = client.post("/api/v1/tasks", body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("id").asText();
	}

	private static List<String> inbox(ApiClient client, String view) {
		ApiClient.Response response = client.get("/api/v1/tasks/inbox?view=" + view + "&limit=200");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().path("items").findValuesAsText("id");
	}

	private String status(String task) {
		return this.owner.jdbc().queryForObject("select status from task where task_id = ?::uuid", String.class, task);
	}

	private long jobKeyOf(String task) {
		return this.owner.jdbc().queryForObject("select job_key from task where task_id = ?::uuid", Long.class, task);
	}

	private OffsetDateTime deadlineOf(String task) {
		return this.owner.jdbc()
			.queryForObject("select job_deadline from task where task_id = ?::uuid", OffsetDateTime.class, task);
	}

	private long audits(String task) {
		return this.owner.jdbc()
			.queryForObject("select count(*) from audit_log where entity = 'task' and entity_id = ?::uuid", Long.class,
					task);
	}

	private List<String> actions(String task) {
		return this.owner.jdbc()
			.queryForList("select action from audit_log where entity = 'task' and entity_id = ?::uuid", String.class,
					task);
	}

	private long jobEvents(long instance, JobIntent intent) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine)).jobRecords().spliterator(),
					false)
			.filter((job) -> job.getValue().getProcessInstanceKey() == instance && job.getIntent() == intent)
			.count();
	}

	private boolean processCompleted(long instance) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.anyMatch((record) -> record.getKey() == instance
					&& record.getValue().getBpmnElementType() == BpmnElementType.PROCESS
					&& record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
	}

	private Map<String, String> variablesOf(long instance) {
		Map<String, String> variables = new HashMap<>();
		StreamSupport.stream(
				RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine)).variableRecords().spliterator(),
				false)
			.filter((record) -> record.getValue().getProcessInstanceKey() == instance)
			.forEach((record) -> variables.put(record.getValue().getName(), record.getValue().getValue()));
		return variables;
	}

	private String incidentMessage(long instance) {
		return StreamSupport.stream(
				RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine)).incidentRecords().spliterator(),
				false)
			.filter((incident) -> incident.getValue().getProcessInstanceKey() == instance)
			.map((incident) -> incident.getValue().getErrorMessage())
			.findFirst()
			.orElse(null);
	}

}
