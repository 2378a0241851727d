package com.nexacrm.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.billing.BillingAccount;
import com.nexacrm.billing.BillingAccounts;
import com.nexacrm.billing.BillingSettings;
import com.nexacrm.organization.OrganizationCreated;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each organisation's trial as a {@code trial} process: started once the new
 * organisation (and its billing account, opened in the same transaction) is committed,
 * and brought back after a restart of the embedded engine, which keeps instances in
 * memory only. The variables come from the billing account; the organisation from the
 * tenant context.
 */
@Component
class Trial {

	private static final Logger log = LoggerFactory.getLogger(Trial.class);

	static final String PROCESS_ID = "trial";

	/** Where a recovered trial whose customer exists waits: for the payment. */
	static final String AWAIT_PAYMENT = "task_await_payment";

	private final ProcessStarter starter;

	private final ProcessInstanceOwners owners;

	private final BillingAccounts accounts;

	private final BillingSettings settings;

	private final TransactionTemplate transactions;

	private final StartRetries retries = StartRetries.atSignUp();

	Trial(ProcessStarter starter, ProcessInstanceOwners owners, BillingAccounts accounts, BillingSettings settings,
			TransactionTemplate transactions) {
		this.starter = starter;
		this.owners = owners;
		this.accounts = accounts;
		this.settings = settings;
		this.transactions = transactions;
	}

	/**
	 * Starts the new organisation's trial, trying again with backoff when the engine or
	 * the database fails; an attempt that finds an instance already bound starts none.
	 */
	@Async
	@TransactionalEventListener
	void on(OrganizationCreated event) {
		try {
			this.retries.run("the trial of organisation " + event.orgId(),
					() -> Tenancy.run(TenantContext.system(event.orgId()), () -> {
						if (!this.owners.hasInstance(event.orgId(), PROCESS_ID)) {
							account().ifPresent((account) -> start(account, false));
						}
						return null;
					}));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			log.error("Stopped before the trial of organisation {} could start", event.orgId());
		}
		catch (RuntimeException ex) {
			log.error("Could not start the trial of a new organisation; it starts with the next recovery", ex);
		}
	}

	@Async
	@EventListener(ApplicationReadyEvent.class)
	void recoverAfterStart() {
		if (!this.settings.recoverTrialsOnStart()) {
			return;
		}
		List<UUID> trialing = this.transactions.execute((status) -> this.accounts.trialingOrganizations());
		int recovered = 0;
		for (UUID orgId : trialing) {
			try {
				if (recover(orgId)) {
					recovered++;
				}
			}
			catch (RuntimeException ex) {
				log.error("Could not bring the trial of organisation {} back", orgId, ex);
			}
		}
		log.info("{} running trials, {} brought back under process control", trialing.size(), recovered);
	}

	/**
	 * Starts the organisation's trial again if it is still running and no instance of it
	 * runs in this engine: before the payment wait with the same trial key and end date
	 * when its customer exists (timers whose time passed fire at once), from the start
	 * otherwise (creating the customer is idempotent per organisation).
	 * @return whether an instance was started
	 */
	boolean recover(UUID orgId) {
		return Tenancy.run(TenantContext.system(orgId), () -> {
			Optional<BillingAccount> account = account();
			if (account.isEmpty() || account.get().status() != BillingAccount.Status.TRIALING
					|| this.owners.hasInstance(orgId, PROCESS_ID)) {
				return false;
			}
			start(account.get(), true);
			return true;
		});
	}

	private void start(BillingAccount account, boolean recovering) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("ownerUserId", account.ownerUserId().toString());
		variables.put("trialKey", account.trialKey().toString());
		variables.put("trialEndsAt", account.trialEndsAt().toString());
		String before = null;
		if (recovering && account.billingCustomerId() != null) {
			variables.put("billingCustomerId", account.billingCustomerId());
			before = AWAIT_PAYMENT;
		}
		long key = this.starter.start(PROCESS_ID, "trial:" + account.orgId(), variables, before);
		log.info("Trial {} as process instance {}", recovering ? "brought back" : "started", key);
	}

	private Optional<BillingAccount> account() {
		return this.transactions.execute((status) -> this.accounts.find());
	}

}
