package com.nexacrm.billing;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.tenant.Tenancy;
import com.nexacrm.workers.billing.BillingProvider;
import com.nexacrm.workers.billing.OrganizationPlans;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The billing workers' port onto the organisation's plan. The runtime has set the tenant
 * from the instance binding; each method runs in its own transaction.
 */
@Component
class Plans implements OrganizationPlans {

	private static final Logger log = LoggerFactory.getLogger(Plans.class);

	private final BillingAccounts accounts;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ReadOnlyFlags flags;

	Plans(BillingAccounts accounts, JdbcClient jdbc, TransactionTemplate transactions, ReadOnlyFlags flags) {
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.flags = flags;
	}

	@Override
	public Optional<String> billingCustomerId() {
		return this.transactions.execute(
				(status) -> this.accounts.find().map(BillingAccount::billingCustomerId).filter((id) -> id != null));
	}

	@Override
	public BillingProvider.Owner owner(UUID userId) throws OwnerUnknown {
		Optional<BillingProvider.Owner> owner = this.transactions.execute((status) -> this.jdbc.sql("""
				select u.email, u.display_name from membership m join app_user u using (user_id)
				where m.org_id = ? and m.user_id = ?""")
			.params(Tenancy.orgId(), userId)
			.query((rs, n) -> new BillingProvider.Owner(rs.getString(1), rs.getString(2)))
			.optional());
		return owner.orElseThrow(() -> new OwnerUnknown(userId));
	}

	@Override
	public String recordBillingCustomer(String customerId) {
		return this.transactions.execute((status) -> this.accounts.recordCustomer(customerId));
	}

	@Override
	public boolean downgradeToReadOnly() {
		Boolean readOnly = this.transactions.execute((status) -> {
			BillingAccount account = this.accounts.lock()
				.orElseThrow(() -> new IllegalStateException("The organisation has no billing account"));
			if (account.status() != BillingAccount.Status.TRIALING) {
				return account.isReadOnly();
			}
			if (paymentRecorded()) {
				// paid just as the trial ended: the timer won over the payment message
				this.accounts.changeStatus(BillingAccount.Status.ACTIVE, null);
				log.info("Trial ended with a payment recorded; the plan is active instead of read-only");
				return false;
			}
			this.accounts.changeStatus(BillingAccount.Status.EXPIRED, null);
			return true;
		});
		this.flags.forget(Tenancy.orgId());
		return Boolean.TRUE.equals(readOnly);
	}

	@Override
	public void activate(String billingCustomerId, String subscriptionId) {
		this.transactions.executeWithoutResult((status) -> {
			this.accounts.lock()
				.orElseThrow(() -> new IllegalStateException("The organisation has no billing account"));
			this.accounts.changeStatus(BillingAccount.Status.ACTIVE, subscriptionId);
		});
		this.flags.forget(Tenancy.orgId());
	}

	private boolean paymentRecorded() {
		return this.jdbc.sql("select exists (select 1 from billing_payment where org_id = ?)")
			.param(Tenancy.orgId())
			.query(Boolean.class)
			.single();
	}

}
