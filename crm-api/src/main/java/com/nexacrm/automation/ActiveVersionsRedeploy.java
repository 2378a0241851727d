package com.nexacrm.automation;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.automation.ProcessVersionStore.Designed;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When the app starts, deploys every organisation's active version into the engine again
 * (the embedded engine starts empty; a remote cluster already has them and answers with
 * the existing definitions) and records the definition keys of this engine epoch. It runs
 * in the background so that start-up does not grow with the number of organisations: an
 * instance started before its organisation's turn deploys the version itself (see
 * {@link TenantDefinitions}). One organisation's failure is logged and does not stop the
 * others.
 */
@Component
class ActiveVersionsRedeploy implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ActiveVersionsRedeploy.class);

	private final ProcessVersionStore store;

	private final TenantDefinitions definitions;

	private final TransactionTemplate transactions;

	private volatile boolean running;

	private volatile Thread thread;

	ActiveVersionsRedeploy(ProcessVersionStore store, TenantDefinitions definitions, TransactionTemplate transactions) {
		this.store = store;
		this.definitions = definitions;
		this.transactions = transactions;
	}

	@Override
	public void start() {
		this.thread = Thread.ofPlatform().name("redeploy-org-versions").daemon().start(this::redeployAll);
		this.running = true;
	}

	void redeployAll() {
		List<Designed> designedProcesses;
		try {
			designedProcesses = this.store.designedProcesses();
		}
		catch (RuntimeException ex) {
			log.error("Could not read which organisations have their own process versions", ex);
			return;
		}
		int deployed = 0;
		for (Designed designed : designedProcesses) {
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
			try {
				Tenancy.run(TenantContext.system(designed.orgId()), () -> this.transactions.execute((status) -> {
					this.store.forgetOtherEpochs(this.definitions.epoch());
					return this.definitions.activeDefinition(designed.processId());
				}));
				deployed++;
			}
			catch (RuntimeException ex) {
				log.error("Could not redeploy the active version of {} for organisation {}", designed.processId(),
						designed.orgId(), ex);
			}
		}
		log.info("Redeployed {} organisation process versions", deployed);
	}

	@Override
	public void stop() {
		Thread redeploy = this.thread;
		if (redeploy != null) {
			redeploy.interrupt();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
