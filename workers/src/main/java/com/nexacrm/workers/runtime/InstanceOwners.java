package com.nexacrm.workers.runtime;

import java.util.Optional;
import java.util.UUID;

/**
 * Port: which organisation owns a process instance, taken from the application's own
 * records (never from process variables, which a tenant's BPMN can set freely).
 */
public interface InstanceOwners {

	Optional<UUID> ownerOf(long processInstanceKey);

}
