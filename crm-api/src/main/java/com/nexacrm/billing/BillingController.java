package com.nexacrm.billing;

import java.time.Duration;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/billing")
@Tag(name = "Billing", description = "The organisation's trial and plan")
class BillingController {

	private final BillingAccounts accounts;

	private final BillingSettings settings;

	BillingController(BillingAccounts accounts, BillingSettings settings) {
		this.accounts = accounts;
		this.settings = settings;
	}

	@GetMapping
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The organisation's plan: status, trial end, days left, whether it is read-only")
	BillingView get() {
		BillingAccount account = this.accounts.find()
			.orElseThrow(() -> ApiProblem.notFound("Billing account of this organisation"));
		Long daysLeft = null;
		if (account.status() == BillingAccount.Status.TRIALING) {
			Duration left = Duration.between(Instant.now(), account.trialEndsAt());
			daysLeft = left.isNegative() ? 0 : (left.toHours() + 23) / 24;
		}
		return new BillingView(account.status(), account.isReadOnly(), account.trialEndsAt(), daysLeft,
				this.settings.provider(), account.billingCustomerId() != null);
	}

	/**
	 * @param daysLeft whole days until the trial ends, rounded up; only while trialing
	 * @param hasBillingCustomer whether the provider's customer exists yet
	 */
	record BillingView(BillingAccount.Status status, boolean readOnly, Instant trialEndsAt, Long daysLeft,
			String provider, boolean hasBillingCustomer) {
	}

}
