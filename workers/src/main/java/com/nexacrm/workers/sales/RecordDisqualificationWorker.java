package com.nexacrm.workers.sales;

import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code record-disqualification}: marks the lead disqualified with its reason.
 */
public class RecordDisqualificationWorker implements JobWorker<RecordDisqualificationWorker.Variables> {

	private final SalesSteps steps;

	public RecordDisqualificationWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "record-disqualification";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID leadId = SalesSteps.required(variables.leadId(), "leadId", type());
		this.steps.recordDisqualification(leadId, variables.disqualificationReason(), job.idempotencyKey());
		return null;
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID leadId, String disqualificationReason) {
	}

}
