package com.nexacrm.audit;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Appends to the audit log inside the caller's transaction, so a change and its audit
 * entry are committed or rolled back together.
 */
@Repository
public class AuditLog {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final ApplicationEventPublisher events;

	AuditLog(JdbcClient jdbc, ObjectMapper json, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.json = json;
		this.events = events;
	}

	/**
	 * Records a change.
	 * @param changes field name to {@code {"from": …, "to": …}} (or the new values of a
	 * creation)
	 */
	public void record(String entity, UUID entityId, String action, Map<String, ?> changes) {
		TenantContext actor = Tenancy.current();
		this.jdbc
			.sql("""
					insert into audit_log (org_id, audit_id, actor_user_id, actor_key_id, entity, entity_id, action, changes)
					values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
			.params(actor.orgId(), UUID.randomUUID(), actor.userId(), actor.apiKeyId(), entity, entityId, action,
					write(changes))
			.update();
		this.events.publishEvent(new AuditRecorded(actor.orgId(), entity, entityId, action));
	}

	public List<Entry> of(String entity, UUID entityId, int limit) {
		return this.jdbc.sql("""
				select occurred_at, actor_user_id, actor_key_id, action, changes::text from audit_log
				where org_id = ? and entity = ? and entity_id = ? order by occurred_at desc limit ?""")
			.params(Tenancy.orgId(), entity, entityId, limit)
			.query((rs, n) -> new Entry(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, UUID.class),
					rs.getObject(3, UUID.class), rs.getString(4), read(rs.getString(5))))
			.list();
	}

	private String write(Map<String, ?> changes) {
		try {
			return this.json.writeValueAsString(changes);
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

	/** One audit entry. */
	public record Entry(OffsetDateTime at, UUID actorUserId, UUID actorKeyId, String action,
			Map<String, Object> changes) {
	}

}
