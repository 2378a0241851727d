package com.nexacrm.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The current organisation's billing account. Callers hold the transaction; every
 * statement is scoped to the tenant by row-level security and by {@code org_id}.
 */
@Repository
public class BillingAccounts {

	private static final String COLUMNS = "org_id, trial_key, owner_user_id, trial_ends_at, status, "
			+ "billing_customer_id, subscription_id";

	private final JdbcClient jdbc;

	BillingAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Opens the trial of a new organisation with a fresh, random trial key. */
	void open(UUID ownerUserId, Instant trialEndsAt) {
		this.jdbc.sql("""
				insert into billing_account (org_id, trial_key, owner_user_id, trial_ends_at, status)
				values (?, ?, ?, ?, 'TRIALING')""")
			.params(Tenancy.orgId(), UUID.randomUUID(), ownerUserId, Timestamp.from(trialEndsAt))
			.update();
	}

	public Optional<BillingAccount> find() {
		return this.jdbc.sql("select " + COLUMNS + " from billing_account where org_id = ?")
			.param(Tenancy.orgId())
			.query(BillingAccounts::map)
			.optional();
	}

	/** The same, locked for an update in this transaction. */
	Optional<BillingAccount> lock() {
		return this.jdbc.sql("select " + COLUMNS + " from billing_account where org_id = ? for update")
			.param(Tenancy.orgId())
			.query(BillingAccounts::map)
			.optional();
	}

	/**
	 * The organisations whose trial is running, across tenants: ids only, through the one
	 * function made for restart recovery (see V9).
	 */
	public List<UUID> trialingOrganizations() {
		return this.jdbc.sql("select trialing_organizations()").query(UUID.class).list();
	}

	/** Records the customer unless one is recorded; returns the one on record. */
	String recordCustomer(String customerId) {
		this.jdbc.sql("""
				update billing_account set billing_customer_id = ?
				where org_id = ? and billing_customer_id is null""").params(customerId, Tenancy.orgId()).update();
		return this.jdbc.sql("select billing_customer_id from billing_account where org_id = ?")
			.param(Tenancy.orgId())
			.query(String.class)
			.single();
	}

	/** Moves the plan to the status; the subscription id is kept when given. */
	void changeStatus(BillingAccount.Status status, String subscriptionId) {
		this.jdbc.sql("""
				update billing_account set status = ?, subscription_id = coalesce(?, subscription_id),
				    status_changed_at = now()
				where org_id = ?""").params(status.name(), subscriptionId, Tenancy.orgId()).update();
	}

	private static BillingAccount map(ResultSet rs, int row) throws SQLException {
		return new BillingAccount(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getTimestamp(4).toInstant(), BillingAccount.Status.valueOf(rs.getString(5)), rs.getString(6),
				rs.getString(7));
	}

}
