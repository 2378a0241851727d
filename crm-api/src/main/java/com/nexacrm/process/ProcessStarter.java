package com.nexacrm.process;

import java.util.Map;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;

import com.nexacrm.tenant.Tenancy;

import org.springframework.stereotype.Service;

/**
 * Starts process instances for the current organisation and records that it owns them.
 * The organisation comes from the tenant context, never from the variables.
 */
@Service
public class ProcessStarter {

	private final CamundaClient client;

	private final ProcessInstanceOwners owners;

	ProcessStarter(CamundaClient client, ProcessInstanceOwners owners) {
		this.client = client;
		this.owners = owners;
	}

	/**
	 * Starts the latest version of the process.
	 * @param businessKey the record the instance is about, for example {@code org:<id>}
	 * @return the process instance key
	 */
	public long start(String bpmnProcessId, String businessKey, Map<String, Object> variables) {
		UUID orgId = Tenancy.orgId();
		this.owners.starting();
		ProcessInstanceEvent instance;
		try {
			instance = this.client.newCreateInstanceCommand()
				.bpmnProcessId(bpmnProcessId)
				.latestVersion()
				.variables(variables)
				.send()
				.join();
		}
		catch (RuntimeException ex) {
			this.owners.abandon();
			throw ex;
		}
		this.owners.bind(instance.getProcessInstanceKey(), orgId, bpmnProcessId, businessKey);
		return instance.getProcessInstanceKey();
	}

}
