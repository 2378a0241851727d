package com.nexacrm.workers.sales;

import java.util.Map;
import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/** Handles {@code score-lead}: scores the lead from 0 to 100. */
public class ScoreLeadWorker implements JobWorker<ScoreLeadWorker.Variables> {

	private final SalesSteps steps;

	public ScoreLeadWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "score-lead";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID leadId = SalesSteps.required(variables.leadId(), "leadId", type());
		return Map.of("score", this.steps.scoreLead(leadId, job.idempotencyKey()));
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID leadId) {
	}

}
