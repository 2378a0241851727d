package com.nexacrm.task;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.record.Ids;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The current organisation's tasks. */
@Repository
public class Tasks {

	private final JdbcClient jdbc;

	Tasks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public UUID create(String title, String description, OffsetDateTime dueAt, UUID assigneeId, String priority,
			String recordType, UUID recordId) {
		UUID id = Ids.next();
		this.jdbc.sql("""
				insert into task (org_id, task_id, title, description, due_at, assignee_id, priority, record_type,
				                  record_id, created_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Tenancy.orgId(), id, title, description, dueAt, assigneeId, priority, recordType, recordId,
					Tenancy.current().userId())
			.update();
		return id;
	}

	public Optional<Task> find(UUID taskId) {
		return this.jdbc.sql(SELECT + " where org_id = ? and task_id = ?")
			.params(Tenancy.orgId(), taskId)
			.query((rs, n) -> map(rs))
			.optional();
	}

	/** Open tasks first by due date; filters are optional. */
	public List<Task> list(UUID assigneeId, boolean unassigned, String status, boolean overdue, String recordType,
			UUID recordId, int limit, UUID after) {
		List<String> where = new ArrayList<>(List.of("org_id = ?"));
		List<Object> params = new ArrayList<>(List.of(Tenancy.orgId()));
		if (assigneeId != null) {
			where.add("assignee_id = ?");
			params.add(assigneeId);
		}
		if (unassigned) {
			where.add("assignee_id is null");
		}
		if (status != null) {
			where.add("status = ?");
			params.add(status);
		}
		if (overdue) {
			where.add("status = 'OPEN' and due_at < now()");
		}
		if (recordType != null) {
			where.add("record_type = ? and record_id = ?");
			params.add(recordType);
			params.add(recordId);
		}
		if (after != null) {
			where
				.add("(coalesce(due_at, 'infinity'), task_id) > (select coalesce(due_at, 'infinity'), task_id from task"
						+ " where org_id = ? and task_id = ?)");
			params.add(Tenancy.orgId());
			params.add(after);
		}
		params.add(limit);
		return this.jdbc
			.sql(SELECT + " where " + String.join(" and ", where)
					+ " order by coalesce(due_at, 'infinity'), task_id limit ?")
			.params(params)
			.query((rs, n) -> map(rs))
			.list();
	}

	public int update(UUID taskId, Task task, Integer expectedVersion) {
		return this.jdbc.sql("""
				update task set title = ?, description = ?, due_at = ?, assignee_id = ?, priority = ?, status = ?,
				       completed_at = case when ? = 'DONE' then coalesce(completed_at, now()) else null end,
				       version = version + 1, updated_at = now()
				where org_id = ? and task_id = ? and (cast(? as int) is null or version = ?)""")
			.params(task.title(), task.description(), task.dueAt(), task.assigneeId(), task.priority(), task.status(),
					task.status(), Tenancy.orgId(), taskId, expectedVersion, expectedVersion)
			.update();
	}

	public int delete(UUID taskId) {
		return this.jdbc.sql("delete from task where org_id = ? and task_id = ?")
			.params(Tenancy.orgId(), taskId)
			.update();
	}

	private static final String SELECT = """
			select task_id, title, description, due_at, assignee_id, priority, status, record_type, record_id,
			       created_by, version, created_at, completed_at from task""";

	private static Task map(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Task(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
				rs.getObject(4, OffsetDateTime.class), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7),
				rs.getString(8), rs.getObject(9, UUID.class), rs.getObject(10, UUID.class), rs.getInt(11),
				rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class));
	}

	/** A task as the API shows it. */
	public record Task(UUID id, String title, String description, OffsetDateTime dueAt, UUID assigneeId,
			String priority, String status, String recordType, UUID recordId, UUID createdBy, int version,
			OffsetDateTime createdAt, OffsetDateTime completedAt) {
	}

}
