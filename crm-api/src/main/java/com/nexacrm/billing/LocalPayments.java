package com.nexacrm.billing;

import java.util.UUID;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.tenant.Tenancy;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Payments recorded through the API while the billing provider is {@code none}: what a
 * provider's webhook does once a payment succeeded. During the trial the payment goes to
 * the trial process as {@code payment-received}; after an unpaid trial ended, the
 * organisation is reactivated here, because its trial process is over.
 */
@Service
@ConditionalOnProperty(name = "nexacrm.billing.provider", havingValue = BillingSettings.PROVIDER_NONE,
		matchIfMissing = true)
class LocalPayments {

	private final BillingAccounts accounts;

	private final JdbcClient jdbc;

	private final PaymentReceived paymentReceived;

	private final ReadOnlyFlags flags;

	LocalPayments(BillingAccounts accounts, JdbcClient jdbc, PaymentReceived paymentReceived, ReadOnlyFlags flags) {
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.paymentReceived = paymentReceived;
		this.flags = flags;
	}

	/**
	 * Records the payment in the caller's transaction; the message is published before
	 * the commit, so a failed publish records nothing and the client can try again.
	 */
	RecordedPayment record(long amountCents, String currency, String subscriptionId) {
		BillingAccount account = this.accounts.lock()
			.orElseThrow(() -> ApiProblem.notFound("Billing account of this organisation"));
		UUID paymentId = UUID.randomUUID();
		this.jdbc.sql("""
				insert into billing_payment (org_id, payment_id, amount_cents, currency, subscription_id, recorded_by)
				values (?, ?, ?, ?, ?, ?)""")
			.params(Tenancy.orgId(), paymentId, amountCents, currency, subscriptionId, Tenancy.current().userId())
			.update();
		Outcome outcome = switch (account.status()) {
			case TRIALING -> {
				this.paymentReceived.publish(account, paymentId, subscriptionId);
				yield Outcome.SENT_TO_TRIAL;
			}
			case EXPIRED -> {
				this.accounts.changeStatus(BillingAccount.Status.ACTIVE, subscriptionId);
				this.flags.forget(Tenancy.orgId());
				yield Outcome.REACTIVATED;
			}
			case ACTIVE -> Outcome.RECORDED;
		};
		return new RecordedPayment(paymentId, amountCents, currency, outcome);
	}

	/** What recording the payment did. */
	enum Outcome {

		/** The trial process takes the payment and activates the plan. */
		SENT_TO_TRIAL,

		/** The read-only organisation is active again. */
		REACTIVATED,

		/** The plan was already active. */
		RECORDED

	}

	record RecordedPayment(UUID id, long amountCents, String currency, Outcome outcome) {
	}

}
