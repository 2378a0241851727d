package com.nexacrm.bpmn;

import java.time.Duration;
import java.time.Instant;
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

/**
 * Every path of {@code trial.bpmn}. The trial ends 14 days after sign-up; the engine's
 * clock starts at the wall clock, so {@code trialEndsAt} is set from it.
 */
@ZeebeProcessTest
class TrialProcessTest {

	private static final Duration A_MINUTE = Duration.ofMinutes(1);

	private ZeebeTestEngine engine;

	private ZeebeClient client;

	private ProcessDriver driver;

	private final String owner = UUID.randomUUID().toString();

	private final String trialKey = UUID.randomUUID().toString();

	@BeforeEach
	void deploy() {
		this.driver = new ProcessDriver(this.engine, this.client);
		this.driver.deploy("trial.bpmn");
	}

	@Test
	void aPaymentDuringTheTrialConvertsTheOrganisation() {
		ProcessInstanceEvent instance = trialStarted();

		this.driver.advance(Duration.ofDays(3));
		this.driver.publish("payment-received", this.trialKey, Map.of());
		this.driver.complete("activate-subscription");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("start_org_signed_up", "task_create_billing_customer", "task_await_payment",
					"task_activate_subscription", "end_converted")
			.hasNotPassedElement("task_send_trial_ending_soon")
			.hasNotPassedElement("task_downgrade_organisation")
			.hasVariableWithValue("billingCustomerId", "cus_none_1")
			.isCompleted();
	}

	@Test
	void noReminderGoesOutInTheFirstTenDays() {
		ProcessInstanceEvent instance = trialStarted();

		this.driver.advance(Duration.ofDays(10).minus(A_MINUTE));

		this.driver.noJob("send-email");
		BpmnAssert.assertThat(instance).isWaitingExactlyAtElements("task_await_payment");
	}

	@Test
	void theOwnerIsRemindedOnDayTenAndDayThirteenThenPays() {
		ProcessInstanceEvent instance = trialStarted();

		this.driver.advance(Duration.ofDays(10));
		assertThat(completeEmail()).containsEntry("template", "trial-ending-soon");
		BpmnAssert.assertThat(instance).isWaitingExactlyAtElements("task_await_payment");

		this.driver.advance(Duration.ofDays(3));
		assertThat(completeEmail()).containsEntry("template", "trial-ends-tomorrow");
		BpmnAssert.assertThat(instance).isWaitingExactlyAtElements("task_await_payment");

		this.driver.publish("payment-received", this.trialKey, Map.of());
		this.driver.complete("activate-subscription");
		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("timer_trial_ending_soon", "task_send_trial_ending_soon", "end_ending_soon_sent",
					"timer_trial_ends_tomorrow", "task_send_trial_ends_tomorrow", "end_ends_tomorrow_sent",
					"task_await_payment", "end_converted")
			.hasNotPassedElement("timer_trial_expired")
			.isCompleted();
	}

	@Test
	void anUnpaidTrialExpiresTheOrganisationIsDowngradedAndTheOwnerTold() {
		ProcessInstanceEvent instance = trialStarted();

		this.driver.advance(Duration.ofDays(10));
		completeEmail();
		this.driver.advance(Duration.ofDays(3));
		completeEmail();
		this.driver.advance(Duration.ofDays(1));
		this.driver.complete("downgrade-organisation");
		assertThat(completeEmail()).containsEntry("template", "trial-expired");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("timer_trial_expired", "task_downgrade_organisation", "task_send_trial_expired",
					"end_expired")
			.hasNotPassedElement("task_activate_subscription")
			.hasNotPassedElement("end_expired_owner_not_told")
			.isCompleted();
		this.driver.publish("payment-received", this.trialKey, Map.of());
		this.driver.noJob("activate-subscription");
	}

	@Test
	void anExpiredTrialWhoseOwnerIsUnknownIsStillDowngraded() {
		ProcessInstanceEvent instance = trialStarted();

		this.driver.advance(Duration.ofDays(10));
		completeEmail();
		this.driver.advance(Duration.ofDays(3));
		completeEmail();
		this.driver.advance(Duration.ofDays(1));
		this.driver.complete("downgrade-organisation");
		this.driver.throwError("send-email", "recipient-unknown");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("task_downgrade_organisation", "boundary_expired_recipient_unknown",
					"end_expired_owner_not_told")
			.hasNotPassedElement("end_expired")
			.isCompleted();
	}

	@Test
	void aFirstReminderToAnUnknownOwnerIsSkippedAndTheTrialGoesOn() {
		ProcessInstanceEvent instance = trialStarted();

		this.driver.advance(Duration.ofDays(10));
		this.driver.throwError("send-email", "recipient-unknown");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("timer_trial_ending_soon", "boundary_ending_soon_recipient_unknown",
					"end_ending_soon_skipped")
			.hasNotPassedElement("end_ending_soon_sent")
			.isWaitingExactlyAtElements("task_await_payment");
	}

	@Test
	void aLastReminderToAnUnknownOwnerIsSkippedAndTheTrialGoesOn() {
		ProcessInstanceEvent instance = trialStarted();

		this.driver.advance(Duration.ofDays(10));
		completeEmail();
		this.driver.advance(Duration.ofDays(3));
		this.driver.throwError("send-email", "recipient-unknown");

		BpmnAssert.assertThat(instance)
			.hasPassedElementsInOrder("timer_trial_ends_tomorrow", "boundary_ends_tomorrow_recipient_unknown",
					"end_ends_tomorrow_skipped")
			.hasNotPassedElement("end_ends_tomorrow_sent")
			.isWaitingExactlyAtElements("task_await_payment");
	}

	@Test
	void aRunningTrialCanBeBroughtBackUnderProcessControlWithItsEndDate() {
		// recovered on day 11: the first reminder's time has passed, so it goes out at
		// once
		ProcessInstanceEvent instance = this.driver.startBefore("trial", "task_await_payment",
				Map.of("ownerUserId", this.owner, "trialKey", this.trialKey, "billingCustomerId", "cus_none_1",
						"trialEndsAt", Instant.now().plus(Duration.ofDays(3)).toString()));
		// a timer already due fires on the engine's next due-date check, which moving its
		// clock
		// triggers; waiting for idle alone can return before that check has run
		this.driver.advance(Duration.ofMinutes(1));

		assertThat(completeEmail()).containsEntry("template", "trial-ending-soon");
		this.driver.advance(Duration.ofDays(3));
		assertThat(completeEmail()).containsEntry("template", "trial-ends-tomorrow");
		this.driver.complete("downgrade-organisation");

		BpmnAssert.assertThat(instance)
			.hasNotPassedElement("task_create_billing_customer")
			.isWaitingExactlyAtElements("task_send_trial_expired");
	}

	private ProcessInstanceEvent trialStarted() {
		ProcessInstanceEvent instance = this.driver.start("trial", Map.of("ownerUserId", this.owner, "trialKey",
				this.trialKey, "trialEndsAt", Instant.now().plus(Duration.ofDays(14)).toString()));
		this.driver.complete("create-billing-customer", Map.of("billingCustomerId", "cus_none_1"));
		BpmnAssert.assertThat(instance).isWaitingExactlyAtElements("task_await_payment");
		return instance;
	}

	/** Completes the waiting email to the owner and returns what it was sent with. */
	private Map<String, Object> completeEmail() {
		ActivatedJob email = this.driver.complete("send-email");
		assertThat(email.getVariablesAsMap()).containsEntry("recipientUserId", this.owner);
		return email.getVariablesAsMap();
	}

}
