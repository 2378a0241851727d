package com.nexacrm.process;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The owner of an instance is remembered once its binding has committed, and only then.
 */
@IntegrationTest
class ProcessInstanceOwnersIntegrationTest {

	@Autowired
	private ProcessInstanceOwners owners;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase database;

	@Autowired
	private EngineEpoch epoch;

	@Test
	void aBindingThatRollsBackOwnsNothing() {
		UUID org = this.fixtures.org("Rolled back " + UUID.randomUUID()).id();
		long instance = unusedInstanceKey();
		this.transactions.executeWithoutResult((status) -> {
			this.owners.starting();
			this.owners.bind(instance, org, "lead-to-close", "lead:" + UUID.randomUUID());
			status.setRollbackOnly();
		});

		assertThat(this.owners.ownerOf(instance)).isEmpty();
	}

	@Test
	void aBindingThatComesAfterTheInstanceWasSettledFailsAndOwnsNothing() {
		UUID org = this.fixtures.org("Too late " + UUID.randomUUID()).id();
		long instance = unusedInstanceKey();
		// the monitor's tombstone for an instance that waited too long for its binding
		this.database.jdbc()
			.update("insert into process_instance_owner (engine_epoch, process_instance_key, bpmn_process_id,"
					+ " orphaned_at) values (?, ?, 'lead-to-close', now())", this.epoch.value(), instance);

		this.owners.starting();
		assertThatThrownBy(() -> this.owners.bind(instance, org, "lead-to-close", "lead:" + UUID.randomUUID()))
			.isInstanceOf(ProcessInstanceOwners.InstanceSettled.class)
			.hasMessageContaining(Long.toString(instance));

		assertThat(this.owners.ownerOf(instance)).isEmpty();
		assertThat(this.database.jdbc()
			.queryForList(
					"select org_id from process_instance_owner where engine_epoch = ? and process_instance_key = ?",
					UUID.class, this.epoch.value(), instance))
			.containsExactly((UUID) null);
	}

	@Test
	void aCommittedOwnerIsAnsweredFromMemory() {
		UUID org = this.fixtures.org("Remembered " + UUID.randomUUID()).id();
		long instance = unusedInstanceKey();
		this.transactions.executeWithoutResult((status) -> {
			this.owners.starting();
			this.owners.bind(instance, org, "lead-to-close", "lead:" + UUID.randomUUID());
		});
		// gone from the table, the owner is still known: it was not asked for again
		this.database.jdbc()
			.update("delete from process_instance_owner where engine_epoch = ? and process_instance_key = ?",
					this.epoch.value(), instance);

		assertThat(this.owners.ownerOf(instance)).contains(org);
	}

	@Test
	void aJobStreamedAheadOfItsBindingWaitsForTheStartHere() throws Exception {
		UUID org = this.fixtures.org("Ahead " + UUID.randomUUID()).id();
		long instance = unusedInstanceKey();
		this.owners.starting();
		// the start ends (outside a transaction, as the start queue binds) while or
		// before
		// the job asks
		assertThat(askedWhile(instance, Duration.ofSeconds(10),
				() -> this.owners.bind(instance, org, "lead-to-close", "lead:" + UUID.randomUUID())))
			.contains(org);
	}

	@Test
	void whileStartsAreUnderWayHereAnInstanceBoundElsewhereIsFoundInTheDatabase() throws Exception {
		UUID org = this.fixtures.org("Elsewhere " + UUID.randomUUID()).id();
		long instance = unusedInstanceKey();
		this.owners.starting();
		try {
			// another node binds it; the start in flight here never ends during the wait,
			// so
			// the job finds it by asking again, well before its 5 s wait for starts is up
			assertThat(askedWhile(instance, Duration.ofMillis(2500),
					() -> this.database.jdbc()
						.update("insert into process_instance_owner (engine_epoch, process_instance_key, org_id,"
								+ " bpmn_process_id, business_key) values (?, ?, ?, 'lead-to-close', ?)",
								this.epoch.value(), instance, org, "lead:" + UUID.randomUUID())))
				.contains(org);
		}
		finally {
			this.owners.abandon();
		}
	}

	/**
	 * The owner a job asks for on another thread while {@code meanwhile} runs here,
	 * answered within {@code within}.
	 */
	private Optional<UUID> askedWhile(long instance, Duration within, Runnable meanwhile) throws Exception {
		try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
			var asked = pool.submit(() -> this.owners.ownerOf(instance));
			meanwhile.run();
			return asked.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
	}

	private static long unusedInstanceKey() {
		// far above the keys the test engine hands out
		return (1L << 50) + ThreadLocalRandom.current().nextLong(1L << 40);
	}

}
