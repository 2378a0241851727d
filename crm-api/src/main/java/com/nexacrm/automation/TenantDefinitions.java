package com.nexacrm.automation;

import java.util.OptionalLong;

import com.nexacrm.automation.ProcessVersionStore.StoredVersion;
import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.process.ProcessVersions;
import com.nexacrm.tenant.Tenancy;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine definition of each organisation's active version in the current engine
 * epoch. Definition keys live as long as the engine: the embedded engine starts empty on
 * every start, so a version without a definition in this epoch is deployed again when it
 * is first needed (or at start-up, by {@link ActiveVersionsRedeploy}).
 */
@Component
class TenantDefinitions implements ProcessVersions {

	private final ProcessVersionStore store;

	private final EngineDeployer deployer;

	private final TransactionTemplate transactions;

	private final String epoch;

	TenantDefinitions(ProcessVersionStore store, EngineDeployer deployer, TransactionTemplate transactions,
			EngineEpoch epoch) {
		this.store = store;
		this.deployer = deployer;
		this.transactions = transactions;
		this.epoch = epoch.value();
	}

	@Override
	public OptionalLong activeDefinition(String bpmnProcessId) {
		OptionalLong key = this.transactions.execute((status) -> this.store.active(bpmnProcessId)
			.map((active) -> OptionalLong.of(definitionOf(active)))
			.orElseGet(OptionalLong::empty));
		return (key != null) ? key : OptionalLong.empty();
	}

	/**
	 * The version's definition key in this epoch, deploying it when the engine does not
	 * have it. Runs inside the caller's transaction.
	 */
	long definitionOf(StoredVersion version) {
		OptionalLong known = this.store.definitionKey(version.view().versionId(), this.epoch);
		if (known.isPresent()) {
			return known.getAsLong();
		}
		// deploying content the engine already has as the latest version of this id
		// returns that definition, so a deployment racing this one costs nothing
		long key = this.deployer.deploy(Tenancy.orgId(), version.view().processId(), version.xml());
		this.store.recordDefinition(version.view().versionId(), this.epoch, key);
		return key;
	}

	String epoch() {
		return this.epoch;
	}

}
