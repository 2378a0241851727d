package com.nexacrm.workers.billing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code downgrade-organisation}: the trial ended unpaid, so the organisation
 * becomes read-only. Running it again changes nothing; an organisation that paid just as
 * the trial ended keeps its plan.
 */
public class DowngradeOrganisationWorker implements JobWorker<DowngradeOrganisationWorker.Variables> {

	private static final Logger log = LoggerFactory.getLogger(DowngradeOrganisationWorker.class);

	private final OrganizationPlans plans;

	public DowngradeOrganisationWorker(OrganizationPlans plans) {
		this.plans = plans;
	}

	@Override
	public String type() {
		return "downgrade-organisation";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) {
		if (!this.plans.downgradeToReadOnly()) {
			log.info("Trial ended for an organisation that has an active plan; not downgraded");
		}
		return null;
	}

	/** The job's variables (the customer id is informational here). */
	public record Variables(String billingCustomerId) {
	}

}
