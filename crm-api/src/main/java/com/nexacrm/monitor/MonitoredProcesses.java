package com.nexacrm.monitor;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.automation.EngineProcessIds;
import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The current organisation's view of its process instances, as projected from the
 * engine's records, in the current engine epoch (keys of an earlier embedded engine are
 * reused by the next one and are not served).
 */
@Repository
class MonitoredProcesses {

	private final JdbcClient jdbc;

	private final String epoch;

	MonitoredProcesses(JdbcClient jdbc, EngineEpoch epoch) {
		this.jdbc = jdbc;
		this.epoch = epoch.value();
	}

	/** Newest first; every filter is optional. */
	Page<Instance> instances(InstanceFilter filter, int limit, String cursor) {
		List<String> where = new ArrayList<>(List.of("i.org_id = ?", "i.engine_epoch = ?"));
		List<Object> params = new ArrayList<>(List.of(Tenancy.orgId(), this.epoch));
		if (filter.bpmnProcessId() != null) {
			where.add("i.bpmn_process_id in (?, ?)");
			params.add(filter.bpmnProcessId());
			params.add(ownVersionId(filter.bpmnProcessId()));
		}
		if (filter.state() != null) {
			where.add("i.state = ?");
			params.add(filter.state());
		}
		if (filter.hasIncident() != null) {
			where.add(filter.hasIncident() ? "i.open_incidents > 0" : "i.open_incidents = 0");
		}
		if (filter.businessKey() != null) {
			where.add("o.business_key = ?");
			params.add(filter.businessKey());
		}
		if (filter.recordId() != null) {
			where.add("split_part(o.business_key, ':', 2) = ?");
			params.add(filter.recordId().toString());
		}
		if (cursor != null) {
			Position after = Position.decode(cursor);
			where.add("(i.started_at, i.process_instance_key) < (?, ?)");
			params.add(after.at());
			params.add(after.key());
		}
		params.add(limit + 1);
		List<Instance> rows = this.jdbc
			.sql(INSTANCE + " where " + String.join(" and ", where)
					+ " order by i.started_at desc, i.process_instance_key desc limit ?")
			.params(params)
			.query((rs, n) -> instance(rs))
			.list();
		return Page.of(rows, limit, (last) -> new Position(last.startedAt(), Long.parseLong(last.key())));
	}

	Optional<Instance> instance(long key) {
		return this.jdbc.sql(INSTANCE + " where i.org_id = ? and i.engine_epoch = ? and i.process_instance_key = ?")
			.params(Tenancy.orgId(), this.epoch, key)
			.query((rs, n) -> instance(rs))
			.optional();
	}

	/** Every element instance and taken sequence flow, in the order they were entered. */
	List<Element> path(long key) {
		return this.jdbc.sql("""
				select element_instance_key, element_id, element_type, state, started_at, ended_at
				from process_element_instance where org_id = ? and engine_epoch = ? and process_instance_key = ?
				order by position""")
			.params(Tenancy.orgId(), this.epoch, key)
			.query((rs, n) -> new Element(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3),
					rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)))
			.list();
	}

	List<Incident> incidentsOf(long key) {
		return this.jdbc
			.sql(INCIDENT + " where org_id = ? and engine_epoch = ? and process_instance_key = ?"
					+ " order by created_at, incident_key")
			.params(Tenancy.orgId(), this.epoch, key)
			.query((rs, n) -> incident(rs))
			.list();
	}

	Optional<Incident> incident(long instanceKey, long incidentKey) {
		return this.jdbc
			.sql(INCIDENT + " where org_id = ? and engine_epoch = ? and incident_key = ? and process_instance_key = ?")
			.params(Tenancy.orgId(), this.epoch, incidentKey, instanceKey)
			.query((rs, n) -> incident(rs))
			.optional();
	}

	/** Open incidents, newest first. */
	Page<Incident> openIncidents(String bpmnProcessId, String errorType, String elementId, int limit, String cursor) {
		List<String> where = new ArrayList<>(List.of("org_id = ?", "engine_epoch = ?", "state = 'ACTIVE'"));
		List<Object> params = new ArrayList<>(List.of(Tenancy.orgId(), this.epoch));
		if (bpmnProcessId != null) {
			where.add("bpmn_process_id in (?, ?)");
			params.add(bpmnProcessId);
			params.add(ownVersionId(bpmnProcessId));
		}
		if (errorType != null) {
			where.add("error_type = ?");
			params.add(errorType);
		}
		if (elementId != null) {
			where.add("element_id = ?");
			params.add(elementId);
		}
		if (cursor != null) {
			Position after = Position.decode(cursor);
			where.add("(created_at, incident_key) < (?, ?)");
			params.add(after.at());
			params.add(after.key());
		}
		params.add(limit + 1);
		List<Incident> rows = this.jdbc
			.sql(INCIDENT + " where " + String.join(" and ", where) + " order by created_at desc, incident_key desc"
					+ " limit ?")
			.params(params)
			.query((rs, n) -> incident(rs))
			.list();
		return Page.of(rows, limit, (last) -> new Position(last.createdAt(), Long.parseLong(last.key())));
	}

	List<Job> jobsOf(long key) {
		return this.jdbc.sql("""
				select job_key, job_type, element_id, element_instance_key, retries, state, error_message, updated_at
				from process_job where org_id = ? and engine_epoch = ? and process_instance_key = ?
				order by created_at, job_key""")
			.params(Tenancy.orgId(), this.epoch, key)
			.query((rs, n) -> new Job(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3),
					Long.toString(rs.getLong(4)), rs.getInt(5), rs.getString(6), rs.getString(7),
					rs.getObject(8, OffsetDateTime.class)))
			.list();
	}

	/** The keys of the element's instances that are active now (as far as projected). */
	List<Long> activeInstancesOf(long key, String elementId) {
		return this.jdbc
			.sql("""
					select element_instance_key from process_element_instance
					where org_id = ? and engine_epoch = ? and process_instance_key = ? and element_id = ? and state = 'ACTIVE'
					order by position""")
			.params(Tenancy.orgId(), this.epoch, key, elementId)
			.query(Long.class)
			.list();
	}

	/** The BPMN XML of the definition the instance runs. */
	Optional<String> diagram(long key) {
		return this.jdbc.sql("""
				select d.bpmn_xml from process_instance i
				join process_definition d on d.org_id = i.org_id and d.engine_epoch = i.engine_epoch
				    and d.process_definition_key = i.process_definition_key
				where i.org_id = ? and i.engine_epoch = ? and i.process_instance_key = ?""")
			.params(Tenancy.orgId(), this.epoch, key)
			.query(String.class)
			.optional();
	}

	/** A stable id for the audit log, which identifies entities by UUID. */
	UUID auditId(long key) {
		return UUID.nameUUIDFromBytes((this.epoch + "/" + key).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The business key comes from the binding, where it can change (a lead's instance
	 * follows its deal); the join is on the instance's own organisation's rows only.
	 */
	private static final String INSTANCE = """
			select i.process_instance_key, i.bpmn_process_id, i.version, i.process_definition_key,
			       i.parent_instance_key, i.state, i.open_incidents, o.business_key, i.started_at, i.ended_at
			from process_instance i
			left join process_instance_owner o on o.engine_epoch = i.engine_epoch
			    and o.process_instance_key = i.process_instance_key and o.org_id = i.org_id""";

	private static final String INCIDENT = """
			select incident_key, process_instance_key, bpmn_process_id, element_id, element_instance_key, error_type,
			       error_message, job_key, state, created_at, resolved_at from process_incident""";

	private static Instance instance(ResultSet rs) throws SQLException {
		long parent = rs.getLong(5);
		String parentKey = (rs.wasNull() || parent == 0) ? null : Long.toString(parent);
		return new Instance(Long.toString(rs.getLong(1)), rs.getString(2), rs.getInt(3), Long.toString(rs.getLong(4)),
				parentKey, rs.getString(6), rs.getInt(7) > 0, rs.getInt(7), rs.getString(8),
				recordIdOf(rs.getString(8)), rs.getObject(9, OffsetDateTime.class),
				rs.getObject(10, OffsetDateTime.class));
	}

	/** The record's id when the business key reads {@code <type>:<uuid>}. */
	private static UUID recordIdOf(String businessKey) {
		if (businessKey == null) {
			return null;
		}
		try {
			return UUID.fromString(businessKey.substring(businessKey.indexOf(':') + 1));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Incident incident(ResultSet rs) throws SQLException {
		long job = rs.getLong(8);
		String jobKey = rs.wasNull() ? null : Long.toString(job);
		return new Incident(Long.toString(rs.getLong(1)), Long.toString(rs.getLong(2)), rs.getString(3),
				rs.getString(4), Long.toString(rs.getLong(5)), rs.getString(6), rs.getString(7), jobKey,
				rs.getString(9), rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class));
	}

	/**
	 * A process filter names the shipped id; the organisation's own version of that
	 * process runs under another engine id, and belongs in the same list.
	 */
	private static String ownVersionId(String bpmnProcessId) {
		return EngineProcessIds.of(Tenancy.orgId(), bpmnProcessId);
	}

	/** Filters of the instance list. */
	record InstanceFilter(String bpmnProcessId, String state, Boolean hasIncident, String businessKey, UUID recordId) {
	}

	/**
	 * A process instance. Keys are strings: the engine's 64-bit keys do not survive a
	 * JavaScript number.
	 */
	record Instance(String key, String bpmnProcessId, int version, String processDefinitionKey,
			String parentInstanceKey, String state, boolean hasIncident, int openIncidents, String businessKey,
			UUID recordId, OffsetDateTime startedAt, OffsetDateTime endedAt) {
	}

	/** An element instance (or a taken sequence flow, state {@code TAKEN}). */
	record Element(String key, String elementId, String elementType, String state, OffsetDateTime startedAt,
			OffsetDateTime endedAt) {
	}

	record Incident(String key, String processInstanceKey, String bpmnProcessId, String elementId,
			String elementInstanceKey, String errorType, String errorMessage, String jobKey, String state,
			OffsetDateTime createdAt, OffsetDateTime resolvedAt) {
	}

	record Job(String key, String type, String elementId, String elementInstanceKey, int retries, String state,
			String errorMessage, OffsetDateTime updatedAt) {
	}

	/** A page and the cursor of the next one ({@code null} on the last page). */
	record Page<T>(List<T> items, String nextCursor) {

		static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, Position> position) {
			if (rows.size() <= limit) {
				return new Page<>(rows, null);
			}
			List<T> items = rows.subList(0, limit);
			return new Page<>(items, position.apply(items.get(limit - 1)).encode());
		}

	}

	/** The keyset of the last row of a page: its time and key. */
	record Position(OffsetDateTime at, long key) {

		String encode() {
			String text = this.at.toInstant() + "|" + this.key;
			return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
		}

		static Position decode(String cursor) {
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int bar = text.indexOf('|');
				return new Position(OffsetDateTime.ofInstant(java.time.Instant.parse(text.substring(0, bar)),
						java.time.ZoneOffset.UTC), Long.parseLong(text.substring(bar + 1)));
			}
			catch (RuntimeException ex) {
				throw new ApiProblem(ProblemType.VALIDATION,
						"The cursor is not valid; start again from the first page");
			}
		}

	}

}
