package com.nexacrm.process;

import java.util.OptionalLong;

/**
 * Port: which engine definition starts a process for the current organisation. The
 * automation module implements it with the organisation's own active version; without an
 * implementation, or when the organisation has none, instances start from the shipped
 * model's latest version.
 */
public interface ProcessVersions {

	/**
	 * The process definition key of the current organisation's active version of the
	 * process in the current engine (deploying it first when this engine does not have it
	 * yet); empty when the organisation runs the shipped model. Needs a tenant context.
	 */
	OptionalLong activeDefinition(String bpmnProcessId);

}
