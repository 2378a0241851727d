package com.nexacrm.sales;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.record.RecordCreated;
import com.nexacrm.record.RecordType;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Every new lead and deal gets its lead-to-close instance through this queue. The request
 * (or import batch) writes a queue row in its own transaction, so a record is never left
 * without its process by a crash; one drainer thread then starts the instances: records
 * created interactively at once, imported ones at a bounded rate so a 100,000-row import
 * does not flood the engine and starve the leads typed in meanwhile. Starting is
 * idempotent: a record that already has an instance in the current engine epoch is
 * skipped, so no record gets two.
 */
@Component
class ProcessStartQueue implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ProcessStartQueue.class);

	static final short INTERACTIVE = 0;

	static final short IMPORTED = 1;

	private static final int BATCH = 100;

	/**
	 * Starts in flight at once. Each holds a database connection only while it plans,
	 * binds and deletes its row, not while it waits on the engine, so this can exceed the
	 * pool.
	 */
	private static final int IN_FLIGHT = 32;

	private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

	private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

	/** Queue rows being started now, or started and not deleted yet. */
	private final Set<Long> starting = ConcurrentHashMap.newKeySet();

	/** Queue rows whose start is done, to delete. */
	private final Queue<Long> done = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean failed = new AtomicBoolean();

	private volatile ExecutorService starters;

	private final JdbcClient jdbc;

	private final LeadToClose leadToClose;

	private final int importedPerSecond;

	private final Semaphore wake = new Semaphore(0);

	private volatile Thread drainer;

	private volatile boolean running;

	ProcessStartQueue(JdbcClient jdbc, LeadToClose leadToClose,
			@Value("${nexacrm.automation.imported-starts-per-second:50}") int importedPerSecond) {
		this.jdbc = jdbc;
		this.leadToClose = leadToClose;
		this.importedPerSecond = importedPerSecond;
	}

	/** In the creating transaction: the start is as durable as the record. */
	@EventListener
	void enqueue(RecordCreated event) {
		if (event.type() != RecordType.LEAD && event.type() != RecordType.DEAL) {
			return;
		}
		this.jdbc.sql("""
				insert into process_start_queue (org_id, record_type, record_id, priority)
				values (?, ?, ?, ?) on conflict do nothing""")
			.params(event.orgId(), event.type().key(), event.id(), event.imported() ? IMPORTED : INTERACTIVE)
			.update();
	}

	@TransactionalEventListener
	void committed(RecordCreated event) {
		this.wake.release();
	}

	/** Queues every open lead and deal of the current organisation to be brought back. */
	int enqueueOpenRecords() {
		UUID orgId = Tenancy.orgId();
		int leads = this.jdbc.sql("""
				insert into process_start_queue (org_id, record_type, record_id, priority, resume)
				select org_id, 'lead', lead_id, 0, true from lead
				where org_id = ? and status in ('NEW', 'WORKING')
				on conflict do nothing""").param(orgId).update();
		int deals = this.jdbc.sql("""
				insert into process_start_queue (org_id, record_type, record_id, priority, resume)
				select d.org_id, 'deal', d.deal_id, 0, true from deal d
				join stage s on s.org_id = d.org_id and s.stage_id = d.stage_id and s.kind = 'OPEN'
				where d.org_id = ?
				on conflict do nothing""").param(orgId).update();
		this.wake.release();
		return leads + deals;
	}

	/**
	 * Hands what is queued to the starters; returns how many rows were handed on. Rows
	 * already being started are left out, so the drainer fetches the next rows while the
	 * earlier ones are still on their way: waiting for a whole batch to finish left the
	 * engine idle while its last starts trickled in. The rows of each organisation are
	 * planned in one transaction (see {@link LeadToClose#plan}) before their starts go
	 * out; a row whose record needs no instance is done at once.
	 */
	int drain(boolean includeImported) throws InterruptedException {
		forgetDone();
		List<Queued> batch = this.jdbc.sql("""
				select queue_id, org_id, record_type, record_id, priority, resume from process_start_queue
				where priority <= ? and queue_id <> all(?) order by priority, queue_id limit ?""")
			.params(includeImported ? IMPORTED : INTERACTIVE, this.starting.toArray(Long[]::new),
					includeImported ? this.importedPerSecond : BATCH)
			.query((rs, n) -> new Queued(rs.getLong(1), rs.getObject(2, UUID.class),
					RecordType.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)), rs.getObject(4, UUID.class),
					rs.getShort(5), rs.getBoolean(6)))
			.list();
		Map<UUID, List<Queued>> byOrg = new LinkedHashMap<>();
		batch.forEach((queued) -> byOrg.computeIfAbsent(queued.orgId(), (org) -> new ArrayList<>()).add(queued));
		for (Map.Entry<UUID, List<Queued>> org : byOrg.entrySet()) {
			List<Queued> rows = org.getValue();
			TenantContext tenant = TenantContext.system(org.getKey());
			List<Optional<LeadToClose.Start>> plans = Tenancy.run(tenant, () -> this.leadToClose
				.plan(rows.stream().map((q) -> new LeadToClose.Wanted(q.type(), q.recordId(), q.resume())).toList()));
			for (int i = 0; i < rows.size(); i++) {
				Queued queued = rows.get(i);
				// only this thread adds, and the query left out every row being started
				this.starting.add(queued.queueId());
				if (plans.get(i).isEmpty()) {
					this.done.add(queued.queueId());
					continue;
				}
				LeadToClose.Start start = plans.get(i).get();
				this.inFlight.acquire();
				this.starters.execute(() -> {
					try {
						Tenancy.run(tenant, () -> this.leadToClose.start(start));
						this.done.add(queued.queueId());
					}
					catch (RuntimeException ex) {
						// the engine or the database is away: the row stays for the next
						// try
						this.starting.remove(queued.queueId());
						if (this.failed.compareAndSet(false, true)) {
							log.warn("Could not start a queued process; retrying", ex);
						}
					}
					finally {
						this.inFlight.release();
					}
				});
			}
		}
		return batch.size();
	}

	/**
	 * Deletes the rows of the records started (or found to need no start) since the last
	 * time, in one statement: deleted one by one, they took a statement and a commit per
	 * record. A row stays among those being started until it is gone, so it is never
	 * fetched again; one left behind by a crash is found started next time and skipped.
	 */
	private void forgetDone() {
		List<Long> ids = new ArrayList<>();
		for (Long id = this.done.poll(); id != null; id = this.done.poll()) {
			ids.add(id);
		}
		if (ids.isEmpty()) {
			return;
		}
		try {
			this.jdbc.sql("delete from process_start_queue where queue_id = any(?)")
				.param(ids.toArray(Long[]::new))
				.update();
		}
		catch (RuntimeException ex) {
			this.done.addAll(ids);
			throw ex;
		}
		this.starting.removeAll(ids);
	}

	private void run() {
		long nextImportedAt = 0;
		while (this.running) {
			try {
				if (this.failed.getAndSet(false)) {
					// a start failed: give the engine or the database a moment before
					// trying again
					Thread.sleep(RETRY_PAUSE);
				}
				int interactive = drain(false);
				if (interactive > 0) {
					continue;
				}
				if (System.nanoTime() >= nextImportedAt) {
					nextImportedAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
					if (drain(true) > 0) {
						continue;
					}
				}
				this.wake.tryAcquire(200, TimeUnit.MILLISECONDS);
				this.wake.drainPermits();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// the engine or the database is away: keep the rows, try again shortly
				log.warn("Could not start queued processes; retrying", ex);
				try {
					this.wake.tryAcquire(2, TimeUnit.SECONDS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.starters = Executors.newVirtualThreadPerTaskExecutor();
		this.drainer = Thread.ofPlatform().name("process-start-queue").daemon().start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.drainer;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		ExecutorService pool = this.starters;
		if (pool != null) {
			// starts under way finish (their rows go); the rest waits in the queue
			pool.shutdown();
			try {
				pool.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			forgetDone();
		}
		catch (RuntimeException ex) {
			// the database is away: the rows are found started and skipped next time
			log.warn("Could not delete the rows of started processes from the queue", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	record Queued(long queueId, UUID orgId, RecordType type, UUID recordId, short priority, boolean resume) {
	}

}
