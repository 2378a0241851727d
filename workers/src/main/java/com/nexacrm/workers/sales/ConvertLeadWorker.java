package com.nexacrm.workers.sales;

import java.util.Map;
import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code convert-lead}: turns the qualified lead into contact, company and deal;
 * returns the deal's first stage.
 */
public class ConvertLeadWorker implements JobWorker<ConvertLeadWorker.Variables> {

	private final SalesSteps steps;

	public ConvertLeadWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "convert-lead";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID leadId = SalesSteps.required(variables.leadId(), "leadId", type());
		SalesSteps.StageEntry entry = this.steps.convertLead(leadId, variables.ownerUserId(), job.idempotencyKey());
		return Map.of("dealId", entry.dealId().toString(), "stageId", entry.stageId().toString(), "stageKind",
				entry.stageKind(), "rotDuration", entry.rotDuration());
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID leadId, UUID ownerUserId) {
	}

}
