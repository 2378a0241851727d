package io.camunda.zeebe.process.test.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.camunda.client.CamundaClient;
import io.camunda.client.impl.CamundaClientBuilderImpl;
import io.camunda.client.impl.CamundaClientImpl;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded engine hands each record on once and lets its log go behind the reader and
 * the processor, and keeps working after that; it keeps no history unless asked.
 */
class RocksDbStateEngineTest {

	private RocksDbStateEngine engine;

	private CamundaClient client;

	@BeforeEach
	void anEngineWithoutHistory() {
		this.engine = RocksDbStateEngine.create(freePort(), 32L * 1024 * 1024, false);
		this.engine.start();
		this.client = CamundaClient.newClientBuilder()
			.grpcAddress(URI.create("http://" + this.engine.getGatewayAddress()))
			.restAddress(URI.create("http://127.0.0.1:1"))
			.preferRestOverGrpc(false)
			.build();
		this.client.newDeployResourceCommand()
			.addProcessModel(Bpmn.createExecutableProcess("straight").startEvent().endEvent().done(), "straight.bpmn")
			.send()
			.join();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.engine.stop();
	}

	@Test
	void eachRecordIsHandedOnOnceAndTheLogLetsGoOfIt() throws Exception {
		List<Record<?>> seen = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			this.client.newCreateInstanceCommand().bpmnProcessId("straight").latestVersion().send().join();
		}
		this.engine.waitForIdleState(Duration.ofSeconds(30));
		seen.addAll(pollAll());
		// compaction runs after a poll, behind the processor: one more poll to catch up
		this.engine.poll(1);

		Set<Long> positions = new HashSet<>();
		seen.forEach((record) -> assertThat(positions.add(record.getPosition())).isTrue());
		assertThat(seen).filteredOn((record) -> record.getValueType() == ValueType.PROCESS_INSTANCE_CREATION)
			.hasSizeGreaterThanOrEqualTo(50);
		assertThat(this.engine.logBlocksAppended()).isGreaterThan(100);
		assertThat(this.engine.logBlocks()).isLessThan(5);

		// the engine goes on after its log was compacted
		long key = this.client.newCreateInstanceCommand()
			.bpmnProcessId("straight")
			.latestVersion()
			.send()
			.join()
			.getProcessInstanceKey();
		this.engine.waitForIdleState(Duration.ofSeconds(30));
		assertThat(pollAll()).anyMatch((record) -> record.getKey() == key);
	}

	@Test
	void aClientInThisJvmReachesTheSameGatewayWithoutASocket() {
		CamundaClientBuilderImpl builder = (CamundaClientBuilderImpl) CamundaClient.newClientBuilder()
			.grpcAddress(URI.create("http://" + this.engine.getGatewayAddress()))
			.restAddress(URI.create("http://127.0.0.1:1"))
			.preferRestOverGrpc(false);
		try (CamundaClient inProcess = new CamundaClientImpl(builder,
				InProcessChannelBuilder.forName(this.engine.inProcessName()).build())) {
			long key = inProcess.newCreateInstanceCommand()
				.bpmnProcessId("straight")
				.latestVersion()
				.send()
				.join()
				.getProcessInstanceKey();

			assertThat(key).isPositive();
		}
	}

	@Test
	void withoutHistoryTheRecordStreamIsRefused() {
		assertThatThrownBy(() -> this.engine.getRecordStreamSource().getRecords())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("keep-record-history");
	}

	private List<Record<?>> pollAll() {
		List<Record<?>> all = new ArrayList<>();
		for (List<Record<?>> batch = this.engine.poll(100); !batch.isEmpty(); batch = this.engine.poll(100)) {
			all.addAll(batch);
		}
		return all;
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
