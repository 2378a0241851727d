package com.nexacrm.process;

import java.util.Map;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.organization.OrganizationCreated;
import com.nexacrm.organization.ChecklistKeys;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Starts the onboarding process once a new organisation is committed, off the request
 * thread so sign-up does not wait for the engine.
 */
@Component
class Onboarding {

	private static final Logger log = LoggerFactory.getLogger(Onboarding.class);

	static final String PROCESS_ID = "onboarding";

	private final ProcessStarter starter;

	private final ChecklistKeys checklistKeys;

	private final TransactionTemplate transactions;

	private final ProcessInstanceOwners owners;

	private final StartRetries retries = StartRetries.atSignUp();

	Onboarding(ProcessStarter starter, ChecklistKeys checklistKeys, TransactionTemplate transactions,
			ProcessInstanceOwners owners) {
		this.starter = starter;
		this.checklistKeys = checklistKeys;
		this.transactions = transactions;
		this.owners = owners;
	}

	/**
	 * Starts the organisation's onboarding, trying again with backoff when the engine or
	 * the database fails; an attempt that finds an instance already bound starts none.
	 */
	@Async
	@TransactionalEventListener
	void on(OrganizationCreated event) {
		try {
			OptionalLong key = this.retries.run("the onboarding of organisation " + event.orgId(),
					() -> Tenancy.run(TenantContext.system(event.orgId()), () -> start(event)));
			key.ifPresent((started) -> log.info("Onboarding started as process instance {}", started));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			log.error("Stopped before the onboarding of organisation {} could start", event.orgId());
		}
		catch (RuntimeException ex) {
			log.error("Could not start onboarding for a new organisation", ex);
		}
	}

	private OptionalLong start(OrganizationCreated event) {
		if (this.owners.hasInstance(event.orgId(), PROCESS_ID)) {
			return OptionalLong.empty();
		}
		String checklistKey = this.transactions.execute((status) -> this.checklistKeys.of(event.orgId()));
		return OptionalLong.of(this.starter.start(PROCESS_ID, "org:" + event.orgId(),
				Map.of("ownerUserId", event.ownerUserId().toString(), "checklistKey", checklistKey)));
	}

}
