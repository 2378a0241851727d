package com.nexacrm.billing;

import java.time.Instant;
import java.util.UUID;

/**
 * An organisation's trial and plan.
 *
 * @param trialKey the correlation key of the trial's {@code payment-received} message
 * (random; the app never shows it)
 * @param ownerUserId who the trial's emails go to
 * @param trialEndsAt when the trial ends
 * @param status where the plan stands
 * @param billingCustomerId the provider's customer, once created
 * @param subscriptionId the provider's subscription, once paid
 */
public record BillingAccount(UUID orgId, UUID trialKey, UUID ownerUserId, Instant trialEndsAt, Status status,
		String billingCustomerId, String subscriptionId) {

	/** Where an organisation's plan stands. */
	public enum Status {

		/** In the trial: everything works. */
		TRIALING,

		/** Paid: everything works. */
		ACTIVE,

		/** The trial ended unpaid: the organisation is read-only. */
		EXPIRED;

	}

	public boolean isReadOnly() {
		return this.status == Status.EXPIRED;
	}

}
