package com.nexacrm.platform.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the embedded engine's record log from one background thread: every tick it
 * takes the records past the last one it handed on, publishes {@link EngineJobCanceled}
 * for each cancelled job, and passes the batch to every {@link EngineRecordListener}.
 * <p>
 * The test engine keeps its whole log in an in-memory list that grows with every record
 * and is appended to by whichever thread asks for it, without a lock we can share; so the
 * reader only reads indexes below the size it saw after its own call, and stops a batch
 * at a slot it cannot see yet (the next tick picks it up).
 */
class EngineRecordReader implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EngineRecordReader.class);

	static final int MAX_BATCH = 2_000;

	private final ZeebeTestEngine engine;

	private final List<EngineRecordListener> listeners;

	private final ApplicationEventPublisher events;

	private final long intervalMillis;

	private ScheduledExecutorService thread;

	private int next;

	private long lastPosition = -1;

	EngineRecordReader(ZeebeTestEngine engine, List<EngineRecordListener> listeners, ApplicationEventPublisher events,
			long intervalMillis) {
		this.engine = engine;
		this.listeners = List.copyOf(listeners);
		this.events = events;
		this.intervalMillis = intervalMillis;
	}

	@Override
	public void start() {
		this.thread = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "engine-records");
			thread.setDaemon(true);
			return thread;
		});
		this.thread.scheduleWithFixedDelay(this::tick, 0, this.intervalMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.thread.shutdown();
		try {
			this.thread.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread = null;
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	/** Stops after the listeners of the data they write to have nothing more to do. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	private void tick() {
		try {
			List<Record<?>> batch;
			do {
				batch = nextBatch();
				if (!batch.isEmpty()) {
					handOn(batch);
				}
			}
			while (batch.size() == MAX_BATCH);
		}
		catch (RuntimeException ex) {
			// the thread must survive a failing listener; the listener keeps what it
			// could
			// not apply
			log.error("Reading the engine's records failed; continuing with the next batch", ex);
		}
	}

	private List<Record<?>> nextBatch() {
		Iterable<Record<?>> source = this.engine.getRecordStreamSource().getRecords();
		if (!(source instanceof List<Record<?>> all)) {
			throw new IllegalStateException("The engine's record source is not a list: " + source.getClass());
		}
		int size = all.size();
		List<Record<?>> batch = new ArrayList<>(Math.min(Math.max(size - this.next, 0), MAX_BATCH));
		while (this.next < size && batch.size() < MAX_BATCH) {
			Record<?> record = all.get(this.next);
			if (record == null) {
				break;
			}
			this.next++;
			if (record.getPosition() > this.lastPosition) {
				this.lastPosition = record.getPosition();
				batch.add(record);
			}
		}
		return batch;
	}

	private void handOn(List<Record<?>> batch) {
		for (Record<?> record : batch) {
			if (record.getRecordType() == RecordType.EVENT && record.getValueType() == ValueType.JOB
					&& record.getIntent() == JobIntent.CANCELED) {
				JobRecordValue job = (JobRecordValue) record.getValue();
				try {
					this.events.publishEvent(
							new EngineJobCanceled(record.getKey(), job.getProcessInstanceKey(), job.getType()));
				}
				catch (RuntimeException ex) {
					log.error("A listener of job {} being cancelled failed", record.getKey(), ex);
				}
			}
		}
		for (EngineRecordListener listener : this.listeners) {
			try {
				listener.onRecords(batch);
			}
			catch (RuntimeException ex) {
				log.error("{} failed on a batch of {} records", listener.getClass().getSimpleName(), batch.size(), ex);
			}
		}
	}

}
