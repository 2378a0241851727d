package com.nexacrm.platform.engine;

import java.time.Duration;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** UP when the engine's gateway answers a topology request and has a broker. */
@Component("engine")
class EngineHealthIndicator extends AbstractHealthIndicator {

	private final CamundaClient client;

	private final EngineSettings settings;

	EngineHealthIndicator(CamundaClient client, EngineSettings settings) {
		super("Zeebe engine health check failed");
		this.client = client;
		this.settings = settings;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Topology topology = this.client.newTopologyRequest().requestTimeout(Duration.ofSeconds(3)).send().join();
		builder.withDetail("mode", this.settings.isEmbedded() ? "embedded" : "remote")
			.withDetail("brokers", topology.getBrokers().size())
			.withDetail("gatewayVersion", String.valueOf(topology.getGatewayVersion()));
		if (topology.getBrokers().isEmpty()) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
