package com.nexacrm.bpmn;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
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

/** Every path of {@code lead-to-close.bpmn}. */
@ZeebeProcessTest
class LeadToCloseProcessTest {

	private static final String ADA = UUID.randomUUID().toString();

	private static final String MANAGER_PICK = UUID.randomUUID().toString();

	private static final Duration SLA = Duration.ofHours(8);

	private static final Duration ROT = Duration.ofDays(5);

	private static final String ROT_ISO = "P5D";

	private static final String DUE = "2030-01-07T17:00:00+01:00";

	private ZeebeTestEngine engine;

	private ZeebeClient client;

	private ProcessDriver driver;

	private final String leadId = UUID.randomUUID().toString();

	private final String teamId = UUID.randomUUID().toString();

	private final String dealId = UUID.randomUUID().toString();

	@BeforeEach
	void deploy() {
		this.driver = new ProcessDriver(this.engine, this.client);
		this.driver.deploy("lead-to-close.bpmn");
	}

	@Test
	void aQualifiedLeadBecomesADealThatFollowsTheBoardUntilWon() {
		ProcessInstanceEvent instance = newLead(this.teamId);
		ActivatedJob routing = this.driver.complete("route-lead", Map.of("ownerUserId", ADA));
		assertThat(routing.getVariablesAsMap()).containsEntry("leadId", this.leadId)
			.containsEntry("teamId", this.teamId);
		this.driver.complete("score-lead", Map.of("score", 80));

		ActivatedJob qualify = this.driver.userTask("task_qualify_lead");
		assertThat(qualify.getCustomHeaders()).containsEntry("formKey", "qualify-lead")
			.containsEntry("io.camunda.zeebe:assignee", ADA);
		assertThat(OffsetDateTime.parse(qualify.getCustomHeaders().get("io.camunda.zeebe:dueDate")))
			.isAtSameInstantAs(OffsetDateTime.parse(DUE));
		this.driver.completeUserTask("task_qualify_lead", Map.of("qualified", true));
		convertToDeal();
		BpmnAssert.assertThat(instance)
			.isWaitingAtElements("gateway_wait_in_stage")
			.isWaitingForMessages("deal-stage-changed");

		moveDeal("stage-proposal", "OPEN");
		moveDeal("stage-won", "WON");
		this.driver.complete("post-slack-message");
		ActivatedJob thankYou = this.driver.complete("send-email");
		assertThat(thankYou.getVariablesAsMap()).containsEntry("template", "deal-won-thank-you")
			.containsEntry("recipientUserId", ADA);
		this.driver.complete("hand-off-deal");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("start_lead_created", "task_route_lead", "task_score_lead", "task_qualify_lead",
					"gateway_qualified", "task_convert_lead", "task_run_stage_automation", "msg_stage_changed",
					"task_run_stage_automation", "msg_stage_changed", "task_run_stage_automation", "gateway_won_join",
					"end_won")
			.hasPassedElement("task_run_stage_automation", 3)
			.hasPassedElement("task_post_slack_message")
			.hasPassedElement("task_send_thank_you_email")
			.hasPassedElement("task_hand_off_deal")
			.hasNotPassedElement("task_assign_lead")
			.hasNotPassedElement("task_escalate_to_manager")
			.hasNotPassedElement("task_record_loss_reason")
			.hasNotPassedElement("task_record_slack_skipped")
			.hasNotPassedElement("task_record_thank_you_skipped")
			.hasVariableWithValue("stageId", "stage-won")
			.isCompleted();
	}

	@Test
	void aLeadNoRepCanTakeGoesToTheTeamsManagersWhoPickAnOwner() {
		ProcessInstanceEvent instance = newLead(this.teamId);
		this.driver.throwError("route-lead", "no-rep-available");

		ActivatedJob unassigned = this.driver.userTask("task_assign_lead");
		assertThat(unassigned.getCustomHeaders()).containsEntry("formKey", "assign-lead")
			.containsEntry("candidateRole", "MANAGER")
			.containsEntry("io.camunda.zeebe:candidateGroups", "[\"" + this.teamId + "\"]")
			.doesNotContainKey("io.camunda.zeebe:assignee");
		// the manager picked the owner a day later: the app gives the rep a fresh SLA
		this.driver.completeUserTask("task_assign_lead",
				Map.of("ownerUserId", MANAGER_PICK, "qualifyDueDate", "2030-01-08T17:00:00+01:00"));
		this.driver.complete("score-lead", Map.of("score", 40));

		assertThat(this.driver.userTask("task_qualify_lead").getCustomHeaders())
			.containsEntry("io.camunda.zeebe:assignee", MANAGER_PICK)
			.hasEntrySatisfying("io.camunda.zeebe:dueDate", (due) -> assertThat(OffsetDateTime.parse(due))
				.isAtSameInstantAs(OffsetDateTime.parse("2030-01-08T17:00:00+01:00")));
		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("boundary_no_rep_available", "task_assign_lead", "gateway_owner_assigned",
					"task_score_lead")
			.isWaitingAtElements("task_qualify_lead");
	}

	@Test
	void anUnassignedLeadWithoutATeamGoesToTheOrganisationsManagers() {
		ProcessInstanceEvent instance = newLead(null);
		this.driver.throwError("route-lead", "no-rep-available");

		assertThat(this.driver.userTask("task_assign_lead").getCustomHeaders())
			.containsEntry("candidateRole", "MANAGER")
			.containsEntry("io.camunda.zeebe:candidateGroups", "[]");
		BpmnAssert.assertThat(instance).isWaitingAtElements("task_assign_lead").hasNoIncidents();
	}

	@Test
	void anOverdueQualificationIsEscalatedToTheManagerAndTheTaskStays() {
		ProcessInstanceEvent instance = leadWaitingForQualification();

		this.driver.advance(SLA.plusMinutes(1));
		ActivatedJob escalation = this.driver.complete("escalate-to-manager");

		assertThat(escalation.getVariablesAsMap()).containsEntry("leadId", this.leadId)
			.containsEntry("teamId", this.teamId)
			.containsEntry("ownerUserId", ADA);
		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("timer_qualify_overdue", "task_escalate_to_manager", "end_manager_notified")
			.isWaitingAtElements("task_qualify_lead");
		this.driver.completeUserTask("task_qualify_lead", Map.of("qualified", true));
		BpmnAssert.assertThat(instance).isWaitingAtElements("task_convert_lead");
	}

	@Test
	void aQualificationDoneInTimeIsNotEscalated() {
		ProcessInstanceEvent instance = leadWaitingForQualification();

		this.driver.advance(SLA.minusMinutes(1));
		this.driver.completeUserTask("task_qualify_lead", Map.of("qualified", true));
		this.driver.advance(SLA);

		this.driver.noJob("escalate-to-manager");
		BpmnAssert.assertThat(instance)
			.hasNotPassedElement("timer_qualify_overdue")
			.isWaitingAtElements("task_convert_lead");
	}

	@Test
	void aDisqualifiedLeadHasItsReasonRecorded() {
		ProcessInstanceEvent instance = leadWaitingForQualification();

		this.driver.completeUserTask("task_qualify_lead",
				Map.of("qualified", false, "disqualificationReason", "no budget"));
		ActivatedJob record = this.driver.complete("record-disqualification");

		assertThat(record.getVariablesAsMap()).containsEntry("leadId", this.leadId)
			.containsEntry("disqualificationReason", "no budget");
		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("task_qualify_lead", "gateway_qualified", "task_record_disqualification",
					"end_disqualified")
			.hasNotPassedElement("task_convert_lead")
			.isCompleted();
	}

	@Test
	void aDealWithoutActivityNotifiesItsOwnerEachTimeItRots() {
		ProcessInstanceEvent instance = dealInFirstStage();

		this.driver.advance(ROT.plusMinutes(1));
		ActivatedJob notice = this.driver.complete("notify-rotting-deal");
		assertThat(notice.getVariablesAsMap()).containsEntry("dealId", this.dealId)
			.containsEntry("stageId", "stage-discovery")
			.containsEntry("ownerUserId", ADA);
		BpmnAssert.assertThat(instance).isWaitingAtElements("gateway_wait_in_stage");

		this.driver.advance(ROT.plusMinutes(1));
		this.driver.complete("notify-rotting-deal");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("gateway_await_stage_change", "timer_deal_rotting", "task_notify_rotting_deal",
					"gateway_await_stage_change", "timer_deal_rotting", "task_notify_rotting_deal",
					"gateway_await_stage_change")
			.hasPassedElement("task_notify_rotting_deal", 2)
			.hasPassedElement("task_run_stage_automation", 1)
			.isWaitingAtElements("gateway_wait_in_stage");
	}

	@Test
	void aStageChangeRestartsTheRottingTimerWithTheNewStagesThreshold() {
		ProcessInstanceEvent instance = dealInFirstStage();

		this.driver.advance(ROT.minusDays(1));
		moveDeal("stage-proposal", "OPEN", "P10D");
		this.driver.advance(Duration.ofDays(2));
		this.driver.noJob("notify-rotting-deal");

		this.driver.advance(Duration.ofDays(8));
		this.driver.complete("notify-rotting-deal");
		BpmnAssert.assertThat(instance)
			.hasPassedElement("task_notify_rotting_deal", 1)
			.hasVariableWithValue("rotDuration", "P10D")
			.isWaitingAtElements("gateway_wait_in_stage");
	}

	@Test
	void aLostDealAsksItsOwnerForTheLossReason() {
		ProcessInstanceEvent instance = dealInFirstStage();

		moveDeal("stage-lost", "LOST");
		ActivatedJob task = this.driver.userTask("task_record_loss_reason");
		assertThat(task.getCustomHeaders()).containsEntry("formKey", "record-loss-reason")
			.containsEntry("io.camunda.zeebe:assignee", ADA);
		this.driver.completeUserTask("task_record_loss_reason", Map.of("lossReason", "price"));

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("task_run_stage_automation", "msg_stage_changed", "task_run_stage_automation",
					"task_record_loss_reason", "end_lost")
			.hasNotPassedElement("gateway_won_split")
			.hasVariableWithValue("lossReason", "price")
			.isCompleted();
	}

	@Test
	void aWonDealWithoutSlackRecordsTheSkippedMessageAndStillCloses() {
		ProcessInstanceEvent instance = dealInFirstStage();
		moveDeal("stage-won", "WON");

		this.driver.throwError("post-slack-message", "slack-not-connected");
		ActivatedJob activity = this.driver.complete("record-activity");
		assertThat(activity.getVariablesAsMap()).containsEntry("activityType", "slack-skipped")
			.containsEntry("dealId", this.dealId);
		this.driver.complete("send-email");
		this.driver.complete("hand-off-deal");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("boundary_slack_not_connected", "task_record_slack_skipped", "gateway_slack_done")
			.hasNotPassedElement("task_record_thank_you_skipped")
			.hasPassedElementsInOrder("gateway_won_join", "end_won")
			.isCompleted();
	}

	@Test
	void aWonDealWhoseOwnerIsUnknownRecordsTheSkippedThankYouAndStillCloses() {
		ProcessInstanceEvent instance = dealInFirstStage();
		moveDeal("stage-won", "WON");

		this.driver.complete("post-slack-message");
		this.driver.throwError("send-email", "recipient-unknown");
		ActivatedJob activity = this.driver.complete("record-activity");
		assertThat(activity.getVariablesAsMap()).containsEntry("activityType", "email-skipped");
		this.driver.complete("hand-off-deal");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("boundary_thank_you_recipient_unknown", "task_record_thank_you_skipped",
					"gateway_thank_you_done")
			.hasNotPassedElement("task_record_slack_skipped")
			.hasPassedElementsInOrder("gateway_won_join", "end_won")
			.isCompleted();
	}

	@Test
	void aStageChangeWhileTheStageAutomationRunsWaitsForTheDeal() {
		ProcessInstanceEvent instance = dealInFirstStage();
		this.driver.publish("deal-stage-changed", this.dealId, stage("stage-proposal", "OPEN", ROT_ISO));
		BpmnAssert.assertThat(instance).isWaitingAtElements("task_run_stage_automation");

		// published while the automation of the proposal stage runs: kept by its time to
		// live
		this.driver.publish("deal-stage-changed", this.dealId, stage("stage-won", "WON", ROT_ISO));
		this.driver.complete("run-stage-automation");
		this.driver.complete("run-stage-automation");

		BpmnAssert.assertThat(instance)
			.hasCorrelatedMessageByName("deal-stage-changed", 2)
			.hasVariableWithValue("stageKind", "WON")
			.isWaitingAtElements("task_post_slack_message", "task_send_thank_you_email", "task_hand_off_deal");
	}

	@Test
	void anUnknownStageKindIsAnIncidentNotASilentPath() {
		ProcessInstanceEvent instance = dealInFirstStage();

		this.driver.publish("deal-stage-changed", this.dealId, stage("stage-odd", "ARCHIVED", ROT_ISO));
		this.driver.complete("run-stage-automation");

		BpmnAssert.assertThat(instance).hasAnyIncidents().isActive();
	}

	@Test
	void aLeadAwaitingQualificationCanBeBroughtBackUnderProcessControl() {
		Map<String, Object> variables = lead(this.teamId);
		variables.put("ownerUserId", ADA);
		ProcessInstanceEvent instance = this.driver.startBefore("lead-to-close", "task_qualify_lead", variables);

		assertThat(this.driver.userTask("task_qualify_lead").getCustomHeaders())
			.containsEntry("io.camunda.zeebe:assignee", ADA);
		BpmnAssert.assertThat(instance)
			.isWaitingExactlyAtElements("task_qualify_lead")
			.hasNotPassedElement("task_route_lead");
	}

	@Test
	void anOpenDealCanBeBroughtBackUnderProcessControlInItsStage() {
		Map<String, Object> variables = lead(this.teamId);
		variables.putAll(Map.of("ownerUserId", ADA, "dealId", this.dealId));
		variables.putAll(stage("stage-proposal", "OPEN", ROT_ISO));
		ProcessInstanceEvent instance = this.driver.startBefore("lead-to-close", "gateway_await_stage_change",
				variables);

		BpmnAssert.assertThat(instance)
			.isWaitingAtElements("gateway_wait_in_stage")
			.hasNotPassedElement("task_route_lead")
			.hasNotPassedElement("task_run_stage_automation");
		moveDeal("stage-won", "WON");
		BpmnAssert.assertThat(instance).isWaitingAtElements("task_hand_off_deal");
	}

	private ProcessInstanceEvent newLead(String team) {
		return this.driver.start("lead-to-close", lead(team));
	}

	private Map<String, Object> lead(String team) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("leadId", this.leadId);
		if (team != null) {
			variables.put("teamId", team);
		}
		variables.put("slaHours", 8);
		variables.put("slaDuration", SLA.toString());
		variables.put("qualifyDueDate", DUE);
		return variables;
	}

	private ProcessInstanceEvent leadWaitingForQualification() {
		ProcessInstanceEvent instance = newLead(this.teamId);
		this.driver.complete("route-lead", Map.of("ownerUserId", ADA));
		this.driver.complete("score-lead", Map.of("score", 80));
		BpmnAssert.assertThat(instance).isWaitingAtElements("task_qualify_lead");
		return instance;
	}

	private ProcessInstanceEvent dealInFirstStage() {
		ProcessInstanceEvent instance = leadWaitingForQualification();
		this.driver.completeUserTask("task_qualify_lead", Map.of("qualified", true));
		convertToDeal();
		BpmnAssert.assertThat(instance).isWaitingAtElements("gateway_wait_in_stage");
		return instance;
	}

	private void convertToDeal() {
		Map<String, Object> converted = new HashMap<>(stage("stage-discovery", "OPEN", ROT_ISO));
		converted.put("dealId", this.dealId);
		ActivatedJob conversion = this.driver.complete("convert-lead", converted);
		assertThat(conversion.getVariablesAsMap()).containsEntry("leadId", this.leadId);
		ActivatedJob automation = this.driver.complete("run-stage-automation");
		assertThat(automation.getVariablesAsMap()).containsEntry("dealId", this.dealId)
			.containsEntry("stageId", "stage-discovery");
	}

	/** The app publishes the kanban move; the stage's automation runs. */
	private void moveDeal(String stageId, String stageKind) {
		moveDeal(stageId, stageKind, ROT_ISO);
	}

	private void moveDeal(String stageId, String stageKind, String rotDuration) {
		this.driver.publish("deal-stage-changed", this.dealId, stage(stageId, stageKind, rotDuration));
		ActivatedJob automation = this.driver.complete("run-stage-automation");
		assertThat(automation.getVariablesAsMap()).containsEntry("stageId", stageId);
	}

	private static Map<String, Object> stage(String stageId, String stageKind, String rotDuration) {
		return Map.of("stageId", stageId, "stageKind", stageKind, "rotDuration", rotDuration);
	}

}
