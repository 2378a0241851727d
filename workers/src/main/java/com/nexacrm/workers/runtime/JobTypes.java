package com.nexacrm.workers.runtime;

import java.util.Set;

/**
 * The job types of the process contract ({@code docs/processes.md}): the only types a
 * shipped model may use, and the only ones the tenant-BPMN validation accepts. The lint
 * test of the shipped models and the designer's validation both read this list.
 */
public final class JobTypes {

	/** The job type of every job-worker user task (ADR 0003). */
	public static final String USER_TASK = "io.camunda.zeebe:userTask";

	/** The service task job types the workers implement. */
	public static final Set<String> SERVICE_TASKS = Set.of("route-lead", "score-lead", "escalate-to-manager",
			"record-disqualification", "convert-lead", "run-stage-automation", "notify-rotting-deal",
			"post-slack-message", "record-activity", "hand-off-deal", "create-billing-customer",
			"downgrade-organisation", "activate-subscription", "send-email");

	private JobTypes() {
	}

	public static boolean isServiceTask(String type) {
		return SERVICE_TASKS.contains(type);
	}

}
