package com.nexacrm.automation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.grpc.Status;

import org.springframework.stereotype.Component;

/**
 * Deploys an organisation's version under the organisation's engine-side process id (see
 * {@link EngineProcessIds}). Only ever called with a model that passed
 * {@link ModelValidator}: one process, no DOCTYPE.
 */
@Component
class EngineDeployer {

	private final CamundaClient client;

	EngineDeployer(CamundaClient client) {
		this.client = client;
	}

	/**
	 * @return the process definition key
	 * @throws EngineRefused when the engine refuses the model (its own checks, for
	 * example of FEEL expressions, go further than the model API's)
	 */
	long deploy(UUID orgId, String processId, String xml) {
		String engineId = EngineProcessIds.of(orgId, processId);
		BpmnModelInstance model = Bpmn
			.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		Process process = model.getModelElementsByType(Process.class).iterator().next();
		// the model API moves the references (diagram plane, participants) with the id
		process.setId(engineId);
		byte[] resource = Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8);
		try {
			DeploymentEvent deployment = this.client.newDeployResourceCommand()
				.addResourceBytes(resource, engineId + ".bpmn")
				.send()
				.join();
			return deployment.getProcesses()
				.stream()
				.filter((deployed) -> deployed.getBpmnProcessId().equals(engineId))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("The engine deployed no process " + engineId))
				.getProcessDefinitionKey();
		}
		catch (ClientStatusException ex) {
			if (ex.getStatusCode() == Status.Code.INVALID_ARGUMENT) {
				throw new EngineRefused(ex.getMessage().replace(engineId, processId));
			}
			throw ex;
		}
		catch (ProblemException ex) {
			if (ex.code() == 400) {
				throw new EngineRefused(String.valueOf(ex.details().getDetail()).replace(engineId, processId));
			}
			throw ex;
		}
	}

	/** The engine refused the model; the message says why. */
	static class EngineRefused extends RuntimeException {

		EngineRefused(String message) {
			super(message);
		}

	}

}
