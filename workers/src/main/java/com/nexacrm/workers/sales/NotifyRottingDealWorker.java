package com.nexacrm.workers.sales;

import java.time.Duration;
import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code notify-rotting-deal}: tells the owner a deal has had no activity for its
 * stage's rotting threshold.
 */
public class NotifyRottingDealWorker implements JobWorker<NotifyRottingDealWorker.Variables> {

	private final SalesSteps steps;

	public NotifyRottingDealWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "notify-rotting-deal";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID dealId = SalesSteps.required(variables.dealId(), "dealId", type());
		Duration rot = Duration.parse(SalesSteps.required(variables.rotDuration(), "rotDuration", type()));
		this.steps.notifyRottingDeal(dealId, rot, job.idempotencyKey());
		return null;
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID dealId, UUID stageId, UUID ownerUserId, String rotDuration) {
	}

}
