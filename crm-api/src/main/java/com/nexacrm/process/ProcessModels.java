package com.nexacrm.process;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the shipped models ({@code bpmn/*.bpmn} from the bpmn module) when the app
 * starts, before it serves requests. The engine keeps one version per distinct content,
 * so an unchanged model is not versioned again.
 */
@Component
class ProcessModels implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(ProcessModels.class);

	static final String LOCATION = "classpath*:bpmn/*.bpmn";

	private final CamundaClient client;

	ProcessModels(CamundaClient client) {
		this.client = client;
	}

	@Override
	public void afterPropertiesSet() {
		try {
			Resource[] models = new PathMatchingResourcePatternResolver().getResources(LOCATION);
			if (models.length == 0) {
				throw new IllegalStateException("No BPMN models found at " + LOCATION);
			}
			var command = this.client.newDeployResourceCommand()
				.addResourceBytes(models[0].getContentAsByteArray(), models[0].getFilename());
			for (int i = 1; i < models.length; i++) {
				command = command.addResourceBytes(models[i].getContentAsByteArray(), models[i].getFilename());
			}
			// generous: a loaded machine must not fail the start-up over a slow first
			// deployment
			DeploymentEvent deployment = command.requestTimeout(java.time.Duration.ofMinutes(2)).send().join();
			deployment.getProcesses()
				.forEach((process) -> log.info("Process {} deployed as version {}", process.getBpmnProcessId(),
						process.getVersion()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
