package com.nexacrm.workers.slack;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nexacrm.workers.LocalHttpApi;
import com.nexacrm.workers.LocalHttpApi.Reply;
import com.nexacrm.workers.runtime.BusinessOutcome;
import com.nexacrm.workers.runtime.RetryBackoff;
import com.nexacrm.workers.runtime.TenantJob;
import com.nexacrm.workers.runtime.TenantScope;
import com.nexacrm.workers.runtime.WorkerRuntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code post-slack-message} through Slack's Java client against a local server speaking
 * Slack's {@code chat.postMessage}: one post per job, retries after a 500, the BPMN error
 * when Slack is not connected.
 */
class PostSlackMessageWorkerTest {

	private static final String POST = "/api/chat.postMessage";

	private static final String OK = "{\"ok\":true,\"channel\":\"C0WON\",\"ts\":\"1700000000.000100\"}";

	private final LocalHttpApi slack = new LocalHttpApi();

	private final InMemoryConnections connections = new InMemoryConnections();

	private final UUID dealId = UUID.randomUUID();

	private final DealSummaries deals = (id) -> id.equals(this.dealId) ? Optional
		.of(new DealSummaries.DealSummary("Acme <renewal> & more", new BigDecimal("12500.5"), "EUR", "Jane Doe"))
			: Optional.empty();

	private PostSlackMessageWorker worker;

	@BeforeEach
	void worker() {
		this.worker = new PostSlackMessageWorker(this.connections, this.deals,
				new SlackApiNotifier(this.slack.baseUrl() + "/api/"));
	}

	@AfterEach
	void stop() {
		this.slack.close();
	}

	@Test
	void postsTheWonDealToTheConnectedChannelWithTheBotToken() throws Exception {
		this.connections.connection = new SlackConnections.Connection("xoxb-acme-token", "#wins");
		this.slack.answer(POST, new Reply(200, OK));

		this.worker.handle(job(1), new PostSlackMessageWorker.Variables("deal-won", this.dealId, UUID.randomUUID()));

		var request = this.slack.requests(POST).get(0);
		assertThat(request.headers().get("authorization")).isEqualTo("Bearer xoxb-acme-token");
		assertThat(request.formField("channel")).isEqualTo("#wins");
		assertThat(request.formField("text")).contains("Acme &lt;renewal&gt; &amp; more")
			.contains("12,500.50 EUR")
			.contains("Jane Doe");
		assertThat(this.connections.posts).containsEntry("job:1", "#wins/1700000000.000100");
	}

	@Test
	void aJobDeliveredTwicePostsOnce() throws Exception {
		this.connections.connection = new SlackConnections.Connection("xoxb-acme-token", "#wins");
		this.slack.answer(POST, new Reply(200, OK));
		var variables = new PostSlackMessageWorker.Variables("deal-won", this.dealId, null);

		this.worker.handle(job(7), variables);
		this.worker.handle(job(7), variables);

		assertThat(this.slack.requests(POST)).hasSize(1);
		this.worker.handle(job(8), variables);
		assertThat(this.slack.requests(POST)).hasSize(2);
	}

	@Test
	void withoutAConnectionTheJobEndsWithSlackNotConnectedAndPostsNothing() {
		var variables = new PostSlackMessageWorker.Variables("deal-won", this.dealId, null);

		assertThatThrownBy(() -> this.worker.handle(job(2), variables)).isInstanceOf(BusinessOutcome.class)
			.extracting((ex) -> ((BusinessOutcome) ex).errorCode())
			.isEqualTo("slack-not-connected");
		assertThat(this.slack.requests(POST)).isEmpty();
	}

	@Test
	void aRevokedTokenIsSlackNotConnectedButAServerErrorIsATechnicalFailure() {
		this.connections.connection = new SlackConnections.Connection("xoxb-revoked", "#wins");
		var variables = new PostSlackMessageWorker.Variables("deal-won", this.dealId, null);

		this.slack.answer(POST, new Reply(200, "{\"ok\":false,\"error\":\"token_revoked\"}"));
		assertThatThrownBy(() -> this.worker.handle(job(3), variables)).isInstanceOf(BusinessOutcome.class);

		this.slack.answer(POST, new Reply(500, "{}"));
		assertThatThrownBy(() -> this.worker.handle(job(4), variables)).isInstanceOf(java.io.IOException.class)
			.hasMessageContaining("500");
		assertThat(this.connections.posts).isEmpty();
	}

	@Test
	void slackAnswering500ThenOkIsRetriedWithBackoffAndPostsExactlyOnce() {
		this.connections.connection = new SlackConnections.Connection("xoxb-acme-token", "#wins");
		this.slack.answer(POST, new Reply(500, "{\"ok\":false}"), new Reply(200, OK));
		BpmnModelInstance model = Bpmn.createExecutableProcess("won")
			.startEvent("start")
			.serviceTask("task_post_slack_message",
					(task) -> task.zeebeJobType("post-slack-message").zeebeJobRetries("3"))
			.boundaryEvent("boundary_slack_not_connected",
					(b) -> b.error("slack-not-connected").endEvent("end_skipped"))
			.moveToActivity("task_post_slack_message")
			.endEvent("end_posted")
			.done();
		ZeebeTestEngine engine = EngineFactory.create();
		engine.start();
		Map<Long, UUID> owners = new ConcurrentHashMap<>();
		TenantScope scope = new TenantScope() {
			@Override
			public <T> T call(UUID orgId, Callable<T> work) throws Exception {
				return work.call();
			}
		};
		try (CamundaClient client = CamundaClient.newClientBuilder()
			.grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
			.restAddress(URI.create("http://127.0.0.1:1"))
			.preferRestOverGrpc(false)
			.applyEnvironmentVariableOverrides(false)
			.build();
				WorkerRuntime runtime = new WorkerRuntime(client, (key) -> Optional.ofNullable(owners.get(key)), scope,
						new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 3))) {
			client.newDeployResourceCommand().addProcessModel(model, "won.bpmn").send().join();
			long instance = client.newCreateInstanceCommand()
				.bpmnProcessId("won")
				.latestVersion()
				.variables(Map.of("template", "deal-won", "dealId", this.dealId.toString()))
				.send()
				.join()
				.getProcessInstanceKey();
			// bound before the worker opens, as the app binds before a job can be handed
			// out
			owners.put(instance, UUID.randomUUID());
			runtime.open(List.of(this.worker), Duration.ofSeconds(30));

			await().atMost(Duration.ofSeconds(30)).until(() -> completed(engine, instance, "end_posted"));
		}
		finally {
			engine.stop();
		}
		assertThat(this.slack.requests(POST)).extracting(LocalHttpApi.Request::answered).containsExactly(500, 200);
		assertThat(this.connections.posts).hasSize(1);
	}

	@Test
	void anotherTemplateIsRefused() {
		var variables = new PostSlackMessageWorker.Variables("deal-lost", this.dealId, null);

		assertThatThrownBy(() -> this.worker.handle(job(5), variables)).isInstanceOf(IllegalArgumentException.class);
	}

	private static boolean completed(ZeebeTestEngine engine, long instance, String elementId) {
		return StreamSupport
			.stream(RecordStream.of(engine.getRecordStreamSource()).processInstanceRecords().spliterator(), false)
			.anyMatch((r) -> r.getValue().getProcessInstanceKey() == instance
					&& r.getValue().getElementId().equals(elementId)
					&& r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
	}

	private static TenantJob job(long key) {
		return new TenantJob(UUID.randomUUID(), key, 100, "task_post_slack_message", 3);
	}

	/** The port as the application implements it, in memory. */
	static final class InMemoryConnections implements SlackConnections {

		volatile Connection connection;

		final Map<String, String> posts = new ConcurrentHashMap<>();

		@Override
		public Optional<Connection> current() {
			return Optional.ofNullable(this.connection);
		}

		@Override
		public boolean posted(String idempotencyKey) {
			return this.posts.containsKey(idempotencyKey);
		}

		@Override
		public void recordPost(String idempotencyKey, String channel, String messageTs) {
			this.posts.putIfAbsent(idempotencyKey, channel + "/" + messageTs);
		}

	}

}
