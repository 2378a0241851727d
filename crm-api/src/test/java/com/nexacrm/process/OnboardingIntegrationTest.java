package com.nexacrm.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.stream.StreamSupport;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;

import com.nexacrm.tenant.Role;
import com.nexacrm.support.EngineRecords;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.workers.email.Mailer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first process end to end: sign-up starts onboarding on the embedded engine, the
 * send-email worker runs for the new organisation and the welcome email lands in its
 * outbox.
 */
@IntegrationTest
class OnboardingIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private CamundaClient client;

	@Autowired
	private ZeebeTestEngine engine;

	@Autowired
	private Mailer mailer;

	@Test
	void signUpWelcomesTheOwnerThroughTheOnboardingProcess() {
		Org acme = this.fixtures.acmeOrg();

		await().atMost(Duration.ofSeconds(30)).until(() -> acme.owner().get("/api/v1/outbox").json().size() == 1);
		var email = acme.owner().get("/api/v1/outbox").json().get(0);
		assertThat(email.path("to").asText()).isEqualTo(acme.ownerEmail());
		assertThat(email.path("template").asText()).isEqualTo("welcome");
		assertThat(email.path("subject").asText()).contains("Welcome");
		Long instance = this.owner.jdbc()
			.queryForObject(
					"select process_instance_key from process_instance_owner where business_key = ? and org_id = ?",
					Long.class, "org:" + acme.id(), acme.id());
		// after the welcome the owner's checklist opens: the instance waits there, with
		// no incident
		await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(instance) >= 4);
		assertThat(incidentOf(instance)).isNull();
	}

	@Test
	void checklistItemsTickThemselvesWhenTheThingIsDoneInTheApp() {
		Org acme = this.fixtures.acmeOrg();
		Long instance = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.owner.jdbc()
				.queryForList("select process_instance_key from process_instance_owner where business_key = ?",
						Long.class, "org:" + acme.id()),
					(keys) -> !keys.isEmpty())
			.get(0);
		await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(instance) >= 4);

		acme.owner().post("/api/v1/invitations", Map.of("email", "first@acme.example", "role", "MEMBER"));
		acme.owner()
			.post("/api/v1/pipelines", Map.of("name", "Renewals", "stages",
					java.util.List.of(Map.of("name", "Up for renewal", "probability", 50, "kind", "OPEN"))));

		await().atMost(Duration.ofSeconds(30)).until(() -> ended(instance, "msg_team_invited"));
		await().atMost(Duration.ofSeconds(30)).until(() -> ended(instance, "msg_pipeline_set_up"));
		assertThat(ended(instance, "msg_data_imported")).isFalse();
		assertThat(ended(instance, "msg_slack_connected")).isFalse();
	}

	private boolean ended(long instance, String elementId) {
		return records().stream()
			.filter((record) -> record.getValueType() == ValueType.PROCESS_INSTANCE && record
				.getIntent() == io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent.ELEMENT_COMPLETED)
			.map((record) -> (io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue) record.getValue())
			.anyMatch((value) -> value.getProcessInstanceKey() == instance && value.getElementId().equals(elementId));
	}

	@Autowired
	private OnboardingRecovery recovery;

	@Test
	void afterAnEngineRestartARunningOnboardingComesBackAtItsChecklistWithTheDoneItemsTicked() {
		Org acme = this.fixtures.acmeOrg();
		Long instance = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.owner.jdbc()
				.queryForList("select process_instance_key from process_instance_owner where business_key = ?",
						Long.class, "org:" + acme.id()),
					(keys) -> !keys.isEmpty())
			.get(0);
		await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(instance) >= 4);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.owner.jdbc()
				.queryForObject("select count(*) from process_instance where org_id = ? and process_instance_key = ?"
						+ " and state = 'ACTIVE'", Long.class, acme.id(), instance) == 1);
		acme.owner().post("/api/v1/invitations", Map.of("email", "early@acme.example", "role", "MEMBER"));

		// what a restart leaves: the bindings and the projection from an earlier engine
		// run
		this.owner.jdbc()
			.update("update process_instance_owner set engine_epoch = 'embedded:before-restart' where org_id = ?",
					acme.id());
		this.owner.jdbc()
			.update("update process_instance set engine_epoch = 'embedded:before-restart' where org_id = ?", acme.id());

		assertThat(this.recovery.recover()).isGreaterThanOrEqualTo(1);
		Long restored = this.owner.jdbc()
			.queryForObject("select process_instance_key from process_instance_owner where business_key = ?"
					+ " and engine_epoch <> 'embedded:before-restart'", Long.class, "org:" + acme.id());
		await().atMost(Duration.ofSeconds(30)).until(() -> ended(restored, "msg_team_invited"));
		assertThat(activatedIn(restored, "task_send_welcome_email")).isFalse();
		assertThat(activatedIn(restored, "task_set_up_pipeline")).isTrue();
		assertThat(StreamSupport.stream(acme.owner().get("/api/v1/outbox").json().spliterator(), false)
			.filter((e) -> e.path("template").asText().equals("welcome"))
			.count()).isEqualTo(1);
		// a second recovery finds it under control
		this.recovery.recover();
		assertThat(
				this.owner.jdbc()
					.queryForObject("select count(*) from process_instance_owner where org_id = ?"
							+ " and engine_epoch <> 'embedded:before-restart' and bpmn_process_id = 'onboarding'",
							Long.class, acme.id()))
			.isEqualTo(1);
	}

	private boolean activatedIn(long instance, String elementId) {
		return java.util.stream.StreamSupport
			.stream(io.camunda.zeebe.process.test.filters.RecordStream.of(EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.anyMatch((r) -> r.getValue()
				.getProcessInstanceKey() == instance && r.getValue().getElementId().equals(elementId) && r
					.getIntent() == io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent.ELEMENT_ACTIVATED);
	}

	@Test
	void aJobOfAnInstanceTheAppDidNotStartBecomesAnIncidentAndRunsNowhere() {
		Org acme = this.fixtures.acmeOrg();
		await().until(() -> acme.owner().get("/api/v1/outbox").json().size() == 1);
		// started around the app (as zbctl could), with variables naming a real owner
		long instance = this.client.newCreateInstanceCommand()
			.bpmnProcessId("onboarding")
			.latestVersion()
			.variables(Map.of("ownerUserId", acme.ownerId().toString(), "orgId", acme.id().toString()))
			.send()
			.join()
			.getProcessInstanceKey();

		await().atMost(Duration.ofSeconds(30)).until(() -> incidentOf(instance) != null);

		assertThat(incidentOf(instance).getValue().getErrorMessage()).contains("No organisation owns process instance");
		assertThat(acme.owner().get("/api/v1/outbox").json().size()).isEqualTo(1);
	}

	@Test
	void anEmailStepDeliveredTwiceSendsOneEmail() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		await().until(() -> acme.owner().get("/api/v1/outbox").json().size() == 1);
		TenantContext asAcme = new TenantContext(acme.id(), null, Role.OWNER);

		Tenancy.call(asAcme, () -> {
			this.mailer.sendTemplate("welcome", acme.ownerId(), "job:42");
			this.mailer.sendTemplate("welcome", acme.ownerId(), "job:42");
			return null;
		});

		assertThat(acme.owner().get("/api/v1/outbox").json().size()).isEqualTo(2);
	}

	@Test
	void aRecipientOutsideTheOrganisationIsABusinessOutcome() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		TenantContext asAcme = new TenantContext(acme.id(), null, Role.OWNER);

		Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Tenancy.call(asAcme, () -> {
			this.mailer.sendTemplate("welcome", globex.ownerId(), "job:43");
			return null;
		}));

		assertThat(thrown).isInstanceOf(Mailer.RecipientUnknown.class);
	}

	private long jobsOf(long instance) {
		return records().stream()
			.filter((record) -> record.getValueType() == ValueType.JOB
					&& record.getIntent() == io.camunda.zeebe.protocol.record.intent.JobIntent.CREATED)
			.map((record) -> (JobRecordValue) record.getValue())
			.filter((job) -> job.getProcessInstanceKey() == instance
					&& job.getType().equals("io.camunda.zeebe:userTask"))
			.count();
	}

	@SuppressWarnings("unchecked")
	private Record<IncidentRecordValue> incidentOf(long instance) {
		return records().stream()
			.filter((record) -> record.getValueType() == ValueType.INCIDENT
					&& ((IncidentRecordValue) record.getValue()).getProcessInstanceKey() == instance)
			.map((record) -> (Record<IncidentRecordValue>) record)
			.findFirst()
			.orElse(null);
	}

	/**
	 * A copy of the engine's record list. The app's record reader appends to that list
	 * from its own thread, so iterating it in place could fail half-way; a slot not yet
	 * visible to this thread copies as null and is left out.
	 */
	private List<Record<?>> records() {
		List<Record<?>> copy = new ArrayList<>(
				(Collection<Record<?>>) this.engine.getRecordStreamSource().getRecords());
		copy.removeIf(Objects::isNull);
		return copy;
	}

}
