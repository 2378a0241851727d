package com.nexacrm.workers.billing;

import java.util.Optional;
import java.util.UUID;

/**
 * Port: the current organisation's plan as the application keeps it (implemented in the
 * app's billing module). Every method acts on the organisation the job runs for; none
 * takes an organisation id.
 */
public interface OrganizationPlans {

	/** The billing customer already recorded for the organisation, if any. */
	Optional<String> billingCustomerId();

	/**
	 * The member who owns the trial, as the billing provider should know them.
	 * @throws OwnerUnknown when the user is not a member of the organisation
	 */
	BillingProvider.Owner owner(UUID userId) throws OwnerUnknown;

	/**
	 * Records the organisation's billing customer; the first recorded id wins.
	 * @return the id now on record (the given one, or the one recorded before)
	 */
	String recordBillingCustomer(String customerId);

	/**
	 * Makes the organisation read-only because its trial ended unpaid. Does nothing when
	 * it has paid in the meantime or is read-only already.
	 * @return {@code true} when the organisation is read-only afterwards
	 */
	boolean downgradeToReadOnly();

	/**
	 * Marks the subscription active and lifts read-only; safe to call again.
	 */
	void activate(String billingCustomerId, String subscriptionId);

	/** The trial's owner is not a member of the organisation. */
	class OwnerUnknown extends Exception {

		public OwnerUnknown(UUID userId) {
			super("User " + userId + " is not a member of this organisation");
		}

	}

}
