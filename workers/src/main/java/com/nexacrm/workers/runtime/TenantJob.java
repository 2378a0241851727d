package com.nexacrm.workers.runtime;

import java.util.UUID;

/**
 * The job being worked on, with the organisation that owns its process instance.
 *
 * @param orgId the owning organisation, from the application's own binding of the
 * instance
 * @param jobKey the engine's job key (stable when the same job is delivered twice)
 * @param processInstanceKey the process instance the job belongs to
 * @param elementId the BPMN element id of the task
 * @param retries the retries left on this job
 * @param engineEpoch which run of the engine the job comes from (empty when unknown)
 */
public record TenantJob(UUID orgId, long jobKey, long processInstanceKey, String elementId, int retries,
		String engineEpoch) {

	public TenantJob(UUID orgId, long jobKey, long processInstanceKey, String elementId, int retries) {
		this(orgId, jobKey, processInstanceKey, elementId, retries, "");
	}

	/**
	 * A key that identifies this job's side effect: the same when the job is delivered
	 * again, so ports can de-duplicate on it. It names the engine epoch too, because an
	 * embedded engine hands out the same job keys again after a restart.
	 */
	public String idempotencyKey() {
		return (this.engineEpoch == null || this.engineEpoch.isEmpty()) ? "job:" + this.jobKey
				: "job:" + this.engineEpoch + ":" + this.jobKey;
	}

}
