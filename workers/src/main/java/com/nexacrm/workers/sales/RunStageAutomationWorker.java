package com.nexacrm.workers.sales;

import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code run-stage-automation}: runs the automation the organisation configured
 * for the stage the deal entered.
 */
public class RunStageAutomationWorker implements JobWorker<RunStageAutomationWorker.Variables> {

	private final SalesSteps steps;

	public RunStageAutomationWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "run-stage-automation";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID dealId = SalesSteps.required(variables.dealId(), "dealId", type());
		UUID stageId = SalesSteps.required(variables.stageId(), "stageId", type());
		this.steps.runStageAutomation(dealId, stageId, job.idempotencyKey());
		return null;
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID dealId, UUID stageId, String stageKind, UUID ownerUserId) {
	}

}
