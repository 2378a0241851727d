package com.nexacrm.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.RocksDbStateEngine;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nexacrm.NexaCrmApplication;
import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.engine.StartedProcesses;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Remote mode: the app talks gRPC to a cluster (here an engine this test starts, so
 * deployments and sign-up's process starts work) and reads the monitor's data from the
 * cluster's REST API, here a local server answering the v2 searches with the JSON the
 * real API answers. Two organisations each own one remote instance; each sees its own
 * only.
 */
class RemoteProcessMonitorIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final long DEFINITION = 2251799813685101L;

	private static final long ACME_INSTANCE = 2251799813690001L;

	private static final long GLOBEX_INSTANCE = 2251799813690101L;

	private static final long START = 2251799813690002L;

	private static final long SCORE = 2251799813690003L;

	private static final long SCORE_JOB = 2251799813690004L;

	private static final long INCIDENT = 2251799813690005L;

	private static final String XML = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" \
			targetNamespace="http://bpmn.io/schema/bpmn">
			  <bpmn:process id="remote_lead" isExecutable="true">
			    <bpmn:startEvent id="start_lead" />
			    <bpmn:serviceTask id="task_score_lead" />
			    <bpmn:endEvent id="end_lead" />
			  </bpmn:process>
			</bpmn:definitions>
			""";

	private static ZeebeTestEngine engine;

	private static LocalOrchestrationCluster cluster;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void startClusterAndApp() {
		engine = RocksDbStateEngine.create(freePort(), 64L * 1024 * 1024, false);
		engine.start();
		cluster = new LocalOrchestrationCluster();
		app = new SpringApplicationBuilder(NexaCrmApplication.class).run("--server.port=0",
				"--camunda.client.grpc-address=http://" + engine.getGatewayAddress(),
				"--camunda.client.rest-address=" + cluster.baseUrl(), "--nexacrm.monitor.remote-poll-interval=PT0.2S",
				"--nexacrm.monitor.settle-unbound-after=PT1S", "--nexacrm.automation.recover-on-start=false",
				"--nexacrm.billing.recover-trials-on-start=false", "--nexacrm.login.max-failures-per-address=100000",
				"--logging.structured.format.console=ecs");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (cluster != null) {
			cluster.close();
		}
		if (engine != null) {
			engine.stop();
		}
	}

	@Test
	void eachOrganisationSeesItsRemoteInstanceAndAFailingClusterLeavesTheProjectionUntilItRecovers() {
		ApiClient acme = new ApiClient(port());
		ApiClient globex = new ApiClient(port());
		UUID acmeId = signUp(acme, "Acme Remote");
		UUID globexId = signUp(globex, "Globex Remote");
		remoteLeadWithAFailedJob(ACME_INSTANCE);
		cluster.instance(instance(GLOBEX_INSTANCE, "ACTIVE", false));
		bind(ACME_INSTANCE, acmeId);
		bind(GLOBEX_INSTANCE, globexId);

		JsonNode detail = awaitJson(acme, "/api/v1/process-instances/" + ACME_INSTANCE,
				(body) -> body.path("incidents").size() == 1 && body.path("jobs").size() == 1);
		assertThat(detail.at("/instance/bpmnProcessId").asText()).isEqualTo("remote_lead");
		assertThat(detail.at("/instance/version").asInt()).isEqualTo(3);
		assertThat(detail.at("/instance/state").asText()).isEqualTo("ACTIVE");
		assertThat(detail.at("/instance/hasIncident").asBoolean()).isTrue();
		assertThat(detail.path("elements").findValuesAsText("elementId")).containsExactly("start_lead",
				"task_score_lead");
		assertThat(texts(detail.path("activeElementIds"))).containsExactly("task_score_lead");
		assertThat(detail.at("/jobs/0/state").asText()).isEqualTo("FAILED");
		assertThat(detail.at("/jobs/0/retries").asInt()).isZero();
		assertThat(detail.at("/jobs/0/type").asText()).isEqualTo("score-lead");
		assertThat(detail.at("/incidents/0/errorMessage").asText()).isEqualTo("Scoring service said 503");
		assertThat(detail.at("/incidents/0/jobKey").asText()).isEqualTo(Long.toString(SCORE_JOB));
		assertThat(acme.get("/api/v1/incidents").json().path("items").findValuesAsText("key"))
			.containsExactly(Long.toString(INCIDENT));
		ApiClient.Response diagram = acme.get("/api/v1/process-instances/" + ACME_INSTANCE + "/diagram");
		assertThat(diagram.status()).isEqualTo(200);
		assertThat(diagram.body()).contains("task_score_lead");

		// the other organisation: its own instance, and a 404 for Acme's
		awaitJson(globex, "/api/v1/process-instances/" + GLOBEX_INSTANCE, (body) -> true);
		assertThat(globex.get("/api/v1/process-instances/" + ACME_INSTANCE).status()).isEqualTo(404);
		assertThat(globex.get("/api/v1/process-instances/" + ACME_INSTANCE + "/diagram").status()).isEqualTo(404);
		assertThat(globex.get("/api/v1/process-instances?limit=200").json().path("items").findValuesAsText("key"))
			.containsExactly(Long.toString(GLOBEX_INSTANCE));
		assertThat(globex.get("/api/v1/incidents").json().path("items").size()).isZero();
		assertThat(acme.get("/api/v1/process-instances/" + GLOBEX_INSTANCE).status()).isEqualTo(404);
		assertThat(rowsOf(globexId, "process_incident")).isZero();
		assertThat(rowsOf(acmeId, "process_element_instance")).isEqualTo(2);

		// the cluster fails while the incident is resolved there: nothing changes here
		cluster.failing(true);
		resolveAndComplete();
		int failedBefore = cluster.requests((request) -> request.status() == 500).size();
		await().atMost(PATIENCE)
			.until(() -> cluster.requests((request) -> request.status() == 500).size() >= failedBefore + 3);
		JsonNode during = acme.get("/api/v1/process-instances/" + ACME_INSTANCE).json();
		assertThat(during.at("/instance/state").asText()).isEqualTo("ACTIVE");
		assertThat(during.at("/incidents/0/state").asText()).isEqualTo("ACTIVE");

		// and the next tick after it recovers catches up
		cluster.failing(false);
		JsonNode after = awaitJson(acme, "/api/v1/process-instances/" + ACME_INSTANCE,
				(body) -> body.at("/instance/state").asText().equals("COMPLETED"));
		assertThat(after.at("/instance/hasIncident").asBoolean()).isFalse();
		assertThat(after.at("/incidents/0/state").asText()).isEqualTo("RESOLVED");
		assertThat(after.at("/jobs/0/state").asText()).isEqualTo("COMPLETED");
		assertThat(after.path("activeElementIds").size()).isZero();
		assertThat(after.path("elements").findValuesAsText("elementId")).containsExactly("start_lead",
				"task_score_lead", "end_lead");
		assertThat(acme.get("/api/v1/incidents").json().path("items").size()).isZero();

		// an ended instance is no longer polled
		await().atMost(PATIENCE).until(() -> monitorEnded(ACME_INSTANCE));
		int searchesBefore = instanceSearches().size();
		// a few more ticks: each searches every organisation's open instances
		await().atMost(PATIENCE).until(() -> instanceSearches().size() >= searchesBefore + 6);
		List<String> later = instanceSearches().subList(searchesBefore, searchesBefore + 6)
			.stream()
			.map(LocalOrchestrationCluster.Request::body)
			.toList();
		assertThat(later).noneMatch((body) -> body.contains(Long.toString(ACME_INSTANCE)))
			.anyMatch((body) -> body.contains(Long.toString(GLOBEX_INSTANCE)));
	}

	@Test
	void anInstanceNobodyBoundIsSettledFromWhatTheWorkersSawAndAnotherAppsIsLeftAlone() {
		CamundaClient client = app.getBean(CamundaClient.class);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String ours = "remote_orphan_" + suffix;
		String theirs = "other_app_" + suffix;
		for (String id : List.of(ours, theirs)) {
			// the routing worker's job type: the app's workers take its jobs
			client.newDeployResourceCommand()
				.addProcessModel(Bpmn.createExecutableProcess(id)
					.startEvent()
					.serviceTask("task_route", (task) -> task.zeebeJobType("route-lead"))
					.endEvent()
					.done(), id + ".bpmn")
				.send()
				.join();
		}
		// as after a start whose answer was lost: the app starts this process, but bound
		// no one to this instance
		app.getBean(StartedProcesses.class).starting(ours);
		long orphan = startAroundTheApp(client, ours);
		long foreign = startAroundTheApp(client, theirs);

		// the workers note both; the orphan is settled (the note goes once the cancel is
		// taken)
		await().atMost(PATIENCE).until(() -> sighted(foreign) && !sighted(orphan) && tombstoned(orphan));
		assertThatThrownBy(() -> client.newCancelInstanceCommand(orphan).send().join()).isInstanceOfSatisfying(
				ClientStatusException.class, (ex) -> assertThat(ex.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND));
		assertThat(tombstoned(foreign)).isFalse();

		// a binding that comes now fails
		assertThatThrownBy(() -> bind(orphan, signUp(new ApiClient(port()), "Too Late Remote")))
			.isInstanceOf(DuplicateKeyException.class);
		// the other app's instance still runs: it is not the app's to cancel
		client.newCancelInstanceCommand(foreign).send().join();
	}

	private static long startAroundTheApp(CamundaClient client, String processId) {
		return client.newCreateInstanceCommand()
			.bpmnProcessId(processId)
			.latestVersion()
			.send()
			.join()
			.getProcessInstanceKey();
	}

	private static boolean sighted(long key) {
		return ask("select exists (select 1 from unbound_instance_sighting where engine_epoch = ?"
				+ " and process_instance_key = ?)", key);
	}

	private static boolean tombstoned(long key) {
		return ask("select exists (select 1 from process_instance_owner where engine_epoch = ?"
				+ " and process_instance_key = ? and org_id is null and orphaned_at is not null)", key);
	}

	/**
	 * Acme's lead: started, its scoring job failed with no retries left (an incident).
	 */
	private static void remoteLeadWithAFailedJob(long key) {
		cluster.definition(object(Map.of("processDefinitionKey", Long.toString(DEFINITION), "processDefinitionId",
				"remote_lead", "name", "Remote lead", "resourceName", "remote-lead.bpmn", "version", 3, "tenantId",
				"<default>", "hasStartForm", false)), XML);
		cluster.instance(instance(key, "ACTIVE", true));
		cluster.element(element(START, key, "start_lead", "START_EVENT", "COMPLETED", "2025-11-03T09:15:02.120Z"));
		ObjectNode score = element(SCORE, key, "task_score_lead", "SERVICE_TASK", "ACTIVE", null);
		score.put("hasIncident", true).put("incidentKey", Long.toString(INCIDENT));
		cluster.element(score);
		cluster.job(object(Map.ofEntries(Map.entry("jobKey", Long.toString(SCORE_JOB)), Map.entry("type", "score-lead"),
				Map.entry("worker", "nexacrm-worker"), Map.entry("state", "FAILED"), Map.entry("kind", "BPMN_ELEMENT"),
				Map.entry("listenerEventType", "UNSPECIFIED"), Map.entry("retries", 0), Map.entry("isDenied", false),
				Map.entry("hasFailedWithRetriesLeft", false), Map.entry("errorMessage", "Scoring service said 503"),
				Map.entry("customHeaders", Map.of()), Map.entry("processDefinitionId", "remote_lead"),
				Map.entry("processDefinitionKey", Long.toString(DEFINITION)),
				Map.entry("processInstanceKey", Long.toString(key)), Map.entry("elementId", "task_score_lead"),
				Map.entry("elementInstanceKey", Long.toString(SCORE)), Map.entry("tenantId", "<default>"))));
		cluster.incident(object(Map.ofEntries(Map.entry("incidentKey", Long.toString(INCIDENT)),
				Map.entry("processDefinitionKey", Long.toString(DEFINITION)),
				Map.entry("processDefinitionId", "remote_lead"), Map.entry("processInstanceKey", Long.toString(key)),
				Map.entry("errorType", "JOB_NO_RETRIES"), Map.entry("errorMessage", "Scoring service said 503"),
				Map.entry("elementId", "task_score_lead"), Map.entry("elementInstanceKey", Long.toString(SCORE)),
				Map.entry("creationTime", "2025-11-03T09:15:04.500Z"), Map.entry("state", "ACTIVE"),
				Map.entry("jobKey", Long.toString(SCORE_JOB)), Map.entry("tenantId", "<default>"))));
	}

	/**
	 * What the cluster shows after ops retried the job and the instance ran to its end.
	 */
	private static void resolveAndComplete() {
		cluster.incident(cluster.incident(INCIDENT).deepCopy().put("state", "RESOLVED"));
		ObjectNode job = cluster.job(SCORE_JOB).deepCopy();
		job.put("state", "COMPLETED").put("retries", 1).put("endTime", "2025-11-03T09:20:00.000Z");
		cluster.job(job);
		cluster.element(cluster.element(SCORE)
			.deepCopy()
			.put("state", "COMPLETED")
			.put("hasIncident", false)
			.put("endDate", "2025-11-03T09:20:00.100Z"));
		cluster.element(
				element(SCORE + 10, ACME_INSTANCE, "end_lead", "END_EVENT", "COMPLETED", "2025-11-03T09:20:00.200Z"));
		cluster.instance(instance(ACME_INSTANCE, "COMPLETED", false).put("endDate", "2025-11-03T09:20:00.200Z"));
	}

	private static ObjectNode instance(long key, String state, boolean hasIncident) {
		return object(Map.ofEntries(Map.entry("processInstanceKey", Long.toString(key)),
				Map.entry("processDefinitionId", "remote_lead"), Map.entry("processDefinitionName", "Remote lead"),
				Map.entry("processDefinitionVersion", 3), Map.entry("processDefinitionKey", Long.toString(DEFINITION)),
				Map.entry("startDate", "2025-11-03T09:15:02.100Z"), Map.entry("state", state),
				Map.entry("hasIncident", hasIncident), Map.entry("tenantId", "<default>")));
	}

	private static ObjectNode element(long key, long instanceKey, String elementId, String type, String state,
			String endDate) {
		ObjectNode element = object(Map.ofEntries(Map.entry("elementInstanceKey", Long.toString(key)),
				Map.entry("processInstanceKey", Long.toString(instanceKey)),
				Map.entry("processDefinitionKey", Long.toString(DEFINITION)),
				Map.entry("processDefinitionId", "remote_lead"), Map.entry("elementId", elementId),
				Map.entry("elementName", elementId), Map.entry("type", type), Map.entry("state", state),
				Map.entry("hasIncident", false), Map.entry("tenantId", "<default>"),
				Map.entry("startDate", "2025-11-03T09:15:02.110Z")));
		if (endDate != null) {
			element.put("endDate", endDate);
		}
		return element;
	}

	private static ObjectNode object(Map<String, Object> fields) {
		return JSON.valueToTree(fields);
	}

	/** Signs the client up as the owner of a new organisation; returns its id. */
	private static UUID signUp(ApiClient client, String name) {
		ApiClient.Response response = client.post("/api/v1/signup", Map.of("email", Fixtures.uniqueEmail("remote"),
				"password", Fixtures.PASSWORD, "name", name, "organizationName", name));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return UUID.fromString(response.json().at("/activeOrganization/id").asText());
	}

	private static void bind(long key, UUID org) {
		app.getBean(JdbcClient.class)
			.sql("insert into process_instance_owner (engine_epoch, process_instance_key, org_id, bpmn_process_id)"
					+ " values (?, ?, ?, 'remote_lead')")
			.params(app.getBean(EngineEpoch.class).value(), key, org)
			.update();
	}

	private static boolean monitorEnded(long key) {
		return ask("select monitor_ended_at is not null from process_instance_owner"
				+ " where engine_epoch = ? and process_instance_key = ?", key);
	}

	/** A yes-or-no question about one instance of this epoch: the epoch, then the key. */
	private static boolean ask(String question, long key) {
		return app.getBean(JdbcClient.class)
			.sql(question)
			.params(app.getBean(EngineEpoch.class).value(), key)
			.query(Boolean.class)
			.single();
	}

	private static int rowsOf(UUID org, String table) {
		return Tenancy.run(TenantContext.system(org),
				() -> app.getBean(TransactionTemplate.class)
					.execute((status) -> app.getBean(JdbcClient.class)
						.sql("select count(*) from " + table + " where engine_epoch = ?")
						.params(app.getBean(EngineEpoch.class).value())
						.query(Integer.class)
						.single()));
	}

	private static List<LocalOrchestrationCluster.Request> instanceSearches() {
		return cluster.requests((request) -> request.path().equals("/v2/process-instances/search")
				&& request.body().contains("\"processInstanceKey\"") && request.status() == 200);
	}

	private static JsonNode awaitJson(ApiClient client, String path, Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
			ApiClient.Response response = client.get(path);
			if (response.status() != 200) {
				return false;
			}
			last[0] = response.json();
			return condition.test(last[0]);
		});
		return last[0];
	}

	private static List<String> texts(JsonNode array) {
		return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
	}

	private static int port() {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
