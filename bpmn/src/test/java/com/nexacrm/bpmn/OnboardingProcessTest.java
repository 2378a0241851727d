package com.nexacrm.bpmn;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every path of {@code onboarding.bpmn}. */
@ZeebeProcessTest
class OnboardingProcessTest {

	private static final Duration THREE_DAYS = Duration.ofDays(3);

	private ZeebeTestEngine engine;

	private ZeebeClient client;

	private ProcessDriver driver;

	private final UUID owner = UUID.randomUUID();

	private final String checklistKey = UUID.randomUUID().toString();

	/** The owner's checklist: its user task, form and the message the app publishes. */
	enum ChecklistItem {

		INVITE_TEAM("task_invite_team", "checklist-invite-team", "checklist-team-invited", "msg_team_invited"),
		IMPORT_DATA("task_import_data", "checklist-import-data", "checklist-data-imported", "msg_data_imported"),
		SET_UP_PIPELINE("task_set_up_pipeline", "checklist-set-up-pipeline", "checklist-pipeline-set-up",
				"msg_pipeline_set_up"),
		CONNECT_SLACK("task_connect_slack", "checklist-connect-slack", "checklist-slack-connected",
				"msg_slack_connected");

		final String task;

		final String formKey;

		final String message;

		final String event;

		ChecklistItem(String task, String formKey, String message, String event) {
			this.task = task;
			this.formKey = formKey;
			this.message = message;
			this.event = event;
		}

		/**
		 * The checklist sub-process and the tasks of the given items, as active elements.
		 */
		static String[] openChecklistWith(ChecklistItem... items) {
			return Stream.concat(Stream.of("subprocess_checklist"), Arrays.stream(items).map((item) -> item.task))
				.toArray(String[]::new);
		}

		static String[] openChecklist() {
			return openChecklistWith(values());
		}

	}

	@BeforeEach
	void deploy() {
		this.driver = new ProcessDriver(this.engine, this.client);
		this.driver.deploy("onboarding.bpmn");
	}

	@Test
	void welcomesTheOwner() {
		ProcessInstanceEvent instance = start();

		ActivatedJob job = this.driver.complete("send-email");
		assertThat(job.getElementId()).isEqualTo("task_send_welcome_email");
		assertThat(job.getVariablesAsMap()).containsEntry("template", "welcome")
			.containsEntry("recipientUserId", this.owner.toString());

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("start_org_created", "task_send_welcome_email")
			.hasNotPassedElement("end_welcome_skipped")
			.isWaitingExactlyAtElements(ChecklistItem.openChecklist());
	}

	@Test
	void skipsTheWelcomeWhenTheOwnerIsUnknown() {
		ProcessInstanceEvent instance = start();

		this.driver.throwError("send-email", "recipient-unknown");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("start_org_created", "boundary_recipient_unknown", "end_welcome_skipped")
			.hasNotPassedElement("subprocess_checklist")
			.isCompleted();
	}

	@Test
	void theChecklistIsTheOwnersFourTasks() {
		welcomed();

		for (ChecklistItem item : ChecklistItem.values()) {
			assertThat(this.driver.userTask(item.task).getCustomHeaders()).as(item.task)
				.containsEntry("formKey", item.formKey)
				.containsEntry("io.camunda.zeebe:assignee", this.owner.toString());
		}
	}

	@Test
	void theOwnerCompletesEveryItemAndIsOnboarded() {
		ProcessInstanceEvent instance = welcomed();

		for (ChecklistItem item : ChecklistItem.values()) {
			this.driver.completeUserTask(item.task, Map.of());
		}

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("task_send_welcome_email", "gateway_checklist_join", "subprocess_checklist",
					"end_onboarded")
			.hasNotPassedElement("msg_team_invited")
			.hasNotPassedElement("msg_slack_connected")
			.isCompleted();
		for (ChecklistItem item : ChecklistItem.values()) {
			BpmnAssert.assertThat(instance).hasPassedElement(item.task);
		}
	}

	@ParameterizedTest
	@EnumSource(ChecklistItem.class)
	void theAppCompletesAnItemWhenTheThingIsDoneInTheApp(ChecklistItem done) {
		ProcessInstanceEvent instance = welcomed();

		this.driver.publish(done.message, this.checklistKey, Map.of());

		BpmnAssert.assertThat(instance)
			.hasPassedElement(done.event)
			.isNotWaitingAtElements(done.task)
			.hasNotPassedElement(done.task);
		for (ChecklistItem item : ChecklistItem.values()) {
			if (item != done) {
				this.driver.completeUserTask(item.task, Map.of());
			}
		}
		BpmnAssert.assertThat(instance).hasPassedElement("end_onboarded").isCompleted();
	}

	@Test
	void theAppCanCompleteTheWholeChecklist() {
		ProcessInstanceEvent instance = welcomed();

		for (ChecklistItem item : ChecklistItem.values()) {
			this.driver.publish(item.message, this.checklistKey, Map.of());
		}

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("msg_team_invited", "msg_data_imported", "msg_pipeline_set_up",
					"msg_slack_connected", "end_onboarded")
			.isCompleted();
	}

	@Test
	void anItemDoneBeforeTheChecklistOpensIsNotLost() {
		ProcessInstanceEvent instance = start();

		// Slack connected while the welcome email was still going out
		this.driver.publish("checklist-slack-connected", this.checklistKey, Map.of());
		this.driver.complete("send-email");

		BpmnAssert.assertThat(instance)
			.hasPassedElement("msg_slack_connected")
			.isWaitingExactlyAtElements(ChecklistItem.openChecklistWith(ChecklistItem.INVITE_TEAM,
					ChecklistItem.IMPORT_DATA, ChecklistItem.SET_UP_PIPELINE));
	}

	@Test
	void theOwnerIsRemindedEveryThreeDaysAtMostThreeTimes() {
		ProcessInstanceEvent instance = welcomed();

		for (int reminder = 1; reminder <= 3; reminder++) {
			this.driver.advance(THREE_DAYS);
			ActivatedJob email = this.driver.complete("send-email");
			assertThat(email.getVariablesAsMap()).containsEntry("template", "onboarding-reminder")
				.containsEntry("recipientUserId", this.owner.toString());
		}
		this.driver.advance(THREE_DAYS);

		this.driver.noJob("send-email");
		BpmnAssert.assertThat(instance)
			.hasPassedElement("timer_checklist_reminder", 3)
			.hasPassedElement("end_reminder_sent", 3)
			.isWaitingExactlyAtElements(ChecklistItem.openChecklist());
	}

	@Test
	void aReminderToAnUnknownOwnerIsSkippedAndTheChecklistStaysOpen() {
		ProcessInstanceEvent instance = welcomed();

		this.driver.advance(THREE_DAYS);
		this.driver.throwError("send-email", "recipient-unknown");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("timer_checklist_reminder", "boundary_reminder_recipient_unknown",
					"end_reminder_skipped")
			.hasNotPassedElement("end_reminder_sent")
			.isWaitingExactlyAtElements(ChecklistItem.openChecklist());
	}

	@Test
	void noReminderOnceTheChecklistIsDone() {
		ProcessInstanceEvent instance = welcomed();
		for (ChecklistItem item : ChecklistItem.values()) {
			this.driver.publish(item.message, this.checklistKey, Map.of());
		}

		this.driver.advance(THREE_DAYS);

		this.driver.noJob("send-email");
		BpmnAssert.assertThat(instance).hasNotPassedElement("timer_checklist_reminder").isCompleted();
	}

	@Test
	void anOpenChecklistCanBeBroughtBackUnderProcessControl() {
		ProcessInstanceEvent instance = this.driver.startBefore("onboarding", "subprocess_checklist",
				Map.of("ownerUserId", this.owner.toString(), "checklistKey", this.checklistKey));
		// the app then publishes the items already done
		this.driver.publish("checklist-team-invited", this.checklistKey, Map.of());

		this.driver.noJob("send-email");
		BpmnAssert.assertThat(instance)
			.hasNotPassedElement("task_send_welcome_email")
			.isWaitingExactlyAtElements(ChecklistItem.openChecklistWith(ChecklistItem.IMPORT_DATA,
					ChecklistItem.SET_UP_PIPELINE, ChecklistItem.CONNECT_SLACK));
	}

	private ProcessInstanceEvent start() {
		return this.driver.start("onboarding",
				Map.of("ownerUserId", this.owner.toString(), "checklistKey", this.checklistKey));
	}

	private ProcessInstanceEvent welcomed() {
		ProcessInstanceEvent instance = start();
		this.driver.complete("send-email");
		BpmnAssert.assertThat(instance).isWaitingExactlyAtElements(ChecklistItem.openChecklist());
		return instance;
	}

}
