package com.nexacrm.process;

import java.util.Map;

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

	Onboarding(ProcessStarter starter, ChecklistKeys checklistKeys, TransactionTemplate transactions) {
		this.starter = starter;
		this.checklistKeys = checklistKeys;
		this.transactions = transactions;
	}

	@Async
	@TransactionalEventListener
	void on(OrganizationCreated event) {
		try {
			long key = Tenancy.run(TenantContext.system(event.orgId()), () -> {
				String checklistKey = this.transactions.execute((status) -> this.checklistKeys.of(event.orgId()));
				return this.starter.start(PROCESS_ID, "org:" + event.orgId(),
						Map.of("ownerUserId", event.ownerUserId().toString(), "checklistKey", checklistKey));
			});
			log.info("Onboarding started as process instance {}", key);
		}
		catch (RuntimeException ex) {
			log.error("Could not start onboarding for a new organisation", ex);
		}
	}

}
