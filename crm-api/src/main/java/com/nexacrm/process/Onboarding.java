package com.nexacrm.process;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.organization.OrganizationCreated;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.scheduling.annotation.Async;
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

	Onboarding(ProcessStarter starter) {
		this.starter = starter;
	}

	@Async
	@TransactionalEventListener
	void on(OrganizationCreated event) {
		try {
			long key = Tenancy
				.run(TenantContext.system(event.orgId()), () -> this.starter.start(PROCESS_ID, "org:" + event.orgId(),
						Map.of("ownerUserId", event.ownerUserId().toString(), "checklistKey", "org:" + event.orgId())));
			log.info("Onboarding started as process instance {}", key);
		}
		catch (RuntimeException ex) {
			log.error("Could not start onboarding for a new organisation", ex);
		}
	}

}
