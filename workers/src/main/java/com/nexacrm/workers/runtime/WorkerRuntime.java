package com.nexacrm.workers.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Opens one streaming Zeebe job worker per {@link JobWorker} and runs every job for the
 * organisation that owns its process instance. A job whose instance has no owner fails
 * without retries, so it shows as an incident rather than running in no tenant or the
 * wrong one.
 * <p>
 * The command that ends a job (complete, error, fail) is sent without waiting for the
 * engine's answer: the job's effect is already committed, and a command the engine
 * refuses or never gets leaves the job where the engine offers it again after its timeout
 * (workers are idempotent). Waiting held a worker thread for as long as the engine took
 * to answer, tens of milliseconds under load, so the eight threads spent most of their
 * time parked rather than running jobs.
 */
public class WorkerRuntime implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

	private static final Duration UNOWNED_RETRY = Duration.ofSeconds(1);

	private final CamundaClient client;

	private final InstanceOwners owners;

	private final TenantScope scope;

	private final RetryBackoff backoff;

	private final List<io.camunda.client.api.worker.JobWorker> open = new ArrayList<>();

	private final String engineEpoch;

	public WorkerRuntime(CamundaClient client, InstanceOwners owners, TenantScope scope, RetryBackoff backoff) {
		this(client, owners, scope, backoff, "");
	}

	/**
	 * @param engineEpoch which run of the engine the jobs come from: an embedded engine
	 * reuses job keys after a restart, so side effects are keyed by epoch and job key
	 */
	public WorkerRuntime(CamundaClient client, InstanceOwners owners, TenantScope scope, RetryBackoff backoff,
			String engineEpoch) {
		this.engineEpoch = engineEpoch;
		this.client = client;
		this.owners = owners;
		this.scope = scope;
		this.backoff = backoff;
	}

	/** Opens a streaming worker for each handler; call once at start-up. */
	public synchronized void open(List<? extends JobWorker<?>> workers, Duration jobTimeout) {
		for (JobWorker<?> worker : workers) {
			this.open.add(this.client.newWorker()
				.jobType(worker.type())
				.handler((jobClient, job) -> handle(worker, jobClient, job))
				.name("nexacrm-" + worker.type())
				.timeout(jobTimeout)
				.streamEnabled(true)
				.open());
			log.info("Job worker open for type {}", worker.type());
		}
	}

	<V> void handle(JobWorker<V> worker, JobClient jobClient, ActivatedJob job) {
		Optional<UUID> owner = ownerOrFail(jobClient, job);
		if (owner.isEmpty()) {
			return;
		}
		UUID orgId = owner.get();
		TenantJob tenantJob = new TenantJob(orgId, job.getKey(), job.getProcessInstanceKey(), job.getElementId(),
				job.getRetries(), this.engineEpoch);
		MDC.put("orgId", orgId.toString());
		MDC.put("jobKey", Long.toString(job.getKey()));
		try {
			V variables = job.getVariablesAsType(worker.variablesType());
			Object result = this.scope.call(orgId, () -> worker.handle(tenantJob, variables));
			var complete = jobClient.newCompleteCommand(job.getKey());
			if (result instanceof Map<?, ?> map) {
				@SuppressWarnings("unchecked")
				Map<String, Object> vars = (Map<String, Object>) map;
				complete.variables(vars);
			}
			else if (result != null) {
				complete.variables(result);
			}
			sent(complete.send(), job, "completion");
		}
		catch (BusinessOutcome outcome) {
			log.info("Job {} ended with business outcome {}", job.getKey(), outcome.errorCode());
			sent(jobClient.newThrowErrorCommand(job.getKey())
				.errorCode(outcome.errorCode())
				.errorMessage(outcome.getMessage())
				.send(), job, "error");
		}
		catch (Exception ex) {
			int retries = Math.max(0, job.getRetries() - 1);
			Duration wait = this.backoff.after(job.getRetries());
			log.warn("Job {} of type {} failed ({} retries left, next in {}): {}", job.getKey(), job.getType(), retries,
					wait, ex.toString());
			sent(jobClient.newFailCommand(job.getKey())
				.retries(retries)
				.retryBackoff(wait)
				.errorMessage(describe(ex))
				.send(), job, "failure");
		}
		finally {
			MDC.remove("orgId");
			MDC.remove("jobKey");
		}
	}

	/**
	 * The organisation that owns the job's process instance, from the app's binding. When
	 * there is none the job is failed (retried briefly, then an incident) and the result
	 * is empty: the caller must not run it. For job types the runtime does not complete
	 * itself, such as user tasks held in the inbox.
	 */
	public Optional<UUID> ownerOrFail(JobClient jobClient, ActivatedJob job) {
		Optional<UUID> owner = this.owners.ownerOf(job.getProcessInstanceKey());
		if (owner.isEmpty()) {
			log.warn("Job {} of type {} belongs to process instance {} that no organisation owns", job.getKey(),
					job.getType(), job.getProcessInstanceKey());
			try {
				this.owners.noOwnerFound(job.getProcessInstanceKey(), job.getBpmnProcessId(),
						job.getProcessDefinitionKey());
			}
			catch (RuntimeException ex) {
				log.warn("Could not note that process instance {} has no owner", job.getProcessInstanceKey(), ex);
			}
			// another replica may still be writing the binding: retry briefly, then raise
			// an incident
			sent(jobClient.newFailCommand(job.getKey())
				.retries(Math.max(0, job.getRetries() - 1))
				.retryBackoff(UNOWNED_RETRY)
				.errorMessage("No organisation owns process instance " + job.getProcessInstanceKey()
						+ "; the app did not start it, so it will not run it")
				.send(), job, "failure");
		}
		return owner;
	}

	/**
	 * Logs a job command the engine refused or did not answer; the engine offers the job
	 * again after its timeout.
	 */
	private static void sent(CamundaFuture<?> command, ActivatedJob job, String what) {
		command.whenComplete((response, failure) -> {
			if (failure != null) {
				log.warn("The engine did not take the {} of job {} of type {}; it will offer the job again after "
						+ "its timeout: {}", what, job.getKey(), job.getType(), failure.toString());
			}
		});
	}

	private static String describe(Exception ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "";
		String text = ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
		return (text.length() > 500) ? text.substring(0, 500) : text;
	}

	@Override
	public synchronized void close() {
		this.open.forEach(io.camunda.client.api.worker.JobWorker::close);
		this.open.clear();
	}

}
