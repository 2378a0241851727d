package com.nexacrm.workers.runtime;

import java.util.Optional;
import java.util.UUID;

/**
 * Port: which organisation owns a process instance, taken from the application's own
 * records (never from process variables, which a tenant's BPMN can set freely).
 */
public interface InstanceOwners {

	Optional<UUID> ownerOf(long processInstanceKey);

	/**
	 * Notes that a job of the instance found no owner, so that an instance nobody will
	 * ever own can be settled (remote mode). The default notes nothing.
	 */
	default void noOwnerFound(long processInstanceKey, String bpmnProcessId, long processDefinitionKey) {
	}

}
