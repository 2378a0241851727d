package com.nexacrm.workers.sales;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: the CRM side of lead-to-close, implemented by the application. Every call runs in
 * the job's organisation and is idempotent on {@code key} (the job's idempotency key): a
 * job delivered twice gets the first call's result and changes nothing more.
 */
public interface SalesSteps {

	/**
	 * Picks an owner for the lead among the team's (or the organisation's) reps, skipping
	 * absent reps and reps at capacity, and assigns it.
	 * @return the new owner, or empty when no rep is available
	 */
	Optional<UUID> routeLead(UUID leadId, UUID teamId, String key);

	/** Scores the lead from 0 to 100 and stores the score. */
	int scoreLead(UUID leadId, String key);

	/**
	 * Tells the team's managers (or the organisation's) that a lead's qualification is
	 * overdue.
	 */
	void escalateOverdueLead(UUID leadId, UUID teamId, UUID ownerUserId, String key);

	/** Marks the lead disqualified with the reason. */
	void recordDisqualification(UUID leadId, String reason, String key);

	/** Converts the lead into contact, company and deal; the deal's first stage. */
	StageEntry convertLead(UUID leadId, UUID ownerUserId, String key);

	/** Runs what the organisation configured for deals entering the stage. */
	void runStageAutomation(UUID dealId, UUID stageId, String key);

	/**
	 * Tells the owner the deal has had no activity for {@code rotDuration}; does nothing
	 * when it had some.
	 * @return whether a notice was given
	 */
	boolean notifyRottingDeal(UUID dealId, Duration rotDuration, String key);

	/** Hands a won deal over (to delivery): a hand-off task and a timeline entry. */
	void handOffDeal(UUID dealId, String key);

	/**
	 * The stage a deal is in, with what the process needs to wait there.
	 *
	 * @param rotDuration ISO-8601 duration of the stage's rotting threshold (long when
	 * the stage has none)
	 */
	record StageEntry(UUID dealId, UUID stageId, String stageKind, String rotDuration) {
	}

	/** The lead or deal is gone or in a state the step cannot work on. */
	class RecordUnavailable extends RuntimeException {

		public RecordUnavailable(String message) {
			super(message);
		}

	}

	/** Convenience for workers: fails loudly when a required variable is missing. */
	static <T> T required(T value, String name, String jobType) {
		if (value == null) {
			throw new IllegalArgumentException(jobType + " needs the variable " + name);
		}
		return value;
	}

}
