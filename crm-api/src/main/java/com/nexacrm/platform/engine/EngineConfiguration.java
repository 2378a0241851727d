package com.nexacrm.platform.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientConfiguration;
import io.camunda.client.CredentialsProvider;
import io.camunda.client.impl.CamundaClientImpl;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.RocksDbStateEngine;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Camunda client, and in embedded mode the in-process Zeebe engine it talks to over
 * gRPC on 127.0.0.1. See {@code docs/adr/0002-engine-and-run-modes.md}.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

	private static final long RECORD_POLL_MILLIS = 100;

	/** RocksDB's budget for the embedded engine's state (block cache, write buffers). */
	private static final long ENGINE_STATE_MEMORY = 128L * 1024 * 1024;

	@Bean(destroyMethod = "stop")
	@ConditionalOnExpression("'${camunda.client.grpc-address:}'.isBlank()")
	RocksDbStateEngine embeddedEngine(EngineSettings.Local local) {
		// port 0: a free port (tests run several apps in one JVM)
		RocksDbStateEngine engine = RocksDbStateEngine.create(
				(local.embeddedPort() == 0) ? freePort() : local.embeddedPort(), ENGINE_STATE_MEMORY,
				local.keepRecordHistory());
		engine.start();
		log.info("Embedded Zeebe engine started; gateway on {}", engine.getGatewayAddress());
		return engine;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port for the embedded engine", ex);
		}
	}

	/** A new epoch per embedded engine start (see {@link EngineEpoch}). */
	@Bean
	EngineEpoch engineEpoch(EngineSettings settings, ObjectProvider<ZeebeTestEngine> embedded) {
		if (settings.isEmbedded()) {
			embedded.getObject();
			return EngineEpoch.embedded();
		}
		return EngineEpoch.remote(settings.grpcAddress().toString());
	}

	/**
	 * Follows the embedded engine's records; in remote mode there is no log to follow
	 * (see {@code docs/adr/0007-process-monitoring.md}).
	 */
	@Bean
	@ConditionalOnExpression("'${camunda.client.grpc-address:}'.isBlank()")
	EngineRecordReader engineRecordReader(RocksDbStateEngine engine, ObjectProvider<EngineRecordListener> listeners,
			ApplicationEventPublisher events) {
		return new EngineRecordReader(engine, listeners.orderedStream().toList(), events, RECORD_POLL_MILLIS);
	}

	@Bean(destroyMethod = "close")
	CamundaClient camundaClient(EngineSettings settings, EngineSettings.Local local,
			ObjectProvider<RocksDbStateEngine> embedded) {
		var builder = CamundaClient.newClientBuilder()
			.applyEnvironmentVariableOverrides(false)
			.preferRestOverGrpc(false)
			.defaultJobWorkerStreamEnabled(true)
			.numJobWorkerExecutionThreads(local.workerThreads())
			// the client's 10 s default fails start-up deployments on a busy machine
			.defaultRequestTimeout(java.time.Duration.ofSeconds(60));
		if (settings.isEmbedded()) {
			RocksDbStateEngine engine = embedded.getObject();
			builder.grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
				.restAddress(URI.create("http://127.0.0.1:1"));
			// the engine is in this JVM: its in-process gateway spares every command and
			// response the loopback socket, HTTP/2 framing and protobuf encoding, which
			// cost the engine's single thread a fifth of its time (ADR 2)
			CamundaClientConfiguration configuration = (CamundaClientConfiguration) builder;
			ManagedChannel channel = InProcessChannelBuilder.forName(engine.inProcessName())
				.maxInboundMessageSize(configuration.getMaxMessageSize())
				.build();
			return new CamundaClientImpl(configuration, channel);
		}
		else {
			builder.grpcAddress(settings.grpcAddress());
			if (settings.restAddress() != null) {
				builder.restAddress(settings.restAddress());
			}
			EngineSettings.Auth auth = settings.auth();
			if (auth.clientId() != null && !auth.clientId().isBlank()) {
				builder.credentialsProvider(CredentialsProvider.newCredentialsProviderBuilder()
					.clientId(auth.clientId())
					.clientSecret(auth.clientSecret())
					.authorizationServerUrl(auth.tokenUrl().toString())
					.audience(auth.audience())
					.build());
			}
			log.info("Connecting to the Camunda cluster at {}", settings.grpcAddress());
		}
		return builder.build();
	}

}
