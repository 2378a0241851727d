package com.nexacrm.workers.billing;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code activate-subscription}: a payment arrived during the trial, so the
 * provider's subscription is confirmed and the organisation's plan becomes active.
 */
public class ActivateSubscriptionWorker implements JobWorker<ActivateSubscriptionWorker.Variables> {

	private final OrganizationPlans plans;

	private final BillingProvider provider;

	public ActivateSubscriptionWorker(OrganizationPlans plans, BillingProvider provider) {
		this.plans = plans;
		this.provider = provider;
	}

	@Override
	public String type() {
		return "activate-subscription";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) {
		if (variables.billingCustomerId() == null) {
			throw new IllegalArgumentException("activate-subscription needs the variable billingCustomerId");
		}
		String subscriptionId = this.provider.activateSubscription(variables.billingCustomerId(),
				variables.subscriptionId(), "activate-subscription:" + job.orgId());
		this.plans.activate(variables.billingCustomerId(), subscriptionId);
		return null;
	}

	/** The job's variables; {@code subscriptionId} comes with the payment message. */
	public record Variables(String billingCustomerId, String subscriptionId) {
	}

}
