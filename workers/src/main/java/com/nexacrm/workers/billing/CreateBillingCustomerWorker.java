package com.nexacrm.workers.billing;

import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code create-billing-customer}: gives the organisation its billing customer,
 * once. The key is the organisation, not the job: a trial started again after a restart
 * is a new instance with new jobs, and must still find the customer it has.
 */
public class CreateBillingCustomerWorker implements JobWorker<CreateBillingCustomerWorker.Variables> {

	private final OrganizationPlans plans;

	private final BillingProvider provider;

	public CreateBillingCustomerWorker(OrganizationPlans plans, BillingProvider provider) {
		this.plans = plans;
		this.provider = provider;
	}

	@Override
	public String type() {
		return "create-billing-customer";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Result handle(TenantJob job, Variables variables) throws Exception {
		if (variables.ownerUserId() == null) {
			throw new IllegalArgumentException("create-billing-customer needs the variable ownerUserId");
		}
		var existing = this.plans.billingCustomerId();
		if (existing.isPresent()) {
			return new Result(existing.get());
		}
		BillingProvider.Owner owner = this.plans.owner(variables.ownerUserId());
		String created = this.provider.createCustomer(job.orgId(), owner, idempotencyKey(job.orgId()));
		return new Result(this.plans.recordBillingCustomer(created));
	}

	/** One customer per organisation, whichever job asks. */
	static String idempotencyKey(UUID orgId) {
		return "billing-customer:" + orgId;
	}

	/** The job's variables. */
	public record Variables(UUID ownerUserId) {
	}

	/** What the model maps back: the customer id. */
	public record Result(String billingCustomerId) {
	}

}
