package com.nexacrm.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.engine.EngineJobCanceled;
import com.nexacrm.process.ProcessStarter;
import com.nexacrm.platform.engine.StartedProcesses;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.EngineRecords;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.support.RecordedEvents;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The projection of the embedded engine's records, seen through the API, and the repair
 * actions, on real instances: onboarding started by sign-up, and a two-step model this
 * test deploys whose jobs no worker takes, so the test plays the worker.
 */
@IntegrationTest
class ProcessMonitorIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private CamundaClient client;

	@Autowired
	private ProcessStarter starter;

	@Autowired
	private RecordedEvents events;

	@Autowired
	private StartedProcesses started;

	@Autowired
	private Projection projection;

	@Autowired
	private EngineEpoch epoch;

	@Autowired
	private MonitorSettings settings;

	@Autowired
	private ZeebeTestEngine engine;

	private String processId;

	private String firstType;

	@BeforeEach
	void twoStepModel() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.processId = "monitor_check_" + suffix;
		this.firstType = "monitor-first-" + suffix;
		BpmnModelInstance model = Bpmn.createExecutableProcess(this.processId)
			.startEvent("start_checked")
			.serviceTask("task_first", (task) -> task.zeebeJobType(this.firstType))
			.serviceTask("task_second", (task) -> task.zeebeJobType("monitor-second-" + suffix))
			.endEvent("end_checked")
			.done();
		this.client.newDeployResourceCommand().addProcessModel(model, this.processId + ".bpmn").send().join();
	}

	@Test
	void theOnboardingStartedBySignUpShowsItsPathJobsAndDiagram() {
		Org acme = this.fixtures.acmeOrg();

		JsonNode instance = awaitJson(acme.owner(),
				"/api/v1/process-instances?bpmnProcessId=onboarding&recordId=" + acme.id(),
				(page) -> page.path("items").size() == 1)
			.path("items")
			.get(0);
		assertThat(instance.path("businessKey").asText()).isEqualTo("org:" + acme.id());
		assertThat(instance.path("state").asText()).isEqualTo("ACTIVE");
		String key = instance.path("key").asText();

		JsonNode detail = awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> texts(body.path("activeElementIds")).contains("task_invite_team"));
		List<String> path = texts(detail.path("elements"), "elementId");
		assertThat(path.get(0)).isEqualTo("start_org_created");
		assertThat(path).contains("task_send_welcome_email", "subprocess_checklist", "task_invite_team");
		assertThat(path.indexOf("task_send_welcome_email")).isLessThan(path.indexOf("subprocess_checklist"));
		assertThat(elementState(detail, "task_send_welcome_email")).isEqualTo("COMPLETED");
		assertThat(texts(detail.path("activeElementIds"))).contains("subprocess_checklist", "task_import_data");
		assertThat(detail.path("jobs").findValuesAsText("type")).contains("send-email", "io.camunda.zeebe:userTask");
		assertThat(detail.at("/instance/hasIncident").asBoolean()).isFalse();
		ApiClient.Response diagram = acme.owner().get("/api/v1/process-instances/" + key + "/diagram");
		assertThat(diagram.status()).isEqualTo(200);
		assertThat(diagram.contentType()).startsWith("application/xml");
		assertThat(diagram.body()).contains("<bpmn:process id=\"onboarding\"").contains("task_invite_team");
	}

	@Test
	void aJobFailedWithNoRetriesIsAnIncidentThatRetryResolvesAndTheInstanceGoesOn() {
		Org acme = this.fixtures.acmeOrg();
		long key = startFor(acme, "deal:" + UUID.randomUUID());
		ActivatedJob job = activate(this.firstType);
		this.client.newFailCommand(job.getKey()).retries(0).errorMessage("CRM said no: deal is locked").send().join();

		JsonNode open = awaitJson(acme.owner(), "/api/v1/incidents?bpmnProcessId=" + this.processId,
				(page) -> page.path("items").size() == 1)
			.path("items")
			.get(0);
		assertThat(open.path("errorMessage").asText()).isEqualTo("CRM said no: deal is locked");
		assertThat(open.path("errorType").asText()).isEqualTo("JOB_NO_RETRIES");
		assertThat(open.path("elementId").asText()).isEqualTo("task_first");
		assertThat(open.path("jobKey").asText()).isEqualTo(Long.toString(job.getKey()));
		assertThat(open.path("processInstanceKey").asText()).isEqualTo(Long.toString(key));
		JsonNode detail = awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> body.at("/instance/hasIncident").asBoolean());
		assertThat(detail.path("jobs").get(0).path("retries").asInt()).isZero();
		assertThat(detail.path("jobs").get(0).path("state").asText()).isEqualTo("FAILED");
		assertThat(acme.owner()
			.get("/api/v1/process-instances?hasIncident=true&bpmnProcessId=" + this.processId)
			.json()
			.path("items")
			.findValuesAsText("key")).containsExactly(Long.toString(key));

		ApiClient.Response retried = acme.owner()
			.post("/api/v1/process-instances/" + key + "/incidents/" + open.path("key").asText() + "/retry",
					Map.of("retries", 2));

		assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
		JsonNode resolved = awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> body.path("incidents").get(0).path("state").asText().equals("RESOLVED"));
		assertThat(resolved.at("/instance/hasIncident").asBoolean()).isFalse();
		assertThat(resolved.path("jobs").get(0).path("retries").asInt()).isEqualTo(2);
		assertThat(acme.owner().get("/api/v1/incidents?bpmnProcessId=" + this.processId).json().path("items").size())
			.isZero();
		ActivatedJob again = activate(this.firstType);
		assertThat(again.getKey()).isEqualTo(job.getKey());
		this.client.newCompleteCommand(again.getKey()).send().join();
		awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> texts(body.path("activeElementIds")).equals(List.of("task_second")));
		assertThat(auditActions(acme)).contains("incident-retried");
		ApiClient.Response twice = acme.owner()
			.post("/api/v1/process-instances/" + key + "/incidents/" + open.path("key").asText() + "/retry", null);
		assertThat(twice.status()).isEqualTo(409);
	}

	@Test
	void cancellingEndsTheInstanceAndClosesItsJob() {
		Org acme = this.fixtures.acmeOrg();
		long key = startFor(acme, "deal:" + UUID.randomUUID());
		awaitJson(acme.owner(), "/api/v1/process-instances/" + key, (body) -> body.path("jobs").size() == 1);

		ApiClient.Response canceled = acme.owner().post("/api/v1/process-instances/" + key + "/cancel", null);

		assertThat(canceled.status()).as(canceled.toString()).isEqualTo(202);
		JsonNode detail = awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> body.at("/instance/state").asText().equals("TERMINATED"));
		assertThat(detail.at("/instance").hasNonNull("endedAt")).isTrue();
		assertThat(elementState(detail, "task_first")).isEqualTo("TERMINATED");
		assertThat(detail.path("jobs").get(0).path("state").asText()).isEqualTo("CANCELED");
		assertThat(this.events.of(EngineJobCanceled.class))
			.anySatisfy((event) -> assertThat(event.processInstanceKey()).isEqualTo(key));
		assertThat(auditActions(acme)).contains("canceled");
		assertThat(acme.owner().post("/api/v1/process-instances/" + key + "/cancel", null).status()).isEqualTo(409);
	}

	@Test
	void movingTerminatesTheStuckElementAndActivatesTheTarget() {
		Org acme = this.fixtures.acmeOrg();
		long key = startFor(acme, "deal:" + UUID.randomUUID());
		awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> texts(body.path("activeElementIds")).contains("task_first"));
		long audits = auditActions(acme).size();

		ApiClient.Response nothingThere = acme.owner()
			.post("/api/v1/process-instances/" + key + "/move", Map.of("from", "task_second", "to", "end_checked"));
		ApiClient.Response nowhere = acme.owner()
			.post("/api/v1/process-instances/" + key + "/move", Map.of("from", "task_first", "to", "no_such_task"));
		ApiClient.Response malformed = acme.owner()
			.post("/api/v1/process-instances/" + key + "/move", Map.of("from", "task first"));
		ApiClient.Response moved = acme.owner()
			.post("/api/v1/process-instances/" + key + "/move", Map.of("from", "task_first", "to", "task_second"));

		assertThat(nothingThere.status()).isEqualTo(409);
		assertThat(nowhere.status()).as(nowhere.toString()).isEqualTo(400);
		assertThat(nowhere.json().path("detail").asText()).contains("no_such_task");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(moved.status()).as(moved.toString()).isEqualTo(202);
		JsonNode detail = awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> texts(body.path("activeElementIds")).equals(List.of("task_second")));
		assertThat(elementState(detail, "task_first")).isEqualTo("TERMINATED");
		assertThat(auditActions(acme)).hasSize((int) audits + 1).contains("moved");
	}

	@Test
	void anotherOrganisationSeesNoneOfItAndItsActionsAre404() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		long key = startFor(acme, "deal:" + UUID.randomUUID());
		ActivatedJob job = activate(this.firstType);
		this.client.newFailCommand(job.getKey()).retries(0).errorMessage("acme's secret failure").send().join();
		String incident = awaitJson(acme.owner(), "/api/v1/process-instances/" + key,
				(body) -> body.path("incidents").size() == 1)
			.path("incidents")
			.get(0)
			.path("key")
			.asText();
		String base = "/api/v1/process-instances/" + key;

		List<ApiClient.Response> attempts = List.of(globex.owner().get(base), globex.owner().get(base + "/diagram"),
				globex.owner().post(base + "/incidents/" + incident + "/retry", null),
				globex.owner().post(base + "/cancel", null),
				globex.owner().post(base + "/move", Map.of("from", "task_first", "to", "task_second")));

		assertThat(attempts).allSatisfy((response) -> {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.isProblem()).isTrue();
		});
		assertThat(
				globex.owner().get("/api/v1/process-instances?limit=200").json().path("items").findValuesAsText("key"))
			.doesNotContain(Long.toString(key))
			.isNotEmpty();
		assertThat(globex.owner().get("/api/v1/incidents?limit=200").json().path("items").findValuesAsText("key"))
			.doesNotContain(incident);
		assertThat(globex.owner()
			.get("/api/v1/process-instances?businessKey=org:" + acme.id())
			.json()
			.path("items")
			.size()).isZero();
		// the record filter the record page uses: another organisation's record id finds
		// nothing
		assertThat(awaitJson(acme.owner(), "/api/v1/process-instances?recordId=" + acme.id(),
				(page) -> page.path("items").size() > 0)
			.path("items")
			.findValuesAsText("businessKey")).contains("org:" + acme.id());
		assertThat(globex.owner().get("/api/v1/process-instances?recordId=" + acme.id()).json().path("items").size())
			.isZero();
		JsonNode untouched = acme.owner().get(base).json();
		assertThat(untouched.at("/instance/state").asText()).isEqualTo("ACTIVE");
		assertThat(untouched.path("incidents").get(0).path("state").asText()).isEqualTo("ACTIVE");
		assertThat(auditActions(globex)).isEmpty();
	}

	@Test
	void anInstanceStartedAroundTheAppIsShownToNoOne() {
		Org acme = this.fixtures.acmeOrg();
		long unbound = startAroundTheApp(this.processId);
		long bound = startFor(acme, "deal:" + UUID.randomUUID());

		awaitJson(acme.owner(), "/api/v1/process-instances/" + bound, (body) -> true);

		assertThat(acme.owner().get("/api/v1/process-instances/" + unbound).status()).isEqualTo(404);
		assertThat(acme.owner()
			.get("/api/v1/process-instances?bpmnProcessId=" + this.processId)
			.json()
			.path("items")
			.findValuesAsText("key")).containsExactly(Long.toString(bound));
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from process_instance where process_instance_key = ? and engine_epoch = ?",
					Long.class, unbound, this.epoch.value()))
			.isZero();
	}

	@Test
	void anInstanceOfAnAppProcessLeftUnboundIsSettledAndALateBindingFails() {
		Org acme = this.fixtures.acmeOrg();
		// as after a start whose answer was lost: the engine made the instance, no one
		// bound it, and the start was made again
		this.started.starting(this.processId);
		this.projection.holdUnbound(Duration.ofSeconds(1));
		try {
			long orphan = startAroundTheApp(this.processId);
			long bound = startFor(acme, "deal:" + UUID.randomUUID());

			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(this.events.of(EngineJobCanceled.class))
					.anySatisfy((event) -> assertThat(event.processInstanceKey()).isEqualTo(orphan)));

			String epoch = this.epoch.value();
			Map<String, Object> tombstone = this.owner.jdbc()
				.queryForMap("select org_id, bpmn_process_id, business_key, orphaned_at from process_instance_owner"
						+ " where process_instance_key = ? and engine_epoch = ?", orphan, epoch);
			assertThat(tombstone.get("org_id")).isNull();
			assertThat(tombstone.get("business_key")).isNull();
			assertThat(tombstone.get("bpmn_process_id")).isEqualTo(this.processId);
			assertThat(tombstone.get("orphaned_at")).isNotNull();
			assertThat(this.projection.holds(orphan)).isFalse();
			assertThatThrownBy(() -> this.owner.jdbc().update("""
					insert into process_instance_owner (engine_epoch, process_instance_key, org_id, bpmn_process_id,
					    business_key) values (?, ?, ?, ?, ?)""", epoch, orphan, acme.id(), this.processId, "deal:late"))
				.isInstanceOf(DuplicateKeyException.class);
			assertThat(acme.owner().get("/api/v1/process-instances/" + orphan).status()).isEqualTo(404);

			// the bound instance, started at the same time, is left alone
			JsonNode kept = awaitJson(acme.owner(), "/api/v1/process-instances/" + bound,
					(body) -> texts(body.path("activeElementIds")).contains("task_first"));
			assertThat(kept.at("/instance/state").asText()).isEqualTo("ACTIVE");
			assertThat(this.events.of(EngineJobCanceled.class))
				.noneSatisfy((event) -> assertThat(event.processInstanceKey()).isEqualTo(bound));
			assertThat(this.owner.jdbc()
				.queryForObject("select org_id from process_instance_owner where process_instance_key = ?"
						+ " and engine_epoch = ?", UUID.class, bound, epoch))
				.isEqualTo(acme.id());
		}
		finally {
			this.projection.holdUnbound(this.settings.settleUnboundAfter());
		}
	}

	@Test
	void aLeadWhoseFirstBindingFailedEndsWithOneInstanceAndItsFirstIsSettled() {
		Org acme = this.fixtures.acmeOrg();
		String name = "fail_first_binding_" + UUID.randomUUID().toString().substring(0, 8);
		// the engine makes the lead's first instance, then its binding cannot be written
		// (the database failed there): the start queue keeps the row and starts again
		this.owner.jdbc().execute("create sequence " + name);
		this.owner.jdbc().execute("""
				create function %1$s() returns trigger language plpgsql security definer as $$
				begin
				  if new.org_id = '%2$s' and new.business_key like 'lead:%%' then
				    if nextval('%1$s') = 1 then
				      raise exception 'the binding could not be written';
				    end if;
				  end if;
				  return new;
				end $$""".formatted(name, acme.id()));
		this.owner.jdbc()
			.execute("create trigger " + name
					+ " before insert on process_instance_owner for each row execute function " + name + "()");
		this.projection.holdUnbound(Duration.ofSeconds(1));
		try {
			ApiClient.Response created = acme.owner().post("/api/v1/leads", Map.of("name", "Bound the second time"));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			String leadId = created.json().path("id").asText();

			await().atMost(Duration.ofSeconds(60)).until(() -> leadInstances(leadId).size() == 2);
			List<Long> instances = leadInstances(leadId);
			await().atMost(PATIENCE).until(() -> owners(instances).size() == 2);
			Map<Long, UUID> owners = owners(instances);
			long bound = instances.stream()
				.filter((key) -> acme.id().equals(owners.get(key)))
				.findFirst()
				.orElseThrow();
			long orphan = instances.stream().filter((key) -> key != bound).findFirst().orElseThrow();
			assertThat(owners.get(orphan)).as("the first instance's tombstone has no organisation").isNull();
			await().atMost(PATIENCE).until(() -> ended(orphan));

			// one instance runs the lead: it is scored, by the bound instance only
			awaitJson(acme.owner(), "/api/v1/leads/" + leadId, (body) -> body.hasNonNull("score"));
			assertThat(completedJobTypes(bound)).contains("score-lead");
			assertThat(completedJobTypes(orphan)).isEmpty();
			assertThat(this.owner.jdbc()
				.queryForObject("select count(*) from process_instance_owner where engine_epoch = ? and org_id = ?"
						+ " and business_key = ?", Long.class, this.epoch.value(), acme.id(), "lead:" + leadId))
				.isEqualTo(1);
			assertThat(this.owner.jdbc()
				.queryForObject("select count(*) from process_start_queue where record_id = ?", Long.class,
						UUID.fromString(leadId)))
				.isZero();
		}
		finally {
			this.projection.holdUnbound(this.settings.settleUnboundAfter());
			this.owner.jdbc().execute("drop trigger " + name + " on process_instance_owner");
			this.owner.jdbc().execute("drop function " + name + "()");
			this.owner.jdbc().execute("drop sequence " + name);
		}
	}

	/** The lead-to-close instances the engine made for the lead, from its records. */
	private List<Long> leadInstances(String leadId) {
		return StreamSupport.stream(engineRecords().variableRecords().spliterator(), false)
			.filter((variable) -> variable.getValue().getName().equals("leadId")
					&& variable.getValue().getValue().equals("\"" + leadId + "\""))
			.map((variable) -> variable.getValue().getProcessInstanceKey())
			.distinct()
			.toList();
	}

	/**
	 * The instances' bindings in this epoch: the organisation, or null for a tombstone.
	 */
	private Map<Long, UUID> owners(List<Long> instances) {
		Map<Long, UUID> owners = new java.util.HashMap<>();
		this.owner.jdbc()
			.query("select process_instance_key, org_id from process_instance_owner where engine_epoch = ?"
					+ " and process_instance_key = any(?)", (rs) -> {
						owners.put(rs.getLong(1), rs.getObject(2, UUID.class));
					}, this.epoch.value(), instances.toArray(Long[]::new));
		return owners;
	}

	private boolean ended(long instance) {
		return StreamSupport.stream(engineRecords().processInstanceRecords().spliterator(), false)
			.anyMatch((record) -> record.getValue().getProcessInstanceKey() == instance
					&& record.getValue().getBpmnElementType() == BpmnElementType.PROCESS
					&& record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED);
	}

	private List<String> completedJobTypes(long instance) {
		return StreamSupport.stream(engineRecords().jobRecords().spliterator(), false)
			.filter((job) -> job.getValue().getProcessInstanceKey() == instance
					&& job.getIntent() == JobIntent.COMPLETED)
			.map((job) -> job.getValue().getType())
			.toList();
	}

	private RecordStream engineRecords() {
		return RecordStream.of(EngineRecords.copyOf(this.engine));
	}

	@Test
	void recordsOfAProcessTheAppNeverStartsAreNotHeldForABinding() {
		Org acme = this.fixtures.acmeOrg();
		long foreign = startAroundTheApp(this.processId);
		String other = this.processId + "_started";
		this.client.newDeployResourceCommand()
			.addProcessModel(Bpmn.createExecutableProcess(other).startEvent().userTask("task_wait").done(),
					other + ".bpmn")
			.send()
			.join();
		this.started.starting(other);
		long mayBeBound = startAroundTheApp(other);
		// once an instance started after both is visible, the reader is past their
		// records
		long bound = Tenancy.run(TenantContext.system(acme.id()),
				() -> this.starter.start(other, "deal:" + UUID.randomUUID(), Map.of()));
		awaitJson(acme.owner(), "/api/v1/process-instances/" + bound, (body) -> true);

		assertThat(this.projection.holds(mayBeBound)).as("held for a binding that may come").isTrue();
		assertThat(this.projection.holds(foreign)).as("not held: no binding can come").isFalse();
		assertThat(acme.owner().get("/api/v1/process-instances/" + foreign).status()).isEqualTo(404);
	}

	@Test
	void recordsReadBeforeTheBindingIsWrittenAreHeldNotLost() {
		Org acme = this.fixtures.acmeOrg();
		// as the starter notes before each start: an instance of this process may be
		// bound
		this.started.starting(this.processId);
		long late = startAroundTheApp(this.processId);
		// once an instance started after it is visible, the reader is past its first
		// records
		long bound = startFor(acme, "deal:" + UUID.randomUUID());
		awaitJson(acme.owner(), "/api/v1/process-instances/" + bound, (body) -> true);
		assertThat(acme.owner().get("/api/v1/process-instances/" + late).status()).isEqualTo(404);
		// keys repeat across the embedded engine's runs: the binding is this run's
		String epoch = this.epoch.value();

		this.owner.jdbc().update("""
				insert into process_instance_owner (engine_epoch, process_instance_key, org_id, bpmn_process_id,
				    business_key) values (?, ?, ?, ?, ?)""", epoch, late, acme.id(), this.processId, "deal:late");

		JsonNode detail = awaitJson(acme.owner(), "/api/v1/process-instances/" + late,
				(body) -> texts(body.path("activeElementIds")).contains("task_first"));
		assertThat(texts(detail.path("elements"), "elementId")).startsWith("start_checked");
		assertThat(detail.at("/instance/businessKey").asText()).isEqualTo("deal:late");
	}

	@Test
	void listsPageWithACursorAndRefuseBadFilters() {
		Org acme = this.fixtures.acmeOrg();
		List<Long> keys = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			keys.add(startFor(acme, "deal:" + UUID.randomUUID()));
		}
		String query = "/api/v1/process-instances?bpmnProcessId=" + this.processId + "&limit=2";
		JsonNode first = awaitJson(acme.owner(), query, (page) -> page.hasNonNull("nextCursor"));
		JsonNode second = acme.owner().get(query + "&cursor=" + first.path("nextCursor").asText()).json();

		List<String> seen = new ArrayList<>(first.path("items").findValuesAsText("key"));
		seen.addAll(second.path("items").findValuesAsText("key"));
		assertThat(seen).containsExactlyInAnyOrderElementsOf(keys.stream().map(String::valueOf).toList());
		assertThat(second.hasNonNull("nextCursor")).isFalse();
		ApiClient.Response badState = acme.owner().get("/api/v1/process-instances?state=SLEEPING");
		ApiClient.Response badCursor = acme.owner().get("/api/v1/process-instances?cursor=garbage");
		ApiClient.Response badKey = acme.owner().get("/api/v1/process-instances/not-a-key");
		assertThat(List.of(badState, badCursor, badKey)).allSatisfy((response) -> {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.problem()).isEqualTo("validation");
		});
	}

	/**
	 * Starts an instance with the engine's client, as zbctl would: the app binds it to no
	 * one.
	 */
	private long startAroundTheApp(String processId) {
		return this.client.newCreateInstanceCommand()
			.bpmnProcessId(processId)
			.latestVersion()
			.send()
			.join()
			.getProcessInstanceKey();
	}

	private long startFor(Org org, String businessKey) {
		return Tenancy.run(TenantContext.system(org.id()),
				() -> this.starter.start(this.processId, businessKey, Map.of()));
	}

	private ActivatedJob activate(String type) {
		List<ActivatedJob> jobs = new ArrayList<>();
		await().atMost(PATIENCE).until(() -> {
			jobs.addAll(this.client.newActivateJobsCommand()
				.jobType(type)
				.maxJobsToActivate(1)
				.workerName("monitor-test")
				.send()
				.join()
				.getJobs());
			return !jobs.isEmpty();
		});
		return jobs.get(0);
	}

	/**
	 * Waits for the answer to meet the condition; a timeout says what the last answer
	 * was, so a failure in CI shows whether the instance was missing, doubled or late.
	 */
	private static JsonNode awaitJson(ApiClient client, String path, Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		ApiClient.Response[] lastResponse = new ApiClient.Response[1];
		try {
			await().atMost(PATIENCE).until(() -> {
				ApiClient.Response response = client.get(path);
				lastResponse[0] = response;
				if (response.status() != 200) {
					return false;
				}
				last[0] = response.json();
				return condition.test(last[0]);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("GET " + path + " did not meet the condition within " + PATIENCE
					+ "; the last answer: " + lastResponse[0], ex);
		}
		return last[0];
	}

	private List<String> auditActions(Org org) {
		return this.owner.jdbc()
			.queryForList("select action from audit_log where org_id = ? and entity = 'process_instance'", String.class,
					org.id());
	}

	private static String elementState(JsonNode detail, String elementId) {
		for (JsonNode element : detail.path("elements")) {
			if (element.path("elementId").asText().equals(elementId)) {
				return element.path("state").asText();
			}
		}
		return null;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asText()));
		return texts;
	}

	private static List<String> texts(JsonNode array, String field) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.path(field).asText()));
		return texts;
	}

}
