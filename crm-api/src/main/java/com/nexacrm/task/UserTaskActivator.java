package com.nexacrm.task;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import com.nexacrm.platform.engine.EngineJobCanceled;
import com.nexacrm.platform.engine.EngineSettings;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.workers.runtime.InstanceOwners;
import com.nexacrm.workers.runtime.RetryBackoff;
import com.nexacrm.workers.runtime.TenantScope;
import com.nexacrm.workers.runtime.WorkerRuntime;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Takes every user-task job ({@code io.camunda.zeebe:userTask}) and holds it as a task of
 * the organisation that owns its instance, without completing it: the job stays activated
 * for {@link #JOB_TIMEOUT}, and is completed when someone completes the task. A job the
 * engine offers again (after that timeout, or after a failure to hold it) updates the
 * same task. A job whose instance no organisation owns is failed into an incident by the
 * worker runtime's own look-up. Runs where the app's roles include {@code worker}.
 */
@Component
class UserTaskActivator implements SmartLifecycle {

	/** How long a held job stays activated before the engine offers it again. */
	static final Duration JOB_TIMEOUT = Duration.ofDays(30);

	private static final Logger log = LoggerFactory.getLogger(UserTaskActivator.class);

	private final CamundaClient client;

	private final WorkerRuntime runtime;

	private final InstanceOwners owners;

	private final TenantScope scope;

	private final UserTaskJobs jobs;

	private final EngineSettings.Local local;

	private final RetryBackoff backoff = RetryBackoff.defaults();

	private volatile JobWorker worker;

	UserTaskActivator(CamundaClient client, WorkerRuntime runtime, InstanceOwners owners, TenantScope scope,
			UserTaskJobs jobs, EngineSettings.Local local) {
		this.client = client;
		this.runtime = runtime;
		this.owners = owners;
		this.scope = scope;
		this.jobs = jobs;
		this.local = local;
	}

	@Override
	public synchronized void start() {
		if (this.worker != null || !this.local.runsWorkers()) {
			return;
		}
		this.worker = this.client.newWorker()
			.jobType(UserTaskJobs.USER_TASK)
			.handler(this::handle)
			.name("nexacrm-inbox")
			.timeout(JOB_TIMEOUT)
			.fetchVariables(UserTaskJobs.VARIABLES)
			.streamEnabled(true)
			.open();
		log.info("Task inbox holds user-task jobs (timeout {})", JOB_TIMEOUT);
	}

	void handle(JobClient jobClient, ActivatedJob job) {
		Optional<UUID> owner = this.runtime.ownerOrFail(jobClient, job);
		if (owner.isEmpty()) {
			return;
		}
		MDC.put("jobKey", Long.toString(job.getKey()));
		try {
			this.scope.call(owner.get(), () -> this.jobs.hold(job));
		}
		catch (Exception ex) {
			// not held: give the job back so it is offered again, and an incident at the
			// end
			int retries = Math.max(0, job.getRetries() - 1);
			log.warn("User task job {} could not be held ({} retries left): {}", job.getKey(), retries, ex.toString());
			jobClient.newFailCommand(job.getKey())
				.retries(retries)
				.retryBackoff(this.backoff.after(job.getRetries()))
				.errorMessage("The task inbox could not hold this task: " + ex.getClass().getSimpleName())
				.send()
				.join();
		}
		finally {
			MDC.remove("jobKey");
		}
	}

	/**
	 * The engine cancelled a job (its instance was cancelled, or an interrupting event
	 * left the task): the task held for it leaves the inbox. Publish outside a
	 * transaction.
	 */
	@EventListener
	void on(EngineJobCanceled event) {
		if (!UserTaskJobs.USER_TASK.equals(event.jobType())) {
			return;
		}
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			log.error("EngineJobCanceled for job {} published inside a transaction; its task stays open until "
					+ "someone completes it", event.jobKey());
			return;
		}
		Optional<UUID> owner = this.owners.ownerOf(event.processInstanceKey());
		if (owner.isEmpty()) {
			return;
		}
		try {
			boolean closed = Tenancy.call(TenantContext.system(owner.get()), () -> this.jobs.cancelled(event.jobKey()));
			if (closed) {
				log.info("Task of cancelled job {} closed", event.jobKey());
			}
		}
		catch (Exception ex) {
			log.error("Could not close the task of cancelled job {}", event.jobKey(), ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.worker != null) {
			this.worker.close();
			this.worker = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.worker != null;
	}

}
