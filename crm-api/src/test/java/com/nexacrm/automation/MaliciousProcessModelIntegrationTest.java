package com.nexacrm.automation;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
 * A tenant's hostile BPMN: each is refused with a documented problem (422
 * invalid-process-model listing codes and element ids, or 413 for a body over the request
 * limit), nothing is stored or deployed, nothing leaks, and the organisation's active
 * version keeps running. A model that is accepted cannot move its jobs to another
 * organisation by setting {@code orgId}.
 */
@IntegrationTest
class MaliciousProcessModelIntegrationTest {

	private static final String BPMN_NS = "xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
			+ "xmlns:zeebe=\"http://camunda.org/schema/zeebe/1.0\"";

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private ProcessStarter starter;

	@Autowired
	private ZeebeTestEngine engine;

	private Org acme;

	private String activeVersionId;

	@BeforeEach
	void acmeRunsItsOwnVersion() {
		this.acme = this.fixtures.acmeOrg();
		String shipped = this.acme.owner().get("/api/v1/automation/processes/onboarding/bpmn").body();
		ApiClient.Response deployed = TenantProcessVersionsIntegrationTest.deploy(this.acme,
				TenantProcessVersionsIntegrationTest.withWelcomeTemplate(shipped, "onboarding-reminder"));
		assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
		this.activeVersionId = deployed.json().path("versionId").asText();
	}

	static java.util.stream.Stream<Arguments> hostileModels() {
		String lol = "<!ENTITY lol \"lol\">" + java.util.stream.IntStream.rangeClosed(1, 9)
			.mapToObj((i) -> "<!ENTITY lol" + i + " \"" + ("&lol" + ((i == 1) ? "" : i - 1) + ";").repeat(10) + "\">")
			.reduce("", String::concat);
		return java.util.stream.Stream.of(Arguments.of("XXE",
				"<?xml version=\"1.0\"?>\n<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
						+ model("onboarding", "name=\"&xxe;\"", task("task_x", "send-email"))
							.replaceFirst("<\\?xml[^>]*>\\s*", ""),
				"doctype-not-allowed", null),
				Arguments.of("billion laughs",
						"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [" + lol + "]>\n"
								+ model("onboarding", "name=\"&lol9;\"", task("task_x", "send-email"))
									.replaceFirst("<\\?xml[^>]*>\\s*", ""),
						"doctype-not-allowed", null),
				Arguments.of("not XML", "<bpmn:definitions " + BPMN_NS + "><bpmn:process", "not-well-formed", null),
				Arguments.of("not BPMN", "<?xml version=\"1.0\"?><html><body>hi</body></html>", "not-bpmn", null),
				Arguments.of("unknown job type", model("onboarding", "", task("task_wipe", "delete-every-org")),
						"unknown-job-type", "task_wipe"),
				Arguments.of("job type expression", model("onboarding", "", task("task_any", "=jobType")),
						"job-type-expression", "task_any"),
				Arguments.of("another process id", model("onboarding-2", "", task("task_x", "send-email")),
						"process-id", "onboarding-2"),
				Arguments.of("a second process hijacking the shipped trial", model("onboarding", "",
						task("task_x", "send-email"))
					.replace("</bpmn:definitions>",
							"<bpmn:process id=\"trial\" isExecutable=\"true\"><bpmn:startEvent id=\"s2\"/></bpmn:process></bpmn:definitions>"),
						"one-process", null),
				Arguments.of("call activity", model("onboarding", "",
						"<bpmn:callActivity id=\"task_call\" name=\"Call\"><bpmn:extensionElements><zeebe:calledElement processId=\"trial\"/></bpmn:extensionElements></bpmn:callActivity>"),
						"call-activity", "task_call"),
				Arguments.of("timer start event", model("onboarding", "", task("task_x", "send-email")).replace(
						"<bpmn:startEvent id=\"start\"/>",
						"<bpmn:startEvent id=\"start\"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>"),
						"triggered-start-event", "start"),
				Arguments.of("signal throw", model("onboarding", "",
						"<bpmn:intermediateThrowEvent id=\"throw_signal\" name=\"Signal\"><bpmn:signalEventDefinition id=\"signal_def\" signalRef=\"signal_all\"/></bpmn:intermediateThrowEvent>")
					.replace("<bpmn:process", "<bpmn:signal id=\"signal_all\" name=\"everyone\"/><bpmn:process"),
						"signal-event", "throw_signal"),
				Arguments.of("timer cycle every 10 seconds",
						model("onboarding", "", userTask("task_wait") + boundaryCycle("task_wait", "R/PT10S")),
						"timer-cycle-too-short", "timer_cycle"),
				Arguments.of("cron timer cycle",
						model("onboarding", "", userTask("task_wait") + boundaryCycle("task_wait", "* * * * * ?")),
						"timer-cycle-not-literal", "timer_cycle"),
				Arguments.of("a loop that never waits", busyLoop(), "loop-without-wait-state", null),
				Arguments.of("execution listener", model("onboarding", "", task("task_x", "send-email").replace(
						"<zeebe:taskDefinition",
						"<zeebe:executionListeners><zeebe:executionListener eventType=\"start\" type=\"exfiltrate\"/></zeebe:executionListeners><zeebe:taskDefinition")),
						"listener-not-allowed", "task_x"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileModels")
	void aHostileModelIsRefusedWithItsProblemAndNothingChanges(String name, String xml, String code, String elementId) {
		long versions = this.owner.count("process_version");

		ApiClient.Response validation = this.acme.owner()
			.raw("POST", "/api/v1/automation/processes/onboarding/validate", xml, "application/xml");
		ApiClient.Response deploy = TenantProcessVersionsIntegrationTest.deploy(this.acme, xml);

		assertThat(validation.status()).as(validation.toString()).isEqualTo(200);
		assertThat(validation.json().path("valid").asBoolean()).isFalse();
		assertThat(deploy.status()).as(deploy.toString()).isEqualTo(422);
		assertThat(deploy.isProblem()).isTrue();
		assertThat(deploy.problem()).isEqualTo("invalid-process-model");
		for (JsonNode problems : new JsonNode[] { validation.json().path("problems"),
				deploy.json().path("problems") }) {
			assertThat(problems).anySatisfy((problem) -> {
				assertThat(problem.path("code").asText()).isEqualTo(code);
				if (elementId != null) {
					assertThat(problem.path("elementId").asText()).isEqualTo(elementId);
				}
			});
		}
		assertThat(deploy.body()).doesNotContain("root:").doesNotContain("lollollol").doesNotContain("Exception");
		assertThat(this.owner.count("process_version")).isEqualTo(versions);
		assertActiveVersionUnchanged();
	}

	@Test
	void aTenMegabyteUploadIsA413AndAModelOverTheModelLimitA422() {
		long versions = this.owner.count("process_version");
		String padding = "<!--" + "x".repeat(10 * 1024 * 1024) + "-->";
		String tenMegabytes = model("onboarding", "", task("task_x", "send-email")).replace("</bpmn:definitions>",
				padding + "</bpmn:definitions>");
		String overModelLimit = model("onboarding", "", task("task_x", "send-email")).replace("</bpmn:definitions>",
				"<!--" + "x".repeat(600 * 1024) + "--></bpmn:definitions>");

		ApiClient.Response huge = TenantProcessVersionsIntegrationTest.deploy(this.acme, tenMegabytes);
		ApiClient.Response large = TenantProcessVersionsIntegrationTest.deploy(this.acme, overModelLimit);

		assertThat(huge.status()).isEqualTo(413);
		assertThat(huge.problem()).isEqualTo("payload-too-large");
		assertThat(large.status()).isEqualTo(422);
		assertThat(large.json().at("/problems/0/code").asText()).isEqualTo("too-large");
		assertThat(this.owner.count("process_version")).isEqualTo(versions);
		assertActiveVersionUnchanged();
	}

	@Test
	void aModelTheEngineRefusesIsA422AndStoresNothing() {
		long versions = this.owner.count("process_version");
		String badFeel = model("onboarding", "", task("task_x", "send-email").replace("<zeebe:taskDefinition",
				"<zeebe:ioMapping><zeebe:input source=\"=1 +\" target=\"template\"/></zeebe:ioMapping><zeebe:taskDefinition"));

		ApiClient.Response deploy = TenantProcessVersionsIntegrationTest.deploy(this.acme, badFeel);

		assertThat(deploy.status()).as(deploy.toString()).isEqualTo(422);
		assertThat(deploy.json().path("problems").findValuesAsText("code")).isNotEmpty();
		assertThat(this.owner.count("process_version")).isEqualTo(versions);
		assertActiveVersionUnchanged();
	}

	@Test
	void aScriptSettingOrgIdToAnotherOrganisationDoesNotMoveTheJobs() {
		Org globex = this.fixtures.globexOrg();
		awaitOutbox(globex, 1);
		String script = "<bpmn:scriptTask id=\"task_claim_globex\" name=\"Claim Globex\"><bpmn:extensionElements>"
				+ "<zeebe:script expression=\"=&quot;" + globex.id() + "&quot;\" resultVariable=\"orgId\"/>"
				+ "</bpmn:extensionElements></bpmn:scriptTask>";
		String emailOwner = "<bpmn:serviceTask id=\"task_email_owner\" name=\"Email owner\"><bpmn:extensionElements>"
				+ "<zeebe:taskDefinition type=\"send-email\"/><zeebe:ioMapping>"
				+ "<zeebe:input source=\"=&quot;trial-ending-soon&quot;\" target=\"template\"/>"
				+ "<zeebe:input source=\"=ownerUserId\" target=\"recipientUserId\"/>" + "<zeebe:input source=\"=&quot;"
				+ globex.id() + "&quot;\" target=\"orgId\"/>"
				+ "</zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>";
		String emailGlobexOwner = "<bpmn:serviceTask id=\"task_email_globex_owner\" name=\"Email Globex owner\"><bpmn:extensionElements>"
				+ "<zeebe:taskDefinition type=\"send-email\"/><zeebe:ioMapping>"
				+ "<zeebe:input source=\"=&quot;trial-expired&quot;\" target=\"template\"/>"
				+ "<zeebe:input source=\"=&quot;" + globex.ownerId() + "&quot;\" target=\"recipientUserId\"/>"
				+ "</zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>"
				+ "<bpmn:boundaryEvent id=\"boundary_refused\" name=\"Refused\" attachedToRef=\"task_email_globex_owner\">"
				+ "<bpmn:errorEventDefinition errorRef=\"error_recipient_unknown\"/></bpmn:boundaryEvent>"
				+ "<bpmn:endEvent id=\"end_refused\" name=\"Refused\"/>"
				+ "<bpmn:sequenceFlow id=\"flow_refused\" sourceRef=\"boundary_refused\" targetRef=\"end_refused\"/>";
		String xml = model("onboarding", "", script + emailOwner + emailGlobexOwner).replace("<bpmn:process",
				"<bpmn:error id=\"error_recipient_unknown\" name=\"Recipient unknown\" errorCode=\"recipient-unknown\"/><bpmn:process");
		ApiClient.Response deployed = TenantProcessVersionsIntegrationTest.deploy(this.acme, xml);
		assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
		int acmeEmails = this.acme.owner().get("/api/v1/outbox").json().size();

		long instance = Tenancy.run(TenantContext.system(this.acme.id()), () -> this.starter.start("onboarding",
				"test:" + UUID.randomUUID(), Map.of("ownerUserId", this.acme.ownerId().toString())));

		await().atMost(Duration.ofSeconds(30)).until(() -> completed(instance, "end_refused"));
		JsonNode acmeOutbox = this.acme.owner().get("/api/v1/outbox").json();
		assertThat(acmeOutbox.size()).isEqualTo(acmeEmails + 1);
		assertThat(acmeOutbox.findValuesAsText("template")).contains("trial-ending-soon");
		assertThat(acmeOutbox.findValuesAsText("to")).doesNotContain(globex.ownerEmail());
		JsonNode globexOutbox = globex.owner().get("/api/v1/outbox").json();
		assertThat(globexOutbox.size()).isEqualTo(1);
		assertThat(globexOutbox.findValuesAsText("template")).containsExactly("welcome");
		// the script did run and set orgId: it just decides nothing
		assertThat(StreamSupport.stream(
				RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine)).variableRecords().spliterator(),
				false)
			.anyMatch((variable) -> variable.getValue().getProcessInstanceKey() == instance
					&& variable.getValue().getName().equals("orgId")
					&& variable.getValue().getValue().contains(globex.id().toString())))
			.isTrue();
	}

	private void assertActiveVersionUnchanged() {
		JsonNode onboarding = null;
		for (JsonNode process : this.acme.owner().get("/api/v1/automation/processes").json()) {
			if (process.path("processId").asText().equals("onboarding")) {
				onboarding = process;
			}
		}
		assertThat(onboarding).isNotNull();
		assertThat(onboarding.path("activeVersionId").asText()).isEqualTo(this.activeVersionId);
		assertThat(onboarding.path("versions").asInt()).isEqualTo(1);
	}

	private boolean completed(long instance, String elementId) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.anyMatch((record) -> record.getValue().getProcessInstanceKey() == instance
					&& record.getValue().getElementId().equals(elementId)
					&& record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
	}

	private void awaitOutbox(Org org, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> org.owner().get("/api/v1/outbox").json().size() >= count);
	}

	/**
	 * A process with a plain start event, the given elements in sequence (each must be
	 * one element whose id follows {@code id="}), and an end event.
	 */
	static String model(String processId, String processAttributes, String elements) {
		java.util.List<String> ids = new java.util.ArrayList<>();
		ids.add("start");
		var matcher = java.util.regex.Pattern
			.compile("<bpmn:(?:serviceTask|scriptTask|userTask|callActivity|intermediateThrowEvent) id=\"([^\"]+)\"")
			.matcher(elements);
		while (matcher.find()) {
			ids.add(matcher.group(1));
		}
		ids.add("end");
		StringBuilder flows = new StringBuilder();
		for (int i = 1; i < ids.size(); i++) {
			flows.append("<bpmn:sequenceFlow id=\"flow_")
				.append(i)
				.append("\" sourceRef=\"")
				.append(ids.get(i - 1))
				.append("\" targetRef=\"")
				.append(ids.get(i))
				.append("\"/>");
		}
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions " + BPMN_NS
				+ " id=\"definitions_test\" targetNamespace=\"https://nexacrm.dev/bpmn\">" + "<bpmn:process id=\""
				+ processId + "\" " + processAttributes + " isExecutable=\"true\">" + "<bpmn:startEvent id=\"start\"/>"
				+ elements + "<bpmn:endEvent id=\"end\"/>" + flows + "</bpmn:process></bpmn:definitions>";
	}

	/** start → gateway → script (x + 1) → back to the gateway, forever. */
	static String busyLoop() {
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions " + BPMN_NS
				+ " id=\"definitions_test\" targetNamespace=\"https://nexacrm.dev/bpmn\">"
				+ "<bpmn:process id=\"onboarding\" isExecutable=\"true\"><bpmn:startEvent id=\"start\"/>"
				+ "<bpmn:exclusiveGateway id=\"gateway_spin\" default=\"flow_again\"/>"
				+ "<bpmn:scriptTask id=\"task_count\" name=\"Count\"><bpmn:extensionElements>"
				+ "<zeebe:script expression=\"=if x = null then 1 else x + 1\" resultVariable=\"x\"/>"
				+ "</bpmn:extensionElements></bpmn:scriptTask><bpmn:endEvent id=\"end\"/>"
				+ "<bpmn:sequenceFlow id=\"flow_1\" sourceRef=\"start\" targetRef=\"gateway_spin\"/>"
				+ "<bpmn:sequenceFlow id=\"flow_again\" sourceRef=\"gateway_spin\" targetRef=\"task_count\"/>"
				+ "<bpmn:sequenceFlow id=\"flow_out\" sourceRef=\"gateway_spin\" targetRef=\"end\">"
				+ "<bpmn:conditionExpression>=false</bpmn:conditionExpression></bpmn:sequenceFlow>"
				+ "<bpmn:sequenceFlow id=\"flow_back\" sourceRef=\"task_count\" targetRef=\"gateway_spin\"/>"
				+ "</bpmn:process></bpmn:definitions>";
	}

	static String task(String id, String type) {
		return "<bpmn:serviceTask id=\"" + id + "\" name=\"Task\"><bpmn:extensionElements><zeebe:taskDefinition type=\""
				+ type + "\"/></bpmn:extensionElements></bpmn:serviceTask>";
	}

	static String userTask(String id) {
		return "<bpmn:userTask id=\"" + id + "\" name=\"Wait\"/>";
	}

	static String boundaryCycle(String attachedTo, String cycle) {
		return "<bpmn:boundaryEvent id=\"timer_cycle\" name=\"Cycle\" cancelActivity=\"false\" attachedToRef=\""
				+ attachedTo + "\"><bpmn:timerEventDefinition id=\"timer_def\"><bpmn:timeCycle>" + cycle
				+ "</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>";
	}

}
