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
 */
public record TenantJob(UUID orgId, long jobKey, long processInstanceKey, String elementId, int retries) {

	/**
	 * A key that identifies this job's side effect: the same when the job is delivered
	 * again, so ports can de-duplicate on it.
	 */
	public String idempotencyKey() {
		return "job:" + this.jobKey;
	}

}
