package com.nexacrm.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import com.nexacrm.security.Requires;
import com.nexacrm.security.WritableWhenReadOnly;
import com.nexacrm.tenant.Permission;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stands in for a billing provider's payment webhook while the provider is {@code none}:
 * an owner records that the organisation paid. With a real provider this endpoint does
 * not exist; its webhook does the same.
 */
@RestController
@Tag(name = "Billing")
@ConditionalOnProperty(name = "nexacrm.billing.provider", havingValue = BillingSettings.PROVIDER_NONE,
		matchIfMissing = true)
class LocalPaymentController {

	private final LocalPayments payments;

	LocalPaymentController(LocalPayments payments) {
		this.payments = payments;
	}

	@PostMapping("/api/v1/billing/payments")
	@Requires(Permission.MANAGE_BILLING)
	@WritableWhenReadOnly
	@Transactional
	@Operation(summary = "Record a payment (billing provider none only)",
			description = "During the trial the payment converts it (the trial process activates the plan); "
					+ "after an unpaid trial ended it lifts read-only at once.")
	ResponseEntity<LocalPayments.RecordedPayment> record(@Valid @RequestBody NewPayment payment) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.payments.record(payment.amountCents(), payment.currency(), payment.subscriptionId()));
	}

	/**
	 * @param amountCents the amount in the currency's minor unit
	 * @param currency ISO 4217 code, upper case
	 * @param subscriptionId the provider's subscription, if the payment names one
	 */
	record NewPayment(@NotNull @Positive @Max(1_000_000_000L) Long amountCents,
			@NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@Pattern(regexp = "[A-Za-z0-9_-]{1,100}") String subscriptionId) {
	}

}
