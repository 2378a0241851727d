package com.nexacrm.workers.sales;

import java.util.Map;
import java.util.UUID;

import com.nexacrm.workers.runtime.BusinessOutcome;
import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code route-lead}: assigns the lead to a rep of its team (round-robin or
 * least-loaded), or raises {@code no-rep-available}.
 */
public class RouteLeadWorker implements JobWorker<RouteLeadWorker.Variables> {

	private final SalesSteps steps;

	public RouteLeadWorker(SalesSteps steps) {
		this.steps = steps;
	}

	@Override
	public String type() {
		return "route-lead";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		UUID leadId = SalesSteps.required(variables.leadId(), "leadId", type());
		UUID owner = this.steps.routeLead(leadId, variables.teamId(), job.idempotencyKey())
			.orElseThrow(() -> new BusinessOutcome(NO_REP_AVAILABLE,
					"No rep is available: every candidate is absent or at capacity"));
		return Map.of("ownerUserId", owner.toString());
	}

	/** The job's variables: ids and small values only. */
	public record Variables(UUID leadId, UUID teamId) {
	}

	/** BPMN error code: nobody can take the lead; a manager assigns it by hand. */
	public static final String NO_REP_AVAILABLE = "no-rep-available";

}
