package com.nexacrm.record;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The per-record timeline: calls, meetings, emails, notes, stage changes and system
 * events.
 */
@Repository
public class Activities {

	public enum Kind {

		CALL, MEETING, EMAIL, NOTE, STAGE_CHANGE, SYSTEM

	}

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	Activities(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public Activity add(RecordType type, UUID recordId, Kind kind, String subject, String body, Map<String, ?> data,
			OffsetDateTime occurredAt) {
		UUID id = Ids.next();
		Activity added = this.jdbc.sql("""
				insert into activity (org_id, activity_id, record_type, record_id, kind, subject, body, data, actor_id,
				                      occurred_at)
				values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, coalesce(?, now()))
				returning activity_id, kind, subject, body, data::text, actor_id, occurred_at""")
			.params(Tenancy.orgId(), id, type.key(), recordId, kind.name(), subject, body, write(data),
					Tenancy.current().userId(), occurredAt)
			.query((rs, n) -> map(rs))
			.single();
		if (type == RecordType.DEAL) {
			this.jdbc.sql("update deal set last_activity_at = now() where org_id = ? and deal_id = ?")
				.params(Tenancy.orgId(), recordId)
				.update();
		}
		return added;
	}

	private Activity map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Activity(rs.getObject(1, UUID.class), Kind.valueOf(rs.getString(2)), rs.getString(3),
				rs.getString(4), read(rs.getString(5)), rs.getObject(6, UUID.class),
				rs.getObject(7, OffsetDateTime.class));
	}

	/**
	 * Newest first; {@code before} continues after the last activity of the previous
	 * page.
	 */
	public List<Activity> list(RecordType type, UUID recordId, int limit, UUID before) {
		List<Object> params = new ArrayList<>(List.of(Tenancy.orgId(), type.key(), recordId));
		String continuation = "";
		if (before != null) {
			continuation = " and (occurred_at, activity_id) < (select occurred_at, activity_id from activity"
					+ " where org_id = ? and activity_id = ?)";
			params.add(Tenancy.orgId());
			params.add(before);
		}
		params.add(limit);
		return this.jdbc
			.sql("""
					select activity_id, kind, subject, body, data::text, actor_id, occurred_at from activity
					where org_id = ? and record_type = ? and record_id = ?""" + continuation
					+ " order by occurred_at desc, activity_id desc limit ?")
			.params(params)
			.query((rs, n) -> map(rs))
			.list();
	}

	/** Moves every activity of one record to another (merging keeps both timelines). */
	public int reassign(RecordType type, UUID from, UUID to) {
		return this.jdbc.sql("update activity set record_id = ? where org_id = ? and record_type = ? and record_id = ?")
			.params(to, Tenancy.orgId(), type.key(), from)
			.update();
	}

	private String write(Map<String, ?> data) {
		try {
			return this.json.writeValueAsString((data != null) ? data : Map.of());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Map<String, Object> read(String text) {
		try {
			return this.json.readValue(text, Map.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One timeline entry. */
	public record Activity(UUID id, Kind kind, String subject, String body, Map<String, Object> data, UUID actorId,
			OffsetDateTime occurredAt) {
	}

}
