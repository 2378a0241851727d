package com.nexacrm.bpmn;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code onboarding.bpmn}. */
@ZeebeProcessTest
class OnboardingProcessTest {

	private ZeebeTestEngine engine;

	private ZeebeClient client;

	@BeforeEach
	void deploy() {
		this.client.newDeployResourceCommand().addResourceFromClasspath("bpmn/onboarding.bpmn").send().join();
	}

	@Test
	void welcomesTheOwner() throws Exception {
		UUID owner = UUID.randomUUID();
		ProcessInstanceEvent instance = start(owner);

		ActivatedJob job = activate("send-email");
		assertThat(job.getElementId()).isEqualTo("task_send_welcome_email");
		assertThat(job.getVariablesAsMap()).containsEntry("template", "welcome")
			.containsEntry("recipientUserId", owner.toString());
		this.client.newCompleteCommand(job.getKey()).send().join();
		this.engine.waitForIdleState(Duration.ofSeconds(5));

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("start_org_created", "task_send_welcome_email", "end_welcomed")
			.hasNotPassedElement("end_welcome_skipped")
			.isCompleted();
	}

	@Test
	void skipsTheWelcomeWhenTheOwnerIsUnknown() throws Exception {
		ProcessInstanceEvent instance = start(UUID.randomUUID());

		ActivatedJob job = activate("send-email");
		this.client.newThrowErrorCommand(job.getKey()).errorCode("recipient-unknown").send().join();
		this.engine.waitForIdleState(Duration.ofSeconds(5));

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("start_org_created", "boundary_recipient_unknown", "end_welcome_skipped")
			.hasNotPassedElement("end_welcomed")
			.isCompleted();
	}

	private ProcessInstanceEvent start(UUID owner) throws Exception {
		ProcessInstanceEvent instance = this.client.newCreateInstanceCommand()
			.bpmnProcessId("onboarding")
			.latestVersion()
			.variables(Map.of("ownerUserId", owner.toString()))
			.send()
			.join();
		this.engine.waitForIdleState(Duration.ofSeconds(5));
		return instance;
	}

	private ActivatedJob activate(String type) {
		var jobs = this.client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
		assertThat(jobs).as("activated %s jobs", type).hasSize(1);
		return jobs.get(0);
	}

}
