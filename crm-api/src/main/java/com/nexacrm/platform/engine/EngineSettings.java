package com.nexacrm.platform.engine;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Zeebe connection. With no {@code camunda.client.grpc-address} the app starts its
 * own in-process engine ({@code embedded} mode); with one, it connects to that Camunda 8
 * cluster.
 *
 * @param grpcAddress the cluster's gateway, for example {@code http://camunda:26500}
 * @param restAddress the cluster's REST API, for example {@code http://camunda:8080}
 * @param auth OAuth client credentials for a secured cluster (all blank for an open one)
 */
@ConfigurationProperties("camunda.client")
public record EngineSettings(URI grpcAddress, URI restAddress, @DefaultValue Auth auth) {

	public boolean isEmbedded() {
		return this.grpcAddress == null || this.grpcAddress.toString().isBlank();
	}

	public record Auth(String clientId, String clientSecret, URI tokenUrl, String audience) {
	}

	/**
	 * The app's own engine settings.
	 *
	 * @param embeddedPort the gRPC port of the embedded engine on 127.0.0.1 (Desktop
	 * Modeler and zbctl connect here)
	 * @param jobTimeout how long a worker holds a job before the engine offers it again
	 * @param roles which parts run in this process: {@code api}, {@code worker}, or both
	 * @param workerThreads threads that run job handlers (they mostly wait on I/O)
	 * @param keepRecordHistory whether the embedded engine keeps every record it wrote in
	 * memory, for tests that read its history; off, it lets go of each record once the
	 * app has read it
	 */
	@ConfigurationProperties("nexacrm.engine")
	public record Local(@DefaultValue("26500") int embeddedPort, @DefaultValue("PT1M") Duration jobTimeout,
			@DefaultValue("api,worker") Set<String> roles, @DefaultValue("8") int workerThreads,
			@DefaultValue("false") boolean keepRecordHistory) {

		public boolean runsWorkers() {
			return this.roles.contains("worker");
		}

	}

}
