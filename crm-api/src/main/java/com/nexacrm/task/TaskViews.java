package com.nexacrm.task;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.record.Ids;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Saved inbox views, shared by everyone in the organisation. */
@Repository
class TaskViews {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	TaskViews(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	List<TaskView> list() {
		return this.jdbc.sql(SELECT + " where org_id = ? order by lower(name), view_id")
			.param(Tenancy.orgId())
			.query((rs, n) -> map(rs))
			.list();
	}

	Optional<TaskView> find(UUID viewId) {
		return this.jdbc.sql(SELECT + " where org_id = ? and view_id = ?")
			.params(Tenancy.orgId(), viewId)
			.query((rs, n) -> map(rs))
			.optional();
	}

	UUID create(String name, TaskFilter filter) {
		UUID id = Ids.next();
		this.jdbc
			.sql("""
					insert into task_view (org_id, view_id, name, filter, created_by) values (?, ?, ?, cast(? as jsonb), ?)""")
			.params(Tenancy.orgId(), id, name, write(filter), Tenancy.current().userId())
			.update();
		return id;
	}

	int update(UUID viewId, String name, TaskFilter filter, Integer expectedVersion) {
		return this.jdbc.sql("""
				update task_view set name = ?, filter = cast(? as jsonb), version = version + 1, updated_at = now()
				where org_id = ? and view_id = ? and (cast(? as int) is null or version = ?)""")
			.params(name, write(filter), Tenancy.orgId(), viewId, expectedVersion, expectedVersion)
			.update();
	}

	int delete(UUID viewId) {
		return this.jdbc.sql("delete from task_view where org_id = ? and view_id = ?")
			.params(Tenancy.orgId(), viewId)
			.update();
	}

	private static final String SELECT = """
			select view_id, name, filter::text, created_by, version, created_at, updated_at from task_view""";

	private TaskView map(java.sql.ResultSet rs) throws java.sql.SQLException {
		try {
			return new TaskView(rs.getObject(1, UUID.class), rs.getString(2),
					this.json.readValue(rs.getString(3), TaskFilter.class), rs.getObject(4, UUID.class), rs.getInt(5),
					rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored view " + rs.getObject(1) + " has an unreadable filter", ex);
		}
	}

	private String write(TaskFilter filter) {
		try {
			return this.json.writeValueAsString(filter);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A saved view: a named inbox filter. */
	record TaskView(UUID id, String name, TaskFilter filter, UUID createdBy, int version, OffsetDateTime createdAt,
			OffsetDateTime updatedAt) {
	}

}
