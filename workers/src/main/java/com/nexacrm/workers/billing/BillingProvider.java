package com.nexacrm.workers.billing;

import java.util.UUID;

/**
 * Port: the billing provider (Stripe, or {@code none}, which keeps customers locally).
 * Every call that creates something carries an idempotency key: the same key returns the
 * same result, so a retried or redelivered job creates nothing twice.
 */
public interface BillingProvider {

	/**
	 * Creates the organisation's customer, or returns the one already created with this
	 * key.
	 * @param orgId the organisation the customer pays for (kept as provider metadata)
	 * @param owner who the provider addresses invoices to
	 * @param idempotencyKey identifies this creation across retries
	 * @return the provider's customer id
	 */
	String createCustomer(UUID orgId, Owner owner, String idempotencyKey);

	/**
	 * Confirms the subscription that the payment started for the customer.
	 * @param customerId the provider's customer id
	 * @param subscriptionId the provider's subscription id from the payment, or
	 * {@code null} when the payment carried none
	 * @param idempotencyKey identifies this activation across retries
	 * @return the subscription id to keep
	 */
	String activateSubscription(String customerId, String subscriptionId, String idempotencyKey);

	/** The organisation's owner as the provider sees them. */
	record Owner(String email, String name) {
	}

}
