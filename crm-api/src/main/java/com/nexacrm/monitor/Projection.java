package com.nexacrm.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobBatchIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobBatchRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRelated;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.engine.EngineRecordListener;
import com.nexacrm.platform.engine.StartedProcesses;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the engine's records into the owning organisation's projection tables. An
 * instance belongs to the organisation bound to it in {@code process_instance_owner} (a
 * called child instance to its parent's); the binding is written just after the create
 * command returns, so an instance's first records usually arrive before it. Those records
 * are held, in order, and applied once the binding appears. An instance that stays
 * unbound for {@link MonitorSettings#settleUnboundAfter()} (two minutes) is shown to no
 * one and its records are dropped; when it is a top-level instance of a process the app
 * starts, it is an orphan (the create command's answer was lost, or its binding failed,
 * and the start was made again) or was started around the app (by zbctl say). Either way
 * no job of it can ever run, so it is settled: a tombstone takes its binding's place, and
 * it is cancelled. Runs on the record reader's single thread only.
 */
@Component
class Projection implements EngineRecordListener {

	private static final Logger log = LoggerFactory.getLogger(Projection.class);

	private static final int SETTLED_REMEMBERED = 10_000;

	/** Failed attempts after which a change that cannot be written is skipped. */
	private static final int MAX_ATTEMPTS = 5;

	private static final int LOOKUP_CHUNK = 500;

	private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final TransactionTemplate transactions;

	private final String epoch;

	private final StartedProcesses started;

	private final Orphans orphans;

	private volatile Duration holdUnbound;

	private final Map<Long, Definition> definitions = new HashMap<>();

	/** Definitions already in an organisation's projection ("org:key"). */
	private final Set<String> storedDefinitions = new HashSet<>();

	private final Map<Long, Owner> owners = new HashMap<>();

	/**
	 * Records of instances whose owner is not known yet, per instance, in order. Kept per
	 * instance so that a read of the log costs time per unbound instance, not per held
	 * record: a few thousand instances started around the app held every record they
	 * wrote for two minutes and were walked record by record on every read, which took
	 * the record reader a third of the app's CPU.
	 */
	private final Map<Long, Unbound> unbound = new LinkedHashMap<>();

	/**
	 * Instances settled as orphans lately: the records their cancellation writes are
	 * dropped at once instead of being held for a binding that cannot come.
	 */
	private final Set<Long> settled = Collections.newSetFromMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
			return size() > SETTLED_REMEMBERED;
		}

	});

	/** The keys of {@link #unbound}, readable from other threads. */
	private final Set<Long> held = ConcurrentHashMap.newKeySet();

	private final Map<UUID, Integer> attempts = new HashMap<>();

	/** Records of instances with a known owner, to write, in order. */
	private Deque<Change> backlog = new ArrayDeque<>();

	Projection(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions, EngineEpoch epoch,
			StartedProcesses started, Orphans orphans, MonitorSettings settings) {
		this.jdbc = jdbc;
		this.started = started;
		this.orphans = orphans;
		this.holdUnbound = settings.settleUnboundAfter();
		this.batches = batches;
		this.transactions = transactions;
		this.epoch = epoch.value();
	}

	@Override
	public void onRecords(List<Record<?>> records) {
		for (Record<?> record : records) {
			if (record.getRecordType() == RecordType.EVENT) {
				accept(record);
			}
		}
		drain();
	}

	private void accept(Record<?> record) {
		switch (record.getValueType()) {
			case PROCESS -> {
				if (record.getIntent() == ProcessIntent.CREATED) {
					Process process = (Process) record.getValue();
					this.definitions.put(process.getProcessDefinitionKey(),
							new Definition(process.getBpmnProcessId(), process.getVersion(), process.getResourceName(),
									new String(process.getResource(), StandardCharsets.UTF_8)));
				}
			}
			case PROCESS_INSTANCE, INCIDENT, JOB ->
				hold(new Change(((ProcessInstanceRelated) record.getValue()).getProcessInstanceKey(), record, 0, null));
			case JOB_BATCH -> {
				if (record.getIntent() == JobBatchIntent.ACTIVATED) {
					JobBatchRecordValue batch = (JobBatchRecordValue) record.getValue();
					for (int i = 0; i < batch.getJobKeys().size(); i++) {
						JobRecordValue job = batch.getJobs().get(i);
						hold(new Change(job.getProcessInstanceKey(), record, batch.getJobKeys().get(i), job));
					}
				}
			}
			default -> {
			}
		}
	}

	/**
	 * Queues a change to be written, or holds it with its instance's earlier ones while
	 * the instance's owner is not known.
	 */
	private void hold(Change change) {
		Unbound waiting = this.unbound.get(change.instanceKey());
		if (waiting == null && ownerOf(change) != null) {
			this.backlog.add(change);
			return;
		}
		if (waiting == null && (neverOwned(change) || this.settled.contains(change.instanceKey()))) {
			return;
		}
		if (waiting == null) {
			waiting = new Unbound(System.nanoTime());
			this.unbound.put(change.instanceKey(), waiting);
			this.held.add(change.instanceKey());
		}
		waiting.changes().add(change);
	}

	/** Whether records of the instance are held, waiting for its binding. */
	boolean holds(long instanceKey) {
		return this.held.contains(instanceKey);
	}

	/**
	 * Sets how long an instance waits for its binding before it is settled (for tests,
	 * which cannot wait the configured time).
	 */
	void holdUnbound(Duration hold) {
		this.holdUnbound = hold;
	}

	private void drain() {
		if (!this.unbound.isEmpty()) {
			release();
		}
		if (this.backlog.isEmpty()) {
			return;
		}
		Map<UUID, List<Change>> byOrg = new LinkedHashMap<>();
		for (Change change : this.backlog) {
			Owner owner = ownerOf(change);
			if (owner == null) {
				// forgotten when its instance ended: a late record is held like any
				// record of an instance without a known owner
				this.unbound.computeIfAbsent(change.instanceKey(), (key) -> new Unbound(System.nanoTime()))
					.changes()
					.add(change);
				this.held.add(change.instanceKey());
				continue;
			}
			byOrg.computeIfAbsent(owner.orgId(), (org) -> new ArrayList<>()).add(change);
		}
		Deque<Change> next = new ArrayDeque<>();
		byOrg.forEach((org, changes) -> next.addAll(write(org, changes)));
		this.backlog = next;
	}

	/**
	 * Moves the held records of instances whose owner is now known to the backlog, and
	 * drops those of instances unbound for longer than {@link #holdUnbound}, settling the
	 * orphans among them.
	 */
	private void release() {
		lookUpOwners();
		long now = System.nanoTime();
		var instances = this.unbound.entrySet().iterator();
		while (instances.hasNext()) {
			var entry = instances.next();
			Unbound waiting = entry.getValue();
			if (ownerOf(waiting.changes().get(0)) != null) {
				this.backlog.addAll(waiting.changes());
				instances.remove();
				this.held.remove(entry.getKey());
			}
			else if (now - waiting.since() > this.holdUnbound.toNanos() && settled(entry.getKey(), waiting)) {
				instances.remove();
				this.held.remove(entry.getKey());
			}
		}
	}

	/**
	 * Settles an instance that waited too long for its binding: a top-level instance of a
	 * process the app starts gets a tombstone in its binding's place and is cancelled;
	 * the records of any other are only dropped. A binding that comes after the tombstone
	 * fails on its primary key, so its start is made again rather than a record bound to
	 * a cancelled instance. Returns false, keeping the records, when the binding won the
	 * race or the tombstone could not be written.
	 */
	private boolean settled(long instanceKey, Unbound waiting) {
		ProcessInstanceRecordValue process = null;
		boolean ended = false;
		for (Change change : waiting.changes()) {
			if (change.record().getValue() instanceof ProcessInstanceRecordValue instance
					&& instance.getBpmnElementType() == BpmnElementType.PROCESS) {
				process = (process != null) ? process : instance;
				ended |= change.record().getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
						|| change.record().getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED;
			}
		}
		if (process == null || process.getParentProcessInstanceKey() > 0) {
			log.debug("Process instance {} has no owner; its records are not projected", instanceKey);
			return true;
		}
		boolean orphaned;
		try {
			orphaned = this.orphans.tombstone(instanceKey, process.getBpmnProcessId());
		}
		catch (RuntimeException ex) {
			log.warn("Could not settle process instance {}, which has no owner; will try again", instanceKey, ex);
			return false;
		}
		if (!orphaned) {
			// bound after all: the next look-up finds it
			return false;
		}
		if (this.settled.add(instanceKey) && !ended) {
			this.orphans.cancel(instanceKey, process.getBpmnProcessId());
		}
		return true;
	}

	/** Writes one organisation's changes; returns those to try again next time. */
	private List<Change> write(UUID org, List<Change> changes) {
		Set<Long> ended = new HashSet<>();
		Set<String> definitionsWritten = new HashSet<>();
		// an incident's open-incident count is recounted from the rows written before
		// it, so a write with incidents runs its statements one by one, in record order
		boolean inOrder = changes.stream().anyMatch((change) -> change.record().getValueType() == ValueType.INCIDENT);
		try {
			Tenancy.run(TenantContext.system(org), () -> this.transactions.execute((status) -> {
				ProjectionSink sink = inOrder ? new OneByOne(org) : new ProjectionRows(this.batches, org, this.epoch);
				changes.forEach((change) -> apply(sink, org, change, ended, definitionsWritten));
				sink.flush();
				return null;
			}));
			this.attempts.remove(org);
			ended.forEach(this.owners::remove);
			this.storedDefinitions.addAll(definitionsWritten);
			return List.of();
		}
		catch (RuntimeException ex) {
			int failed = this.attempts.merge(org, 1, Integer::sum);
			if (failed < MAX_ATTEMPTS) {
				log.warn("Could not project {} engine records for organisation {}; will retry", changes.size(), org,
						ex);
				return changes;
			}
			this.attempts.remove(org);
			Change skipped = changes.get(0);
			log.error("Skipping engine record at position {} of process instance {} after {} failed attempts",
					skipped.record().getPosition(), skipped.instanceKey(), failed, ex);
			return changes.subList(1, changes.size());
		}
	}

	/**
	 * Whether the change is of a top-level instance of a process the app never starts: no
	 * organisation can come to own it, so its records are not held for a binding (they
	 * were, for two minutes, a few KB each: a benchmark's raw-engine rounds kept a GB of
	 * them on the heap). Instances called by another are held as before, for their
	 * parent's binding.
	 */
	private boolean neverOwned(Change change) {
		Object value = (change.activatedJob() != null) ? change.activatedJob() : change.record().getValue();
		return switch (value) {
			case ProcessInstanceRecordValue instance -> instance.getParentProcessInstanceKey() <= 0
					&& !this.started.startedByTheApp(instance.getBpmnProcessId(), instance.getProcessDefinitionKey());
			case JobRecordValue job ->
				!this.started.startedByTheApp(job.getBpmnProcessId(), job.getProcessDefinitionKey());
			case IncidentRecordValue incident ->
				!this.started.startedByTheApp(incident.getBpmnProcessId(), incident.getProcessDefinitionKey());
			default -> false;
		};
	}

	private Owner ownerOf(Change change) {
		Owner owner = this.owners.get(change.instanceKey());
		if (owner == null && change.record().getValue() instanceof ProcessInstanceRecordValue value
				&& value.getParentProcessInstanceKey() > 0) {
			Owner parent = this.owners.get(value.getParentProcessInstanceKey());
			if (parent != null) {
				owner = parent;
				this.owners.put(change.instanceKey(), parent);
			}
		}
		return owner;
	}

	private void lookUpOwners() {
		// an instance whose binding was not there is asked for again after a pause that
		// doubles each time, not on every read: a burst of unbound instances (started
		// around the app) otherwise cost a look-up of all of them per read of the log
		long now = System.nanoTime();
		List<Long> due = new ArrayList<>();
		this.unbound.forEach((key, waiting) -> {
			if (!this.owners.containsKey(key) && now >= waiting.askAt()) {
				due.add(key);
				waiting.askedAt(now);
			}
		});
		for (int from = 0; from < due.size(); from += LOOKUP_CHUNK) {
			List<Long> chunk = due.subList(from, Math.min(due.size(), from + LOOKUP_CHUNK));
			this.jdbc
				.sql("select process_instance_key, org_id, business_key from process_instance_owner"
						+ " where process_instance_key = any(cast(? as bigint[])) and engine_epoch = ?"
						+ " and org_id is not null")
				.params(chunk.toArray(Long[]::new), this.epoch)
				.query((rs, n) -> this.owners.put(rs.getLong(1), new Owner(rs.getObject(2, UUID.class))))
				.list();
		}
	}

	private void apply(ProjectionSink sink, UUID org, Change change, Set<Long> ended, Set<String> definitionsWritten) {
		Record<?> record = change.record();
		switch (record.getValueType()) {
			case PROCESS_INSTANCE -> applyElement(sink, org, record, (ProcessInstanceRecordValue) record.getValue(),
					ended, definitionsWritten);
			case INCIDENT -> applyIncident(org, record, (IncidentRecordValue) record.getValue());
			case JOB -> applyJob(sink, record, (JobRecordValue) record.getValue());
			case JOB_BATCH -> sink.updateJob(change.jobKey(), "ACTIVATED", change.activatedJob().getRetries(), null,
					record.getTimestamp());
			default -> throw new IllegalStateException("Unexpected " + record.getValueType());
		}
	}

	private void applyElement(ProjectionSink sink, UUID org, Record<?> record, ProcessInstanceRecordValue value,
			Set<Long> ended, Set<String> definitionsWritten) {
		ProcessInstanceIntent intent = (ProcessInstanceIntent) record.getIntent();
		if (value.getBpmnElementType() == BpmnElementType.PROCESS) {
			switch (intent) {
				case ELEMENT_ACTIVATING -> startInstance(sink, org, record, value, definitionsWritten);
				case ELEMENT_COMPLETED -> {
					sink.endInstance(record.getKey(), "COMPLETED", record.getTimestamp());
					ended.add(record.getKey());
				}
				case ELEMENT_TERMINATED -> {
					sink.endInstance(record.getKey(), "TERMINATED", record.getTimestamp());
					ended.add(record.getKey());
				}
				default -> {
				}
			}
			return;
		}
		switch (intent) {
			case ELEMENT_ACTIVATING ->
				sink.startElement(record.getKey(), value, "ACTIVE", record.getPosition(), record.getTimestamp(), null);
			case SEQUENCE_FLOW_TAKEN -> sink.startElement(record.getKey(), value, "TAKEN", record.getPosition(),
					record.getTimestamp(), record.getTimestamp());
			case ELEMENT_COMPLETED -> sink.endElement(record.getKey(), "COMPLETED", record.getTimestamp());
			case ELEMENT_TERMINATED -> sink.endElement(record.getKey(), "TERMINATED", record.getTimestamp());
			default -> {
			}
		}
	}

	private void startInstance(ProjectionSink sink, UUID org, Record<?> record, ProcessInstanceRecordValue value,
			Set<String> definitionsWritten) {
		sink.startInstance(value, record.getTimestamp());
		Definition definition = this.definitions.get(value.getProcessDefinitionKey());
		// the diagram once per organisation, not its XML with every instance
		String stored = org + ":" + value.getProcessDefinitionKey();
		if (definition != null && !this.storedDefinitions.contains(stored) && definitionsWritten.add(stored)) {
			this.jdbc.sql("""
					insert into process_definition (org_id, engine_epoch, process_definition_key, bpmn_process_id,
					    version, resource_name, bpmn_xml)
					values (?, ?, ?, ?, ?, ?, ?)
					on conflict do nothing""")
				.params(org, this.epoch, value.getProcessDefinitionKey(), definition.bpmnProcessId(),
						definition.version(), definition.resourceName(), definition.xml())
				.update();
		}
	}

	/** Incidents are rare: their writes run statement by statement, in record order. */
	private void applyIncident(UUID org, Record<?> record, IncidentRecordValue value) {
		if (record.getIntent() == IncidentIntent.CREATED) {
			run("""
					insert into process_incident (org_id, engine_epoch, incident_key, process_instance_key,
					    bpmn_process_id, element_id, element_instance_key, error_type, error_message, job_key, state,
					    created_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)
					on conflict do nothing""", org, this.epoch, record.getKey(), value.getProcessInstanceKey(),
					value.getBpmnProcessId(), value.getElementId(), value.getElementInstanceKey(),
					value.getErrorType().name(), value.getErrorMessage(),
					(value.getJobKey() > 0) ? value.getJobKey() : null, at(record.getTimestamp()));
		}
		else if (record.getIntent() == IncidentIntent.RESOLVED) {
			run("update process_incident set state = 'RESOLVED', resolved_at = ?"
					+ " where org_id = ? and engine_epoch = ? and incident_key = ?", at(record.getTimestamp()), org,
					this.epoch, record.getKey());
			// resolving a job's incident offers the job again, when it has retries; the
			// engine writes no job record for that
			if (value.getJobKey() > 0) {
				run("""
						update process_job set state = 'CREATED', updated_at = ?
						where org_id = ? and engine_epoch = ? and job_key = ? and state = 'FAILED' and retries > 0""",
						at(record.getTimestamp()), org, this.epoch, value.getJobKey());
			}
		}
		else {
			return;
		}
		run("""
				update process_instance i set open_incidents = (select count(*) from process_incident c
				    where c.org_id = i.org_id and c.engine_epoch = i.engine_epoch
				      and c.process_instance_key = i.process_instance_key and c.state = 'ACTIVE')
				where i.org_id = ? and i.engine_epoch = ? and i.process_instance_key = ?""", org, this.epoch,
				value.getProcessInstanceKey());
	}

	private void applyJob(ProjectionSink sink, Record<?> record, JobRecordValue value) {
		JobIntent intent = (JobIntent) record.getIntent();
		if (intent == JobIntent.CREATED) {
			sink.createJob(record.getKey(), value, record.getTimestamp());
			return;
		}
		String state = switch (intent) {
			case COMPLETED, FAILED, CANCELED, ERROR_THROWN -> intent.name();
			// offered to workers again
			case TIMED_OUT, RECURRED_AFTER_BACKOFF, YIELDED -> "CREATED";
			// retries, timeout or the like changed; the job's state did not
			default -> null;
		};
		sink.updateJob(record.getKey(), state, value.getRetries(), blankToNull(value.getErrorMessage()),
				record.getTimestamp());
	}

	private void run(String sql, Object... params) {
		this.jdbc.sql(sql).params(params).update();
	}

	/**
	 * Each change as its own statement, in record order: for writes with incidents, whose
	 * open-incident count is recounted from the rows written before it.
	 */
	private final class OneByOne implements ProjectionSink {

		private final UUID org;

		OneByOne(UUID org) {
			this.org = org;
		}

		@Override
		public void startInstance(ProcessInstanceRecordValue value, long at) {
			run("""
					insert into process_instance (org_id, engine_epoch, process_instance_key, bpmn_process_id, version,
					    process_definition_key, parent_instance_key, state, started_at)
					values (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)
					on conflict do nothing""", this.org, Projection.this.epoch, value.getProcessInstanceKey(),
					value.getBpmnProcessId(), value.getVersion(), value.getProcessDefinitionKey(),
					(value.getParentProcessInstanceKey() > 0) ? value.getParentProcessInstanceKey() : null, at(at));
		}

		@Override
		public void endInstance(long key, String state, long at) {
			run("update process_instance set state = ?, ended_at = ?"
					+ " where org_id = ? and engine_epoch = ? and process_instance_key = ?", state, at(at), this.org,
					Projection.this.epoch, key);
		}

		@Override
		public void startElement(long key, ProcessInstanceRecordValue value, String state, long position, long at,
				Long endedAt) {
			run("""
					insert into process_element_instance (org_id, engine_epoch, element_instance_key,
					    process_instance_key, element_id, element_type, flow_scope_key, state, position, started_at,
					    ended_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					on conflict do nothing""", this.org, Projection.this.epoch, key, value.getProcessInstanceKey(),
					value.getElementId(), value.getBpmnElementType().name(), value.getFlowScopeKey(), state, position,
					at(at), (endedAt != null) ? at(endedAt) : null);
		}

		@Override
		public void endElement(long key, String state, long at) {
			run("update process_element_instance set state = ?, ended_at = ?"
					+ " where org_id = ? and engine_epoch = ? and element_instance_key = ?", state, at(at), this.org,
					Projection.this.epoch, key);
		}

		@Override
		public void createJob(long key, JobRecordValue value, long at) {
			run("""
					insert into process_job (org_id, engine_epoch, job_key, process_instance_key, element_id,
					    element_instance_key, job_type, retries, state, created_at, updated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, 'CREATED', ?, ?)
					on conflict do nothing""", this.org, Projection.this.epoch, key, value.getProcessInstanceKey(),
					value.getElementId(), value.getElementInstanceKey(), value.getType(), value.getRetries(), at(at),
					at(at));
		}

		@Override
		public void updateJob(long key, String state, int retries, String errorMessage, long at) {
			run("""
					update process_job set state = coalesce(?, state), retries = ?,
					    error_message = coalesce(?, error_message), updated_at = ?
					where org_id = ? and engine_epoch = ? and job_key = ?""", state, retries, errorMessage, at(at),
					this.org, Projection.this.epoch, key);
		}

		@Override
		public void flush() {
		}

	}

	private static OffsetDateTime at(long epochMillis) {
		return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

	/**
	 * One record to project, for one process instance (a job batch is split per job).
	 */
	private record Change(long instanceKey, Record<?> record, long jobKey, JobRecordValue activatedJob) {
	}

	/**
	 * An instance without a known owner: its records in order, since when it has waited,
	 * and when to look its owner up next (the pause doubles after each miss).
	 */
	private static final class Unbound {

		private final List<Change> changes = new ArrayList<>();

		private final long since;

		private long askAt;

		private long pause = FIRST_PAUSE.toNanos();

		Unbound(long since) {
			this.since = since;
			this.askAt = since;
		}

		List<Change> changes() {
			return this.changes;
		}

		long since() {
			return this.since;
		}

		long askAt() {
			return this.askAt;
		}

		void askedAt(long now) {
			this.askAt = now + this.pause;
			this.pause = Math.min(2 * this.pause, LONGEST_PAUSE.toNanos());
		}

	}

	private record Definition(String bpmnProcessId, int version, String resourceName, String xml) {
	}

	/** The organisation that owns an instance. */
	private record Owner(UUID orgId) {
	}

}
