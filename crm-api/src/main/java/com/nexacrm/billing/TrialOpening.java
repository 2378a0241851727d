package com.nexacrm.billing;

import java.time.Instant;

import com.nexacrm.organization.OrganizationCreated;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Opens a new organisation's trial inside the transaction that creates it, so an
 * organisation never exists without its billing account. The process that runs the trial
 * is started after the commit (see {@code process/Trial}).
 */
@Component
class TrialOpening {

	private final BillingAccounts accounts;

	private final BillingSettings settings;

	TrialOpening(BillingAccounts accounts, BillingSettings settings) {
		this.accounts = accounts;
		this.settings = settings;
	}

	@EventListener
	void on(OrganizationCreated event) {
		this.accounts.open(event.ownerUserId(), Instant.now().plus(this.settings.trialLength()));
	}

}
