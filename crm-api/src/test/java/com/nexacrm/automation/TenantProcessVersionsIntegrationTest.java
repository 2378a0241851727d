package com.nexacrm.automation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import org.junit.jupiter.api.Test;

import com.nexacrm.process.ProcessStarter;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An organisation deploys its own version of a shipped process: its new instances run it,
 * every other organisation keeps the shipped model, running instances keep their version,
 * and a rollback makes the next instance use the earlier version again.
 */
@IntegrationTest
class TenantProcessVersionsIntegrationTest {

	static final String XML = "application/xml";

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private ProcessStarter starter;

	@Autowired
	private ZeebeTestEngine engine;

	@Test
	void newInstancesRunTheOrganisationsActiveVersionAndOtherOrganisationsKeepTheShippedOne() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		awaitOutbox(acme, 1);
		awaitOutbox(globex, 1);
		ApiClient.Response shipped = acme.owner().get("/api/v1/automation/processes/onboarding/bpmn");
		assertThat(shipped.status()).isEqualTo(200);
		assertThat(shipped.contentType()).startsWith("application/xml");
		String original = shipped.body();

		ApiClient.Response v1 = deploy(acme, withWelcomeTemplate(original, "onboarding-reminder"));
		assertThat(v1.status()).as(v1.toString()).isEqualTo(201);
		assertThat(v1.json().path("version").asInt()).isEqualTo(1);
		assertThat(v1.json().path("active").asBoolean()).isTrue();

		long acmeFirst = start(acme);
		long globexFirst = start(globex);
		assertThat(processOf(acmeFirst).getBpmnProcessId()).isEqualTo(EngineProcessIds.of(acme.id(), "onboarding"));
		assertThat(processOf(globexFirst).getBpmnProcessId()).isEqualTo("onboarding");
		awaitOutbox(acme, 2);
		awaitOutbox(globex, 2);
		assertThat(templates(acme)).containsExactlyInAnyOrder("welcome", "onboarding-reminder");
		assertThat(templates(globex)).containsExactly("welcome", "welcome");
		assertThat(globex.owner().get("/api/v1/automation/processes/onboarding/bpmn").body()).isEqualTo(original);

		ApiClient.Response v2 = deploy(acme, withWelcomeTemplate(original, "trial-ending-soon"));
		assertThat(v2.json().path("version").asInt()).isEqualTo(2);
		long acmeSecond = start(acme);
		awaitOutbox(acme, 3);
		assertThat(templates(acme)).contains("trial-ending-soon");
		assertThat(processOf(acmeSecond).getProcessDefinitionKey())
			.isNotEqualTo(processOf(acmeFirst).getProcessDefinitionKey());
		// the instance started on version 1 keeps running on it: its checklist is open
		assertThat(isActive(acmeFirst)).isTrue();

		ApiClient.Response rolledBack = acme.owner()
			.post("/api/v1/automation/versions/" + v1.json().path("versionId").asText() + "/rollback", null);
		assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
		assertThat(rolledBack.json().path("active").asBoolean()).isTrue();
		long acmeThird = start(acme);
		awaitOutbox(acme, 4);
		assertThat(processOf(acmeThird).getProcessDefinitionKey())
			.isEqualTo(processOf(acmeFirst).getProcessDefinitionKey());
		assertThat(templates(acme)).filteredOn("onboarding-reminder"::equals).hasSize(2);
		assertThat(isActive(acmeSecond)).isTrue();

		JsonNode versions = acme.owner().get("/api/v1/automation/processes/onboarding/versions").json();
		assertThat(versions.findValuesAsText("version")).containsExactly("2", "1");
		assertThat(versions.get(1).path("active").asBoolean()).isTrue();
		assertThat(acme.owner().get("/api/v1/automation/processes/onboarding/bpmn").body())
			.isEqualTo(withWelcomeTemplate(original, "onboarding-reminder"));
		JsonNode list = acme.owner().get("/api/v1/automation/processes").json();
		assertThat(list.findValuesAsText("processId")).contains("lead-to-close", "trial", "onboarding");
		JsonNode onboarding = summary(list, "onboarding");
		assertThat(onboarding.path("activeVersion").asInt()).isEqualTo(1);
		assertThat(onboarding.path("versions").asInt()).isEqualTo(2);
		assertThat(summary(globex.owner().get("/api/v1/automation/processes").json(), "onboarding")
			.hasNonNull("activeVersion")).isFalse();
		assertThat(this.owner.jdbc()
			.queryForList(
					"select action from audit_log where org_id = ? and entity = 'process-version' order by occurred_at",
					String.class, acme.id()))
			.containsExactly("deployed", "deployed", "rolled-back-to");
	}

	@Test
	void theMonitorListsAnOrganisationsOwnVersionUnderTheShippedIdAndOnlyForThatOrganisation() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		String original = acme.owner().get("/api/v1/automation/processes/onboarding/bpmn").body();
		assertThat(deploy(acme, withWelcomeTemplate(original, "onboarding-reminder")).status()).isEqualTo(201);
		assertThat(deploy(globex, withWelcomeTemplate(original, "onboarding-reminder")).status()).isEqualTo(201);
		String acmeOwn = Long.toString(start(acme));
		String globexOwn = Long.toString(start(globex));
		String byShippedId = "/api/v1/process-instances?bpmnProcessId=onboarding&limit=200";

		await().atMost(Duration.ofSeconds(30))
			.until(() -> acme.owner().get(byShippedId).json().path("items").findValuesAsText("key").contains(acmeOwn));
		JsonNode acmeList = acme.owner().get(byShippedId).json().path("items");
		assertThat(acmeList.findValuesAsText("bpmnProcessId")).contains("onboarding",
				EngineProcessIds.of(acme.id(), "onboarding"));
		assertThat(acmeList.findValuesAsText("key")).doesNotContain(globexOwn);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> globex.owner()
				.get(byShippedId)
				.json()
				.path("items")
				.findValuesAsText("key")
				.contains(globexOwn));
		assertThat(globex.owner().get(byShippedId).json().path("items").findValuesAsText("key"))
			.doesNotContain(acmeOwn);
		// another organisation's engine id finds nothing either: the filter only ever
		// adds the caller's own id
		assertThat(globex.owner()
			.get("/api/v1/process-instances?bpmnProcessId=" + EngineProcessIds.of(acme.id(), "onboarding"))
			.json()
			.path("items")
			.size()).isZero();
		assertThat(acme.owner().get("/api/v1/incidents?bpmnProcessId=onboarding").status()).isEqualTo(200);
	}

	@Test
	void uploadingTheActiveVersionAgainChangesNothingAndJsonBodiesWorkToo() {
		Org acme = this.fixtures.acmeOrg();
		String original = acme.owner().get("/api/v1/automation/processes/trial/bpmn").body();
		String changed = original.replace("name=\"Trial\"", "name=\"Our trial\"");

		ApiClient.Response first = acme.owner()
			.post("/api/v1/automation/processes/trial/versions", Map.of("xml", changed));
		ApiClient.Response again = deploy(acme, "trial", changed);

		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("versionId").asText()).isEqualTo(first.json().path("versionId").asText());
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from process_version where org_id = ?", Long.class, acme.id()))
			.isEqualTo(1);
		assertThat(acme.owner()
			.get("/api/v1/automation/versions/" + first.json().path("versionId").asText() + "/bpmn")
			.body()).isEqualTo(changed);
	}

	@Test
	void anotherOrganisationCannotSeeDeployOrRollBackTheVersions() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		String original = acme.owner().get("/api/v1/automation/processes/onboarding/bpmn").body();
		String versionId = deploy(acme, withWelcomeTemplate(original, "onboarding-reminder")).json()
			.path("versionId")
			.asText();

		assertThat(globex.owner().get("/api/v1/automation/versions/" + versionId + "/bpmn").status()).isEqualTo(404);
		ApiClient.Response rollback = globex.owner()
			.post("/api/v1/automation/versions/" + versionId + "/rollback", null);
		assertThat(rollback.status()).isEqualTo(404);
		assertThat(rollback.isProblem()).isTrue();
		assertThat(globex.owner().get("/api/v1/automation/processes/onboarding/versions").json()).isEmpty();
		String acmeEngineId = EngineProcessIds.of(acme.id(), "onboarding");
		assertThat(globex.owner().get("/api/v1/automation/processes/" + acmeEngineId + "/bpmn").status())
			.isEqualTo(404);
		assertThat(deploy(globex, acmeEngineId, original).status()).isEqualTo(404);
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from process_version where org_id = ?", Long.class, globex.id())).isZero();
		// Globex's new instances still start the shipped model
		assertThat(processOf(start(globex)).getBpmnProcessId()).isEqualTo("onboarding");
	}

	@Test
	void definitionsMissingFromTheEngineEpochAreDeployedAgain() {
		Org acme = this.fixtures.acmeOrg();
		String original = acme.owner().get("/api/v1/automation/processes/onboarding/bpmn").body();
		deploy(acme, withWelcomeTemplate(original, "onboarding-reminder"));
		// as after a restart of the embedded engine: no definition recorded for this
		// epoch
		this.owner.jdbc().update("delete from process_version_definition where org_id = ?", acme.id());

		long instance = start(acme);

		assertThat(processOf(instance).getBpmnProcessId()).isEqualTo(EngineProcessIds.of(acme.id(), "onboarding"));
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from process_version_definition where org_id = ?", Long.class, acme.id()))
			.isEqualTo(1);
	}

	@Test
	void aRecordIsBroughtBackOnTheShippedModelWhenTheOrganisationsVersionLacksTheElement() {
		Org acme = this.fixtures.acmeOrg();
		String own = MaliciousProcessModelIntegrationTest.model("onboarding", "",
				MaliciousProcessModelIntegrationTest.userTask("task_own_step"));
		assertThat(deploy(acme, own).status()).isEqualTo(201);
		Map<String, Object> variables = Map.of("ownerUserId", acme.ownerId().toString(), "checklistKey",
				UUID.randomUUID().toString());

		long onOwnElement = Tenancy.run(TenantContext.system(acme.id()),
				() -> this.starter.start("onboarding", "test:" + UUID.randomUUID(), variables, "task_own_step"));
		long onShippedElement = Tenancy.run(TenantContext.system(acme.id()),
				() -> this.starter.start("onboarding", "test:" + UUID.randomUUID(), variables, "subprocess_checklist"));

		assertThat(processOf(onOwnElement).getBpmnProcessId()).isEqualTo(EngineProcessIds.of(acme.id(), "onboarding"));
		assertThat(processOf(onShippedElement).getBpmnProcessId()).isEqualTo("onboarding");
		assertThat(this.owner.jdbc()
			.queryForObject(
					"select count(*) from process_instance_owner where org_id = ? and process_instance_key in (?, ?)",
					Long.class, acme.id(), onOwnElement, onShippedElement))
			.isEqualTo(2);
	}

	static String withWelcomeTemplate(String xml, String template) {
		String welcome = "source=\"=&quot;welcome&quot;\" target=\"template\"";
		assertThat(xml).contains(welcome);
		return xml.replace(welcome, "source=\"=&quot;" + template + "&quot;\" target=\"template\"");
	}

	static ApiClient.Response deploy(Org org, String xml) {
		return deploy(org, "onboarding", xml);
	}

	static ApiClient.Response deploy(Org org, String processId, String xml) {
		return org.owner().raw("POST", "/api/v1/automation/processes/" + processId + "/versions", xml, XML);
	}

	private long start(Org org) {
		return Tenancy.run(TenantContext.system(org.id()),
				() -> this.starter.start("onboarding", "test:" + UUID.randomUUID(),
						Map.of("ownerUserId", org.ownerId().toString(), "checklistKey", UUID.randomUUID().toString())));
	}

	private void awaitOutbox(Org org, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> org.owner().get("/api/v1/outbox").json().size() >= count);
		assertThat(org.owner().get("/api/v1/outbox").json().size()).isEqualTo(count);
	}

	private static List<String> templates(Org org) {
		return org.owner().get("/api/v1/outbox").json().findValuesAsText("template");
	}

	private static JsonNode summary(JsonNode list, String processId) {
		for (JsonNode process : list) {
			if (process.path("processId").asText().equals(processId)) {
				return process;
			}
		}
		throw new AssertionError("no " + processId + " in " + list);
	}

	private ProcessInstanceRecordValue processOf(long instance) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.filter((record) -> record.getKey() == instance
					&& record.getValue().getBpmnElementType() == BpmnElementType.PROCESS)
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	private boolean isActive(long instance) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.noneMatch((record) -> record.getKey() == instance
					&& (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
							|| record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED));
	}

}
