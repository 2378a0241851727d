package com.nexacrm.bpmn;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the app and its workers against the in-memory engine: starts instances, completes
 * jobs and user tasks, publishes messages and moves the engine's clock. Every step waits
 * until the engine is idle again, so assertions see its whole effect.
 */
final class ProcessDriver {

	/** The job type of job-worker user tasks. */
	static final String USER_TASK = "io.camunda.zeebe:userTask";

	private static final Duration IDLE = Duration.ofSeconds(5);

	// the app holds user-task jobs while the CRM task is open (ADR 0003)
	private static final Duration USER_TASK_TIMEOUT = Duration.ofDays(365);

	private final ZeebeTestEngine engine;

	private final ZeebeClient client;

	private final Map<String, ActivatedJob> openUserTasks = new HashMap<>();

	ProcessDriver(ZeebeTestEngine engine, ZeebeClient client) {
		this.engine = engine;
		this.client = client;
	}

	void deploy(String model) {
		this.client.newDeployResourceCommand().addResourceFromClasspath("bpmn/" + model).send().join();
	}

	ProcessInstanceEvent start(String processId, Map<String, Object> variables) {
		ProcessInstanceEvent instance = this.client.newCreateInstanceCommand()
			.bpmnProcessId(processId)
			.latestVersion()
			.variables(variables)
			.send()
			.join();
		idle();
		return instance;
	}

	/**
	 * Starts an instance at an element, as the app does to bring an open record back
	 * under process control after the embedded engine restarted.
	 */
	ProcessInstanceEvent startBefore(String processId, String elementId, Map<String, Object> variables) {
		ProcessInstanceEvent instance = this.client.newCreateInstanceCommand()
			.bpmnProcessId(processId)
			.latestVersion()
			.variables(variables)
			.startBeforeElement(elementId)
			.send()
			.join();
		idle();
		return instance;
	}

	/** Activates the one waiting job of the type, as its worker would. */
	ActivatedJob job(String type) {
		List<ActivatedJob> jobs = this.client.newActivateJobsCommand()
			.jobType(type)
			.maxJobsToActivate(10)
			.send()
			.join()
			.getJobs();
		assertThat(jobs).as("waiting %s jobs", type).hasSize(1);
		return jobs.get(0);
	}

	/** Asserts that no job of the type is waiting. */
	void noJob(String type) {
		assertThat(this.client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10).send().join().getJobs())
			.as("waiting %s jobs", type)
			.isEmpty();
	}

	ActivatedJob complete(String type) {
		return complete(type, Map.of());
	}

	/** Completes the waiting job of the type with the worker's result variables. */
	ActivatedJob complete(String type, Map<String, Object> result) {
		ActivatedJob job = job(type);
		this.client.newCompleteCommand(job.getKey()).variables(result).send().join();
		idle();
		return job;
	}

	/** The worker of the type reports a business outcome as a BPMN error. */
	ActivatedJob throwError(String type, String errorCode) {
		ActivatedJob job = job(type);
		this.client.newThrowErrorCommand(job.getKey()).errorCode(errorCode).send().join();
		idle();
		return job;
	}

	/** The job-worker user task at the element, as the app's task inbox holds it. */
	ActivatedJob userTask(String elementId) {
		this.client.newActivateJobsCommand()
			.jobType(USER_TASK)
			.maxJobsToActivate(10)
			.timeout(USER_TASK_TIMEOUT)
			.send()
			.join()
			.getJobs()
			.forEach((job) -> this.openUserTasks.put(job.getElementId(), job));
		assertThat(this.openUserTasks).as("open user tasks").containsKey(elementId);
		return this.openUserTasks.get(elementId);
	}

	/** Completes the user task with the form's variables, as the task inbox does. */
	ActivatedJob completeUserTask(String elementId, Map<String, Object> form) {
		ActivatedJob task = userTask(elementId);
		this.client.newCompleteCommand(task.getKey()).variables(form).send().join();
		this.openUserTasks.remove(elementId);
		idle();
		return task;
	}

	/** Publishes a message as the app does for a domain event (with a time to live). */
	void publish(String name, String correlationKey, Map<String, Object> variables) {
		this.client.newPublishMessageCommand()
			.messageName(name)
			.correlationKey(correlationKey)
			.timeToLive(Duration.ofHours(1))
			.variables(variables)
			.send()
			.join();
		idle();
	}

	/** Moves the engine's clock; timers due by then fire. */
	void advance(Duration duration) {
		this.engine.increaseTime(duration);
		idle();
	}

	private void idle() {
		try {
			this.engine.waitForIdleState(IDLE);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The engine did not become idle within " + IDLE, ex);
		}
	}

}
