package com.nexacrm.process;

import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.CreateProcessInstanceCommandStep1.CreateProcessInstanceCommandStep3;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.platform.engine.StartedProcesses;
import com.nexacrm.tenant.Tenancy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Starts process instances for the current organisation and records that it owns them.
 * The organisation comes from the tenant context, never from the variables. An
 * organisation that deployed its own version of the process (see {@link ProcessVersions})
 * gets an instance of that version; every other organisation gets the shipped model.
 */
@Service
public class ProcessStarter {

	private static final Logger log = LoggerFactory.getLogger(ProcessStarter.class);

	private final CamundaClient client;

	private final ProcessInstanceOwners owners;

	private final ObjectProvider<ProcessVersions> versions;

	private final StartedProcesses started;

	ProcessStarter(CamundaClient client, ProcessInstanceOwners owners, ObjectProvider<ProcessVersions> versions,
			StartedProcesses started) {
		this.client = client;
		this.owners = owners;
		this.versions = versions;
		this.started = started;
	}

	/**
	 * Starts the current organisation's active version of the process, or the latest
	 * version of the shipped model when the organisation has none.
	 * @param bpmnProcessId the shipped process id, for example {@code onboarding}
	 * @param businessKey the record the instance is about, for example {@code org:<id>}
	 * @return the process instance key
	 */
	public long start(String bpmnProcessId, String businessKey, Map<String, Object> variables) {
		return start(bpmnProcessId, businessKey, variables, null);
	}

	/**
	 * Starts the process as {@link #start(String, String, Map)} does, but before the
	 * given element instead of at its start event (to bring a record back under control
	 * where it stands). When the organisation's own version has no such element, the
	 * shipped model is started instead.
	 * @param startBeforeElement an element id of the model, or {@code null} for the start
	 * event
	 * @return the process instance key
	 */
	public long start(String bpmnProcessId, String businessKey, Map<String, Object> variables,
			String startBeforeElement) {
		return start(activeDefinition(bpmnProcessId), bpmnProcessId, businessKey, variables, startBeforeElement);
	}

	/**
	 * The organisation's active definition of the process, empty for the shipped model.
	 * Runs in the caller's transaction when there is one, so a caller that reads the
	 * record in a transaction anyway looks this up there instead of in one of its own.
	 */
	public OptionalLong activeDefinition(String bpmnProcessId) {
		ProcessVersions tenantVersions = this.versions.getIfAvailable();
		return (tenantVersions != null) ? tenantVersions.activeDefinition(bpmnProcessId) : OptionalLong.empty();
	}

	/**
	 * Starts the process as {@link #start(String, String, Map, String)} does, with the
	 * definition {@link #activeDefinition(String)} gave.
	 * @return the process instance key
	 */
	public long start(OptionalLong definition, String bpmnProcessId, String businessKey, Map<String, Object> variables,
			String startBeforeElement) {
		UUID orgId = Tenancy.orgId();
		this.owners.starting();
		ProcessInstanceEvent instance;
		try {
			try {
				instance = create(definition, bpmnProcessId, variables, startBeforeElement);
			}
			catch (ClientStatusException ex) {
				if (definition.isEmpty() || startBeforeElement == null
						|| ex.getStatusCode() != Status.Code.INVALID_ARGUMENT) {
					throw ex;
				}
				// the organisation's version has no such element: bring the record back
				// on
				// the shipped model rather than leave it without a process
				log.warn("The organisation's version of {} cannot start before {}; using the shipped model: {}",
						bpmnProcessId, startBeforeElement, ex.getMessage());
				instance = create(OptionalLong.empty(), bpmnProcessId, variables, startBeforeElement);
			}
		}
		catch (RuntimeException ex) {
			this.owners.abandon();
			throw ex;
		}
		this.owners.bind(instance.getProcessInstanceKey(), orgId, bpmnProcessId, businessKey);
		return instance.getProcessInstanceKey();
	}

	private ProcessInstanceEvent create(OptionalLong definition, String bpmnProcessId, Map<String, Object> variables,
			String startBeforeElement) {
		if (definition.isPresent()) {
			this.started.starting(definition.getAsLong());
		}
		else {
			this.started.starting(bpmnProcessId);
		}
		var create = this.client.newCreateInstanceCommand();
		CreateProcessInstanceCommandStep3 command = definition.isPresent()
				? create.processDefinitionKey(definition.getAsLong())
				: create.bpmnProcessId(bpmnProcessId).latestVersion();
		command = command.variables(variables);
		if (startBeforeElement != null) {
			command = command.startBeforeElement(startBeforeElement);
		}
		return command.send().join();
	}

}
