package com.nexacrm.billing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;
import com.nexacrm.workers.billing.BillingProvider;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Billing provider {@code none}: customers are kept in the app's own table, one per
 * idempotency key, and nothing leaves the app. Payments are recorded through
 * {@code POST /api/v1/billing/payments} instead of a provider's webhook.
 */
@Component
@ConditionalOnProperty(name = "nexacrm.billing.provider", havingValue = BillingSettings.PROVIDER_NONE,
		matchIfMissing = true)
class NoBillingProvider implements BillingProvider {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	NoBillingProvider(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public String createCustomer(UUID orgId, Owner owner, String idempotencyKey) {
		if (!orgId.equals(Tenancy.orgId())) {
			throw new IllegalStateException("A customer is created for the current organisation only");
		}
		return this.transactions.execute((status) -> {
			this.jdbc.sql("""
					insert into billing_local_customer (org_id, customer_id, idempotency_key, email, name)
					values (?, ?, ?, ?, ?) on conflict (org_id, idempotency_key) do nothing""")
				.params(orgId, "cus_local_" + UUID.randomUUID().toString().replace("-", ""), idempotencyKey,
						owner.email(), owner.name())
				.update();
			return this.jdbc
				.sql("select customer_id from billing_local_customer where org_id = ? and idempotency_key = ?")
				.params(orgId, idempotencyKey)
				.query(String.class)
				.single();
		});
	}

	@Override
	public String activateSubscription(String customerId, String subscriptionId, String idempotencyKey) {
		if (subscriptionId != null) {
			return subscriptionId;
		}
		return "sub_local_"
				+ UUID.nameUUIDFromBytes(idempotencyKey.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
	}

}
