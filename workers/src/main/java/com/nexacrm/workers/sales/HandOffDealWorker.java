package com.nexacrm.workers.sales;

import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/** Handles {@code hand-off-deal}: hands a won deal over. */
public class HandOffDealWorker implements JobWorker<HandOffDealWorker.Variables> {

	private final SalesSteps steps;

	public HandOffDealWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "hand-off-deal";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID dealId = SalesSteps.required(variables.dealId(), "dealId", type());
		this.steps.handOffDeal(dealId, job.idempotencyKey());
		return null;
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID dealId, UUID ownerUserId) {
	}

}
