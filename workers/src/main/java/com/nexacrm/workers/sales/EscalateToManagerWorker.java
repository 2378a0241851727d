package com.nexacrm.workers.sales;

import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code escalate-to-manager}: tells the managers that a lead's qualification is
 * overdue.
 */
public class EscalateToManagerWorker implements JobWorker<EscalateToManagerWorker.Variables> {

	private final SalesSteps steps;

	public EscalateToManagerWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "escalate-to-manager";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID leadId = SalesSteps.required(variables.leadId(), "leadId", type());
		this.steps.escalateOverdueLead(leadId, variables.teamId(), variables.ownerUserId(), job.idempotencyKey());
		return null;
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID leadId, UUID teamId, UUID ownerUserId) {
	}

}
