package com.nexacrm.process;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;

import com.nexacrm.tenant.Role;
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
		return java.util.stream.StreamSupport
			.stream(RecordStream.of(this.engine.getRecordStreamSource()).jobRecords().spliterator(), false)
			.filter((job) -> job.getValue().getProcessInstanceKey() == instance
					&& job.getValue().getType().equals("io.camunda.zeebe:userTask")
					&& job.getIntent() == io.camunda.zeebe.protocol.record.intent.JobIntent.CREATED)
			.count();
	}

	private Record<IncidentRecordValue> incidentOf(long instance) {
		return java.util.stream.StreamSupport
			.stream(RecordStream.of(this.engine.getRecordStreamSource()).incidentRecords().spliterator(), false)
			.filter((incident) -> incident.getValue().getProcessInstanceKey() == instance)
			.findFirst()
			.orElse(null);
	}

}
