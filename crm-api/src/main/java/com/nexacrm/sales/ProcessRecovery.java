package com.nexacrm.sales;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded engine keeps its state in memory: after a restart every running instance
 * is gone. When the app is ready, every organisation that had instances in an earlier
 * engine epoch gets its open leads and deals queued to be brought back where they stand;
 * the queue skips records that already have an instance in this epoch, so none gets two.
 */
@Component
class ProcessRecovery {

	private static final Logger log = LoggerFactory.getLogger(ProcessRecovery.class);

	private final JdbcClient jdbc;

	private final ProcessStartQueue queue;

	private final TransactionTemplate transactions;

	private final String epoch;

	private final boolean enabled;

	ProcessRecovery(JdbcClient jdbc, ProcessStartQueue queue, TransactionTemplate transactions, EngineEpoch epoch,
			@Value("${nexacrm.automation.recover-on-start:true}") boolean enabled) {
		this.enabled = enabled;
		this.jdbc = jdbc;
		this.queue = queue;
		this.transactions = transactions;
		this.epoch = epoch.value();
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		if (this.enabled) {
			recover();
		}
	}

	void recover() {
		List<UUID> orgs = organisationsFromEarlierEpochs();
		int queued = 0;
		for (UUID orgId : orgs) {
			queued += Tenancy.run(TenantContext.system(orgId),
					() -> this.transactions.execute((status) -> this.queue.enqueueOpenRecords()));
		}
		if (queued > 0) {
			log.info("Bringing {} open leads and deals of {} organisations back under process control", queued,
					orgs.size());
		}
	}

	List<UUID> organisationsFromEarlierEpochs() {
		return this.jdbc
			.sql("select distinct org_id from process_instance_owner where engine_epoch <> ? and org_id is not null"
					+ " order by org_id")
			.param(this.epoch)
			.query(UUID.class)
			.list();
	}

}
