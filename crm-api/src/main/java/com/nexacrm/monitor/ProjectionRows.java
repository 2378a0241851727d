package com.nexacrm.monitor;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One organisation's changes of a write, folded per row and written with one statement
 * per table over arrays ({@code unnest}). An element, job or instance that starts and
 * moves on within the same read of the log (most of them: a lead's routing and scoring
 * take a few milliseconds) is inserted once, in its last state, instead of inserted and
 * then updated; rows written by an earlier read get one update each.
 * <p>
 * Before, each change was a statement of a JDBC batch, which PostgreSQL still executes
 * one by one: about 23 of the 75 statements it ran per lead in the automation benchmark.
 */
final class ProjectionRows implements ProjectionSink {

	private static final String MILLIS = "timestamptz 'epoch' + %s * interval '1 millisecond'";

	private final JdbcTemplate jdbc;

	private final UUID org;

	private final String epoch;

	private final Map<Long, InstanceRow> instances = new LinkedHashMap<>();

	private final Map<Long, ElementRow> elements = new LinkedHashMap<>();

	private final Map<Long, JobRow> jobs = new LinkedHashMap<>();

	ProjectionRows(JdbcTemplate jdbc, UUID org, String epoch) {
		this.jdbc = jdbc;
		this.org = org;
		this.epoch = epoch;
	}

	@Override
	public void startInstance(ProcessInstanceRecordValue value, long at) {
		InstanceRow row = this.instances.computeIfAbsent(value.getProcessInstanceKey(), (key) -> new InstanceRow());
		row.start = value;
		row.startedAt = at;
		row.state = "ACTIVE";
	}

	@Override
	public void endInstance(long key, String state, long at) {
		InstanceRow row = this.instances.computeIfAbsent(key, (k) -> new InstanceRow());
		row.state = state;
		row.endedAt = at;
	}

	@Override
	public void startElement(long key, ProcessInstanceRecordValue value, String state, long position, long at,
			Long endedAt) {
		ElementRow row = this.elements.computeIfAbsent(key, (k) -> new ElementRow());
		row.start = value;
		row.position = position;
		row.startedAt = at;
		row.state = state;
		row.endedAt = endedAt;
	}

	@Override
	public void endElement(long key, String state, long at) {
		ElementRow row = this.elements.computeIfAbsent(key, (k) -> new ElementRow());
		row.state = state;
		row.endedAt = at;
	}

	@Override
	public void createJob(long key, JobRecordValue value, long at) {
		JobRow row = this.jobs.computeIfAbsent(key, (k) -> new JobRow());
		row.created = value;
		row.createdAt = at;
		row.state = "CREATED";
		row.retries = value.getRetries();
		row.updatedAt = at;
	}

	@Override
	public void updateJob(long key, String state, int retries, String errorMessage, long at) {
		JobRow row = this.jobs.computeIfAbsent(key, (k) -> new JobRow());
		if (state != null) {
			row.state = state;
		}
		if (errorMessage != null) {
			row.errorMessage = errorMessage;
		}
		row.retries = retries;
		row.updatedAt = at;
	}

	@Override
	public void flush() {
		insertInstances();
		insertElements();
		insertJobs();
		updateInstances();
		updateElements();
		updateJobs();
	}

	private void insertInstances() {
		List<Map.Entry<Long, InstanceRow>> rows = rows(this.instances, (row) -> row.start != null);
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.update(
				"""
						insert into process_instance (org_id, engine_epoch, process_instance_key, bpmn_process_id, version,
						    process_definition_key, parent_instance_key, state, started_at, ended_at)
						select ?, ?, u.k, u.process, u.version, u.definition, u.parent, u.state, %s, %s
						from unnest(?::bigint[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[],
						    ?::bigint[]) as u(k, process, version, definition, parent, state, started, ended)
						on conflict (org_id, process_instance_key, engine_epoch)
						do update set state = excluded.state, ended_at = excluded.ended_at"""
					.formatted(MILLIS.formatted("u.started"), MILLIS.formatted("u.ended")),
				this.org, this.epoch, column(rows, (e) -> e.getKey(), Long[]::new),
				column(rows, (e) -> e.getValue().start.getBpmnProcessId(), String[]::new),
				column(rows, (e) -> e.getValue().start.getVersion(), Integer[]::new),
				column(rows, (e) -> e.getValue().start.getProcessDefinitionKey(), Long[]::new),
				column(rows, (e) -> parent(e.getValue().start), Long[]::new),
				column(rows, (e) -> e.getValue().state, String[]::new),
				column(rows, (e) -> e.getValue().startedAt, Long[]::new),
				column(rows, (e) -> e.getValue().endedAt, Long[]::new));
	}

	private void updateInstances() {
		List<Object[]> updates = new ArrayList<>();
		this.instances.forEach((key, row) -> {
			if (row.start == null) {
				updates.add(new Object[] { row.state, at(row.endedAt), this.org, this.epoch, key });
			}
		});
		batch("update process_instance set state = ?, ended_at = ?"
				+ " where org_id = ? and engine_epoch = ? and process_instance_key = ?", updates);
	}

	private void insertElements() {
		List<Map.Entry<Long, ElementRow>> rows = rows(this.elements, (row) -> row.start != null);
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.update(
				"""
						insert into process_element_instance (org_id, engine_epoch, element_instance_key,
						    process_instance_key, element_id, element_type, flow_scope_key, state, position, started_at,
						    ended_at)
						select ?, ?, u.k, u.instance, u.element, u.type, u.scope, u.state, u.position, %s, %s
						from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::bigint[],
						    ?::bigint[], ?::bigint[]) as u(k, instance, element, type, scope, state, position, started, ended)
						on conflict (org_id, element_instance_key, engine_epoch)
						do update set state = excluded.state, ended_at = excluded.ended_at"""
					.formatted(MILLIS.formatted("u.started"), MILLIS.formatted("u.ended")),
				this.org, this.epoch, column(rows, (e) -> e.getKey(), Long[]::new),
				column(rows, (e) -> e.getValue().start.getProcessInstanceKey(), Long[]::new),
				column(rows, (e) -> e.getValue().start.getElementId(), String[]::new),
				column(rows, (e) -> e.getValue().start.getBpmnElementType().name(), String[]::new),
				column(rows, (e) -> e.getValue().start.getFlowScopeKey(), Long[]::new),
				column(rows, (e) -> e.getValue().state, String[]::new),
				column(rows, (e) -> e.getValue().position, Long[]::new),
				column(rows, (e) -> e.getValue().startedAt, Long[]::new),
				column(rows, (e) -> e.getValue().endedAt, Long[]::new));
	}

	private void updateElements() {
		List<Object[]> updates = new ArrayList<>();
		this.elements.forEach((key, row) -> {
			if (row.start == null) {
				updates.add(new Object[] { row.state, at(row.endedAt), this.org, this.epoch, key });
			}
		});
		batch("update process_element_instance set state = ?, ended_at = ?"
				+ " where org_id = ? and engine_epoch = ? and element_instance_key = ?", updates);
	}

	private void insertJobs() {
		List<Map.Entry<Long, JobRow>> rows = rows(this.jobs, (row) -> row.created != null);
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.update(
				"""
						insert into process_job (org_id, engine_epoch, job_key, process_instance_key, element_id,
						    element_instance_key, job_type, retries, state, error_message, created_at, updated_at)
						select ?, ?, u.k, u.instance, u.element, u.element_instance, u.type, u.retries, u.state, u.error,
						    %s, %s
						from unnest(?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::int[], ?::text[],
						    ?::text[], ?::bigint[], ?::bigint[])
						    as u(k, instance, element, element_instance, type, retries, state, error, created, updated)
						on conflict (org_id, job_key, engine_epoch)
						do update set state = excluded.state, retries = excluded.retries,
						    error_message = coalesce(excluded.error_message, process_job.error_message),
						    updated_at = excluded.updated_at"""
					.formatted(MILLIS.formatted("u.created"), MILLIS.formatted("u.updated")),
				this.org, this.epoch, column(rows, (e) -> e.getKey(), Long[]::new),
				column(rows, (e) -> e.getValue().created.getProcessInstanceKey(), Long[]::new),
				column(rows, (e) -> e.getValue().created.getElementId(), String[]::new),
				column(rows, (e) -> e.getValue().created.getElementInstanceKey(), Long[]::new),
				column(rows, (e) -> e.getValue().created.getType(), String[]::new),
				column(rows, (e) -> e.getValue().retries, Integer[]::new),
				column(rows, (e) -> e.getValue().state, String[]::new),
				column(rows, (e) -> e.getValue().errorMessage, String[]::new),
				column(rows, (e) -> e.getValue().createdAt, Long[]::new),
				column(rows, (e) -> e.getValue().updatedAt, Long[]::new));
	}

	private void updateJobs() {
		List<Object[]> updates = new ArrayList<>();
		this.jobs.forEach((key, row) -> {
			if (row.created == null) {
				updates.add(new Object[] { row.state, row.retries, row.errorMessage, at(row.updatedAt), this.org,
						this.epoch, key });
			}
		});
		batch("""
				update process_job set state = coalesce(?, state), retries = ?,
				    error_message = coalesce(?, error_message), updated_at = ?
				where org_id = ? and engine_epoch = ? and job_key = ?""", updates);
	}

	/**
	 * Rows written before get one statement each, by primary key, in one JDBC batch: a
	 * join of a key list to the table was planned on another index for an engine epoch
	 * the statistics have not seen (see {@code ProjectionKeyPlansIntegrationTest}).
	 */
	private void batch(String sql, List<Object[]> rows) {
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(sql, rows);
		}
	}

	private static OffsetDateTime at(Long epochMillis) {
		return (epochMillis != null) ? OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC)
				: null;
	}

	private static <R> List<Map.Entry<Long, R>> rows(Map<Long, R> all, java.util.function.Predicate<R> which) {
		List<Map.Entry<Long, R>> rows = new ArrayList<>();
		for (Map.Entry<Long, R> entry : all.entrySet()) {
			if (which.test(entry.getValue())) {
				rows.add(entry);
			}
		}
		return rows;
	}

	private static <R, T> T[] column(List<Map.Entry<Long, R>> rows, Function<Map.Entry<Long, R>, T> value,
			java.util.function.IntFunction<T[]> array) {
		T[] column = array.apply(rows.size());
		for (int i = 0; i < column.length; i++) {
			column[i] = value.apply(rows.get(i));
		}
		return column;
	}

	private static Long parent(ProcessInstanceRecordValue value) {
		return (value.getParentProcessInstanceKey() > 0) ? value.getParentProcessInstanceKey() : null;
	}

	private static final class InstanceRow {

		ProcessInstanceRecordValue start;

		long startedAt;

		String state;

		Long endedAt;

	}

	private static final class ElementRow {

		ProcessInstanceRecordValue start;

		long position;

		long startedAt;

		String state;

		Long endedAt;

	}

	private static final class JobRow {

		JobRecordValue created;

		long createdAt;

		String state;

		int retries;

		String errorMessage;

		long updatedAt;

	}

}
