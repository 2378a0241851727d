package com.nexacrm.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ElementInstanceType;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.JobState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.Job;
import io.camunda.client.api.search.response.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.engine.StartedProcesses;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remote mode's projection: polls the Camunda cluster's REST API for the instances bound
 * to organisations in this cluster's epoch and not yet seen to end, and writes what it
 * finds into the same tables the embedded {@link Projection} fills, so the monitor API
 * does not know which mode it runs in.
 * <p>
 * One background thread; each tick handles every organisation with open bindings, one
 * transaction per organisation, written as that organisation. Instances and jobs are
 * searched in batches of keys; element instances and incidents one instance at a time
 * (8.8's filters take one key), so only for an instance whose state, incident flag or
 * jobs changed since its last refresh, or whose last refresh is older than
 * {@link MonitorSettings#remoteRefreshInterval()} (timers and messages change an instance
 * without a job). Whatever fails is logged and tried again on the next tick; one
 * organisation's failure does not stop the others. An instance that ended is polled once
 * more and then no longer.
 * <p>
 * Each tick also settles orphans ({@link Orphans}): the cluster's instances are not all
 * listed here, but the jobs of an instance nobody bound reach the app's workers, which
 * note it ({@code unbound_instance_sighting}); one of a process the app starts that is
 * still unbound {@link MonitorSettings#settleUnboundAfter()} after it was first noted is
 * settled.
 */
@Component
@ConditionalOnExpression("!'${camunda.client.grpc-address:}'.isBlank()")
class RemoteProjection implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RemoteProjection.class);

	/**
	 * A bound instance that the cluster still does not know after this long (its data
	 * removed by the cluster's retention, say) is no longer polled.
	 */
	static final Duration FORGET_UNKNOWN_AFTER = Duration.ofDays(1);

	private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

	/** Orphans settled per tick at most. */
	private static final int SETTLE_BATCH = 100;

	/** How deep call activities are followed. */
	private static final int MAX_CALL_DEPTH = 5;

	private final ClusterSearch cluster;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final String epoch;

	private final MonitorSettings settings;

	private final Orphans orphans;

	private final StartedProcesses started;

	/** Per instance: what it looked like at its last element refresh, and when. */
	private final Map<Long, Seen> seen = new ConcurrentHashMap<>();

	private ScheduledExecutorService thread;

	RemoteProjection(CamundaClient client, JdbcClient jdbc, TransactionTemplate transactions, EngineEpoch epoch,
			MonitorSettings settings, Orphans orphans, StartedProcesses started) {
		this.cluster = new ClusterSearch(client);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.epoch = epoch.value();
		this.settings = settings;
		this.orphans = orphans;
		this.started = started;
	}

	@Override
	public void start() {
		this.thread = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "remote-monitor");
			thread.setDaemon(true);
			return thread;
		});
		this.thread.scheduleWithFixedDelay(this::tick, 0, this.settings.remotePollInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		log.info("Polling the cluster's REST API for process monitoring every {}", this.settings.remotePollInterval());
	}

	@Override
	public void stop() {
		this.thread.shutdownNow();
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

	/** Stops before the client and the database it uses are closed. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	/** One round over every organisation with open bindings. */
	void tick() {
		Map<UUID, List<Bound>> open;
		try {
			open = openBindings();
		}
		catch (RuntimeException ex) {
			log.warn("Could not list the process instances to monitor; will retry", ex);
			return;
		}
		Set<Long> polled = new HashSet<>();
		open.forEach((org, bound) -> {
			try {
				polled.addAll(poll(org, bound));
			}
			catch (RuntimeException ex) {
				polled.addAll(seenUnder(bound));
				log.warn("Could not bring the process monitor of organisation {} up to date; will retry", org, ex);
			}
		});
		this.seen.keySet().retainAll(polled);
		try {
			settleOrphans();
		}
		catch (RuntimeException ex) {
			log.warn("Could not settle the process instances nobody owns; will retry", ex);
		}
	}

	/**
	 * Settles the noted instances that stayed unbound long enough. One of a process the
	 * app never starts is not the app's to cancel: its note is dropped after
	 * {@link #FORGET_UNKNOWN_AFTER}. A note whose instance was bound after all is
	 * dropped.
	 */
	void settleOrphans() {
		List<Sighting> due = this.jdbc.sql("""
				select process_instance_key, bpmn_process_id, process_definition_key,
				       first_seen_at < now() - make_interval(secs => ?) as forgotten
				from unbound_instance_sighting
				where engine_epoch = ? and first_seen_at < now() - make_interval(secs => ?)
				order by first_seen_at limit ?""")
			.params(FORGET_UNKNOWN_AFTER.toSeconds(), this.epoch,
					this.settings.settleUnboundAfter().toMillis() / 1000.0, SETTLE_BATCH)
			.query((rs, n) -> new Sighting(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4)))
			.list();
		for (Sighting sighting : due) {
			if (this.started.startedByTheApp(sighting.bpmnProcessId(), sighting.processDefinitionKey())) {
				if (this.orphans.tombstone(sighting.key(), sighting.bpmnProcessId())) {
					try {
						this.orphans.cancel(sighting.key(), sighting.bpmnProcessId())
							.get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					catch (ExecutionException ex) {
						// refused (logged): the note stays, and the cancel is asked again
						// next tick
						continue;
					}
					catch (TimeoutException ex) {
						// the cluster is not answering: the rest wait for the next tick
						// rather than hold the monitor up to CANCEL_TIMEOUT each
						log.warn("The cluster did not answer the cancel of process instance {} within {}",
								sighting.key(), CANCEL_TIMEOUT);
						return;
					}
				}
			}
			else if (!sighting.forgotten()) {
				continue;
			}
			this.jdbc.sql("delete from unbound_instance_sighting where process_instance_key = ? and engine_epoch = ?")
				.params(sighting.key(), this.epoch)
				.update();
		}
	}

	private Map<UUID, List<Bound>> openBindings() {
		Map<UUID, List<Bound>> open = new LinkedHashMap<>();
		this.jdbc.sql("""
				select org_id, process_instance_key, started_at from process_instance_owner
				where engine_epoch = ? and monitor_ended_at is null and org_id is not null
				order by org_id, process_instance_key""")
			.params(this.epoch)
			.query((rs, n) -> open.computeIfAbsent(rs.getObject(1, UUID.class), (org) -> new ArrayList<>())
				.add(new Bound(rs.getLong(2), rs.getObject(3, OffsetDateTime.class))))
			.list();
		return open;
	}

	/**
	 * The keys this poller remembers under these bound instances (theirs and their
	 * children's): kept when a poll fails, so the next one need not read them all again.
	 */
	private Set<Long> seenUnder(List<Bound> bound) {
		Set<Long> roots = new HashSet<>();
		bound.forEach((instance) -> roots.add(instance.key()));
		Set<Long> keys = new HashSet<>();
		this.seen.forEach((key, seen) -> {
			if (roots.contains(seen.root())) {
				keys.add(key);
			}
		});
		return keys;
	}

	/** Polls and writes one organisation's open instances; returns the keys it polled. */
	private Set<Long> poll(UUID org, List<Bound> bound) {
		Map<Long, Long> rootOf = new HashMap<>();
		bound.forEach((instance) -> rootOf.put(instance.key(), instance.key()));
		Map<Long, ProcessInstance> instances = new LinkedHashMap<>(this.cluster.instances(rootOf.keySet()));
		Set<Long> parents = instances.keySet();
		for (int depth = 0; depth < MAX_CALL_DEPTH && !parents.isEmpty(); depth++) {
			Map<Long, ProcessInstance> children = this.cluster.children(parents);
			children.values().forEach((child) -> {
				rootOf.putIfAbsent(child.getProcessInstanceKey(), rootOf.get(child.getParentProcessInstanceKey()));
			});
			children.keySet().removeAll(instances.keySet());
			instances.putAll(children);
			parents = children.keySet();
		}
		if (instances.isEmpty() && bound.stream().noneMatch(this::forgotten)) {
			return Set.of();
		}

		Known known = known(org, instances);
		Map<Long, List<Job>> jobs = new HashMap<>();
		if (!instances.isEmpty()) {
			this.cluster.jobs(instances.keySet())
				.forEach((job) -> jobs.computeIfAbsent(job.getProcessInstanceKey(), (key) -> new ArrayList<>())
					.add(job));
		}
		long now = System.nanoTime();
		List<Refresh> refreshes = new ArrayList<>();
		for (ProcessInstance instance : instances.values()) {
			long key = instance.getProcessInstanceKey();
			List<Job> own = jobs.getOrDefault(key, List.of());
			int fingerprint = fingerprint(instance, own);
			Seen last = this.seen.get(key);
			boolean stale = last == null || last.fingerprint() != fingerprint
					|| now - last.at() > this.settings.remoteRefreshInterval().toNanos();
			List<ElementInstance> elements = stale ? this.cluster.elements(key) : null;
			boolean incidentsToRead = Boolean.TRUE.equals(instance.getHasIncident())
					|| known.openIncidents().contains(key);
			List<Incident> incidents = (stale && incidentsToRead) ? this.cluster.incidents(key) : null;
			refreshes.add(new Refresh(instance, own, elements, incidents, fingerprint, rootOf.get(key)));
		}
		Map<Long, ClusterSearch.Definition> definitions = new HashMap<>();
		instances.values()
			.stream()
			.map(ProcessInstance::getProcessDefinitionKey)
			.filter(Objects::nonNull)
			.distinct()
			.filter((key) -> !known.definitions().contains(key))
			.forEach((key) -> definitions.put(key, this.cluster.definition(key)));

		Tenancy.run(TenantContext.system(org), () -> this.transactions.execute((status) -> {
			definitions.values().forEach((definition) -> writeDefinition(org, definition));
			refreshes.forEach((refresh) -> write(org, refresh));
			bound.stream()
				.filter((instance) -> !instances.containsKey(instance.key()) && forgotten(instance))
				.forEach((instance) -> {
					log.warn("Process instance {} is unknown to the cluster {} after binding; no longer monitored",
							instance.key(), FORGET_UNKNOWN_AFTER);
					endMonitoring(instance.key());
				});
			return null;
		}));
		Set<Long> polled = new HashSet<>();
		for (Refresh refresh : refreshes) {
			long key = refresh.instance().getProcessInstanceKey();
			polled.add(key);
			if (refresh.elements() != null) {
				this.seen.put(key, new Seen(refresh.fingerprint(), now, refresh.root()));
			}
		}
		return polled;
	}

	private boolean forgotten(Bound instance) {
		return instance.boundAt().toInstant().plus(FORGET_UNKNOWN_AFTER).isBefore(Instant.now());
	}

	/** What the projection already holds for these instances. */
	private Known known(UUID org, Map<Long, ProcessInstance> instances) {
		if (instances.isEmpty()) {
			return new Known(Set.of(), Set.of());
		}
		List<Long> keys = List.copyOf(instances.keySet());
		List<Long> definitionKeys = instances.values()
			.stream()
			.map(ProcessInstance::getProcessDefinitionKey)
			.filter(Objects::nonNull)
			.distinct()
			.toList();
		return Tenancy.run(TenantContext.system(org), () -> this.transactions.execute((status) -> {
			Set<Long> open = new HashSet<>(this.jdbc
				.sql("""
						select distinct process_instance_key from process_incident
						where org_id = ? and engine_epoch = ? and state = 'ACTIVE' and process_instance_key = any(cast(? as bigint[]))""")
				.params(org, this.epoch, keys.toArray(Long[]::new))
				.query(Long.class)
				.list());
			Set<Long> definitions = definitionKeys.isEmpty() ? Set.of() : new HashSet<>(this.jdbc.sql("""
					select process_definition_key from process_definition
					where org_id = ? and engine_epoch = ? and process_definition_key = any(cast(? as bigint[]))""")
				.params(org, this.epoch, definitionKeys.toArray(Long[]::new))
				.query(Long.class)
				.list());
			return new Known(open, definitions);
		}));
	}

	private void writeDefinition(UUID org, ClusterSearch.Definition definition) {
		this.jdbc.sql("""
				insert into process_definition (org_id, engine_epoch, process_definition_key, bpmn_process_id,
				    version, resource_name, bpmn_xml)
				values (?, ?, ?, ?, ?, ?, ?)
				on conflict do nothing""")
			.params(org, this.epoch, definition.key(), definition.bpmnProcessId(), definition.version(),
					Objects.requireNonNullElse(definition.resourceName(), definition.bpmnProcessId() + ".bpmn"),
					definition.xml())
			.update();
	}

	private void write(UUID org, Refresh refresh) {
		ProcessInstance instance = refresh.instance();
		long key = instance.getProcessInstanceKey();
		String state = instanceState(instance.getState());
		Long parent = instance.getParentProcessInstanceKey();
		this.jdbc.sql("""
				insert into process_instance (org_id, engine_epoch, process_instance_key, bpmn_process_id, version,
				    process_definition_key, parent_instance_key, state, started_at, ended_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (org_id, engine_epoch, process_instance_key) do update set state = excluded.state,
				    ended_at = excluded.ended_at, bpmn_process_id = excluded.bpmn_process_id,
				    version = excluded.version, process_definition_key = excluded.process_definition_key""")
			.params(org, this.epoch, key, instance.getProcessDefinitionId(),
					Objects.requireNonNullElse(instance.getProcessDefinitionVersion(), 0),
					instance.getProcessDefinitionKey(), (parent != null && parent > 0) ? parent : null, state,
					orNow(instance.getStartDate()), "ACTIVE".equals(state) ? null : orNow(instance.getEndDate()))
			.update();
		if (refresh.elements() != null) {
			refresh.elements().forEach((element) -> writeElement(org, element));
		}
		refresh.jobs().forEach((job) -> writeJob(org, job));
		if (refresh.incidents() != null) {
			writeIncidents(org, key, refresh.incidents());
		}
		// the instance ended and this refresh read its last state: stop polling it
		if (!"ACTIVE".equals(state) && refresh.elements() != null && key == refresh.root()) {
			endMonitoring(key);
		}
	}

	private void endMonitoring(long key) {
		this.jdbc.sql("""
				update process_instance_owner set monitor_ended_at = now()
				where engine_epoch = ? and process_instance_key = ? and monitor_ended_at is null""")
			.params(this.epoch, key)
			.update();
	}

	private void writeElement(UUID org, ElementInstance element) {
		String state = switch (element.getState()) {
			case ACTIVE, COMPLETED, TERMINATED -> element.getState().name();
			default -> null;
		};
		if (state == null || element.getType() == ElementInstanceType.PROCESS
				|| element.getElementInstanceKey() == null) {
			return;
		}
		ElementInstanceType type = element.getType();
		// keys are handed out in order on the instance's partition: the order it went
		// through the diagram
		this.jdbc.sql("""
				insert into process_element_instance (org_id, engine_epoch, element_instance_key, process_instance_key,
				    element_id, element_type, state, position, started_at, ended_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (org_id, engine_epoch, element_instance_key) do update set state = excluded.state,
				    ended_at = excluded.ended_at""")
			.params(org, this.epoch, element.getElementInstanceKey(), element.getProcessInstanceKey(),
					element.getElementId(),
					(type == null || type == ElementInstanceType.UNKNOWN_ENUM_VALUE) ? "UNSPECIFIED" : type.name(),
					state, element.getElementInstanceKey(), orNow(element.getStartDate()),
					"ACTIVE".equals(state) ? null : orNow(element.getEndDate()))
			.update();
	}

	private void writeJob(UUID org, Job job) {
		String state = jobState(job);
		if (state == null || job.getJobKey() == null) {
			return;
		}
		int retries = Objects.requireNonNullElse(job.getRetries(), 0);
		this.jdbc.sql("""
				insert into process_job (org_id, engine_epoch, job_key, process_instance_key, element_id,
				    element_instance_key, job_type, retries, state, error_message, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), coalesce(cast(? as timestamptz), now()))
				on conflict (org_id, engine_epoch, job_key) do update set retries = excluded.retries,
				    state = excluded.state, error_message = coalesce(excluded.error_message, process_job.error_message),
				    updated_at = case when (process_job.state, process_job.retries) = (excluded.state, excluded.retries)
				                      then process_job.updated_at else excluded.updated_at end""")
			.params(org, this.epoch, job.getJobKey(), job.getProcessInstanceKey(), job.getElementId(),
					job.getElementInstanceKey(), job.getType(), retries, state, blankToNull(job.getErrorMessage()),
					job.getEndTime())
			.update();
	}

	private void writeIncidents(UUID org, long instanceKey, List<Incident> incidents) {
		Set<Long> listed = new HashSet<>();
		for (Incident incident : incidents) {
			if (incident.getIncidentKey() == null) {
				continue;
			}
			listed.add(incident.getIncidentKey());
			boolean open = switch (incident.getState()) {
				case ACTIVE, PENDING -> true;
				default -> false;
			};
			IncidentErrorType errorType = incident.getErrorType();
			Long jobKey = incident.getJobKey();
			this.jdbc.sql("""
					insert into process_incident (org_id, engine_epoch, incident_key, process_instance_key,
					    bpmn_process_id, element_id, element_instance_key, error_type, error_message, job_key, state,
					    created_at, resolved_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, case when ? then null else now() end)
					on conflict (org_id, engine_epoch, incident_key) do update set state = excluded.state,
					    error_message = excluded.error_message,
					    resolved_at = case when excluded.state = 'ACTIVE' then null
					                       else coalesce(process_incident.resolved_at, now()) end""")
				.params(org, this.epoch, incident.getIncidentKey(), instanceKey, incident.getProcessDefinitionId(),
						incident.getElementId(), Objects.requireNonNullElse(incident.getElementInstanceKey(), 0L),
						(errorType == null || errorType == IncidentErrorType.UNKNOWN_ENUM_VALUE) ? "UNKNOWN"
								: errorType.name(),
						incident.getErrorMessage(), (jobKey != null && jobKey > 0) ? jobKey : null,
						open ? "ACTIVE" : "RESOLVED", orNow(incident.getCreationTime()), open)
				.update();
		}
		// an incident the cluster no longer lists is not open any more
		this.jdbc.sql("""
				update process_incident set state = 'RESOLVED', resolved_at = now()
				where org_id = ? and engine_epoch = ? and process_instance_key = ? and state = 'ACTIVE'
				  and not (incident_key = any(cast(? as bigint[])))""")
			.params(org, this.epoch, instanceKey, listed.toArray(Long[]::new))
			.update();
		this.jdbc.sql("""
				update process_instance i set open_incidents = (select count(*) from process_incident c
				    where c.org_id = i.org_id and c.engine_epoch = i.engine_epoch
				      and c.process_instance_key = i.process_instance_key and c.state = 'ACTIVE')
				where i.org_id = ? and i.engine_epoch = ? and i.process_instance_key = ?""")
			.params(org, this.epoch, instanceKey)
			.update();
	}

	/**
	 * The embedded projection's job states: the cluster has no "activated" state, so a
	 * job with a worker and a deadline still ahead is taken to be activated.
	 */
	static String jobState(Job job) {
		JobState state = job.getState();
		if (state == null) {
			return null;
		}
		return switch (state) {
			case COMPLETED, FAILED, CANCELED, ERROR_THROWN -> state.name();
			case CREATED, TIMED_OUT, MIGRATED, RETRIES_UPDATED -> {
				if (state == JobState.RETRIES_UPDATED && Objects.requireNonNullElse(job.getRetries(), 0) == 0) {
					yield "FAILED";
				}
				boolean activated = job.getWorker() != null && !job.getWorker().isBlank() && job.getDeadline() != null
						&& job.getDeadline().isAfter(OffsetDateTime.now());
				yield activated ? "ACTIVATED" : "CREATED";
			}
			default -> null;
		};
	}

	private static String instanceState(ProcessInstanceState state) {
		return switch (state) {
			case COMPLETED -> "COMPLETED";
			case TERMINATED -> "TERMINATED";
			case null, default -> "ACTIVE";
		};
	}

	/**
	 * Changes whenever the instance's state, incident flag or any of its jobs change: a
	 * cheap sign that its elements changed too.
	 */
	private static int fingerprint(ProcessInstance instance, List<Job> jobs) {
		int hash = Objects.hash(instance.getState(), instance.getHasIncident(), instance.getEndDate(),
				instance.getProcessDefinitionKey());
		for (Job job : jobs) {
			hash = 31 * hash + Objects.hash(job.getJobKey(), job.getState(), job.getRetries(), job.getWorker());
		}
		return hash;
	}

	private static OffsetDateTime orNow(OffsetDateTime at) {
		return (at != null) ? at : OffsetDateTime.now(ZoneOffset.UTC);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

	/** An instance whose job found no owner, noted by the workers. */
	private record Sighting(long key, String bpmnProcessId, long processDefinitionKey, boolean forgotten) {
	}

	/** A binding to poll: the instance key and when it was bound. */
	private record Bound(long key, OffsetDateTime boundAt) {
	}

	/** Instances with open incidents in the projection, and definitions it holds. */
	private record Known(Set<Long> openIncidents, Set<Long> definitions) {
	}

	/** One instance's state to write; elements and incidents are null when not read. */
	private record Refresh(ProcessInstance instance, List<Job> jobs, List<ElementInstance> elements,
			List<Incident> incidents, int fingerprint, long root) {
	}

	private record Seen(int fingerprint, long at, long root) {
	}

}
