package com.nexacrm.process;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.engine.EngineSettings;
import com.nexacrm.workers.runtime.InstanceOwners;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The organisation that owns each process instance the app started. A streamed job can
 * reach a worker before the starter has written the binding; when a start is in flight in
 * this process the look-up waits for it (bounded), otherwise the job fails and is retried
 * with backoff.
 * <p>
 * An instance's owner never changes, so the owners this process bound or found are kept
 * in memory (the most recent {@link #REMEMBERED}): every job asked the database once,
 * three look-ups per lead on the way to its qualification task.
 */
@Repository
class ProcessInstanceOwners implements InstanceOwners {

	private static final Duration WAIT_FOR_START = Duration.ofSeconds(5);

	/** How often a job waiting for its binding asks the database again. */
	private static final Duration ASK_AGAIN = Duration.ofMillis(100);

	private final JdbcClient jdbc;

	private final String epoch;

	private final boolean embedded;

	private final AtomicInteger startsInFlight = new AtomicInteger();

	private final Object bound = new Object();

	static final int REMEMBERED = 100_000;

	/** Owners bound or found here; a binding is remembered once it has committed. */
	private final Map<Long, UUID> remembered = Collections.synchronizedMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, UUID> eldest) {
			return size() > REMEMBERED;
		}

	});

	ProcessInstanceOwners(JdbcClient jdbc, EngineEpoch epoch, EngineSettings settings) {
		this.jdbc = jdbc;
		this.epoch = epoch.value();
		this.embedded = settings.isEmbedded();
	}

	@Override
	public Optional<UUID> ownerOf(long processInstanceKey) {
		long deadline = System.nanoTime() + WAIT_FOR_START.toNanos();
		long askAgainAt = System.nanoTime() + ASK_AGAIN.toNanos();
		Optional<UUID> owner = lookUp(processInstanceKey);
		while (owner.isEmpty()) {
			long left = deadline - System.nanoTime();
			if (this.startsInFlight.get() == 0 || left <= 0) {
				// A start may have bound and ended between the look-up above and this
				// check (its binding commits before it stops counting): look once more.
				// Without this a job streamed in that window was failed as unowned, and a
				// user-task job, which has one retry, became an incident.
				return lookUp(processInstanceKey);
			}
			// Starts here put their binding in memory before they stop counting and
			// wake the waiters, so a waiter that wakes looks in memory. Now and then it
			// asks the database too, for an instance another node started. It never asks
			// while holding the monitor: every start's end would wait on those look-ups.
			synchronized (this.bound) {
				if (this.remembered.get(processInstanceKey) == null && this.startsInFlight.get() > 0) {
					try {
						TimeUnit.NANOSECONDS.timedWait(this.bound,
								Math.min(left, Math.max(askAgainAt - System.nanoTime(), 1)));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return Optional.empty();
					}
				}
			}
			UUID known = this.remembered.get(processInstanceKey);
			if (known != null) {
				return Optional.of(known);
			}
			if (System.nanoTime() >= askAgainAt) {
				askAgainAt = System.nanoTime() + ASK_AGAIN.toNanos();
				owner = lookUp(processInstanceKey);
			}
		}
		return owner;
	}

	/**
	 * Notes the instance once among those whose jobs found no owner; the remote monitor
	 * settles those still unowned after a while. Embedded mode settles them from the
	 * record stream instead, so nothing is noted there.
	 */
	@Override
	public void noOwnerFound(long processInstanceKey, String bpmnProcessId, long processDefinitionKey) {
		if (this.embedded) {
			return;
		}
		this.jdbc.sql("""
				insert into unbound_instance_sighting
				    (engine_epoch, process_instance_key, bpmn_process_id, process_definition_key)
				values (?, ?, ?, ?) on conflict do nothing""")
			.params(this.epoch, processInstanceKey, bpmnProcessId, processDefinitionKey)
			.update();
	}

	/** Marks a start as under way, until {@link #bind} or {@link #abandon} is called. */
	void starting() {
		this.startsInFlight.incrementAndGet();
	}

	/**
	 * Binds the instance to the organisation. Fails with {@link InstanceSettled} when the
	 * monitor already settled the instance as an orphan: its start must be made again.
	 */
	void bind(long processInstanceKey, UUID orgId, String bpmnProcessId, String businessKey) {
		try {
			try {
				this.jdbc.sql("""
						insert into process_instance_owner
						    (engine_epoch, process_instance_key, org_id, bpmn_process_id, business_key)
						values (?, ?, ?, ?, ?)""")
					.params(this.epoch, processInstanceKey, orgId, bpmnProcessId, businessKey)
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new InstanceSettled(processInstanceKey, ex);
			}
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				// a binding that rolls back must not be remembered
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						ProcessInstanceOwners.this.remembered.put(processInstanceKey, orgId);
					}
				});
			}
			else {
				this.remembered.put(processInstanceKey, orgId);
			}
		}
		finally {
			abandon();
		}
	}

	/**
	 * The instance waited so long for its binding that the monitor took it for an orphan,
	 * left a tombstone in its binding's place and cancelled it.
	 */
	static final class InstanceSettled extends IllegalStateException {

		InstanceSettled(long processInstanceKey, Throwable cause) {
			super("Process instance " + processInstanceKey
					+ " was settled as an orphan before its binding came, and cancelled; start it again", cause);
		}

	}

	void abandon() {
		this.startsInFlight.decrementAndGet();
		synchronized (this.bound) {
			this.bound.notifyAll();
		}
	}

	/**
	 * Whether the organisation has an instance of the process bound in this engine epoch
	 * (one started since the engine last started).
	 */
	boolean hasInstance(UUID orgId, String bpmnProcessId) {
		return this.jdbc.sql("""
				select exists (select 1 from process_instance_owner
				               where engine_epoch = ? and org_id = ? and bpmn_process_id = ?)""")
			.params(this.epoch, orgId, bpmnProcessId)
			.query(Boolean.class)
			.single();
	}

	private Optional<UUID> lookUp(long processInstanceKey) {
		UUID known = this.remembered.get(processInstanceKey);
		if (known != null) {
			return Optional.of(known);
		}
		Optional<UUID> owner = this.jdbc
			.sql("select org_id from process_instance_owner where engine_epoch = ? and process_instance_key = ?"
					+ " and org_id is not null")
			.params(this.epoch, processInstanceKey)
			.query(UUID.class)
			.optional();
		owner.ifPresent((orgId) -> this.remembered.put(processInstanceKey, orgId));
		return owner;
	}

}
