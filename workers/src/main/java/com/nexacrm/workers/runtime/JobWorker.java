package com.nexacrm.workers.runtime;

/**
 * A handler for one Zeebe job type. Implementations stay short: typed variables in, one
 * call through a port, a typed result out. The runtime resolves the organisation, runs
 * the handler in its tenant scope, and maps failures to retries or BPMN errors.
 *
 * @param <V> the record the job's variables are read into
 */
public interface JobWorker<V> {

	/** The kebab-case job type this worker handles, as modelled in the BPMN. */
	String type();

	/** The record type the job's variables are deserialised into. */
	Class<V> variablesType();

	/**
	 * Handles one job for the organisation in {@code job}.
	 * @return the variables to complete the job with (a record or map), or {@code null}
	 * @throws BusinessOutcome for an outcome the BPMN models as an error event
	 * @throws Exception for a technical failure; the job is retried with backoff
	 */
	Object handle(TenantJob job, V variables) throws Exception;

}
