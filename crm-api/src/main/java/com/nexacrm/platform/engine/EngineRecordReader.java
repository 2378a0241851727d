package com.nexacrm.platform.engine;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.camunda.zeebe.process.test.engine.RocksDbStateEngine;
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
 * Each record is taken once; the engine then lets go of it.
 */
class EngineRecordReader implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EngineRecordReader.class);

	static final int MAX_BATCH = 2_000;

	private final RocksDbStateEngine engine;

	private final List<EngineRecordListener> listeners;

	private final ApplicationEventPublisher events;

	private final long intervalMillis;

	private ScheduledExecutorService thread;

	EngineRecordReader(RocksDbStateEngine engine, List<EngineRecordListener> listeners,
			ApplicationEventPublisher events, long intervalMillis) {
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
		return this.engine.poll(MAX_BATCH);
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
