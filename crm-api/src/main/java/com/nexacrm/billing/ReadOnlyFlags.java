package com.nexacrm.billing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nexacrm.security.ReadOnlyOrganizations;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether an organisation is read-only, cached per organisation because the guard asks on
 * every state-changing request. This replica forgets an organisation's flag as soon as it
 * changes it; other replicas see the change within {@code readOnlyCacheTtl}.
 */
@Component
class ReadOnlyFlags implements ReadOnlyOrganizations {

	private static final int MAX_ENTRIES = 50_000;

	private final BillingAccounts accounts;

	private final TransactionTemplate transactions;

	private final long ttlNanos;

	private final Map<UUID, Flag> flags = new ConcurrentHashMap<>();

	ReadOnlyFlags(BillingAccounts accounts, TransactionTemplate transactions, BillingSettings settings) {
		this.accounts = accounts;
		this.transactions = transactions;
		this.ttlNanos = settings.readOnlyCacheTtl().toNanos();
	}

	@Override
	public boolean isReadOnly(UUID orgId) {
		long now = System.nanoTime();
		Flag flag = this.flags.get(orgId);
		if (flag != null && now - flag.readAt() < this.ttlNanos) {
			return flag.readOnly();
		}
		boolean readOnly = Boolean.TRUE.equals(Tenancy.run(TenantContext.system(orgId), () -> this.transactions
			.execute((status) -> this.accounts.find().map(BillingAccount::isReadOnly).orElse(false))));
		if (this.flags.size() >= MAX_ENTRIES) {
			this.flags.clear();
		}
		this.flags.put(orgId, new Flag(readOnly, now));
		return readOnly;
	}

	/** Drops the cached flag; call after committing a change of the plan. */
	void forget(UUID orgId) {
		this.flags.remove(orgId);
	}

	private record Flag(boolean readOnly, long readAt) {
	}

}
