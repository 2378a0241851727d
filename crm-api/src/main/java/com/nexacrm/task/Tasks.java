package com.nexacrm.task;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.nexacrm.record.Ids;
import com.nexacrm.task.TaskForms.TaskForm;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The current organisation's tasks, made by hand or held for a process's user task. */
@Repository
public class Tasks {

	private final JdbcClient jdbc;

	private final TaskForms forms;

	Tasks(JdbcClient jdbc, TaskForms forms) {
		this.jdbc = jdbc;
		this.forms = forms;
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

	/**
	 * The task, locked until the transaction ends, so claims and completions queue up.
	 */
	Optional<Task> lock(UUID taskId) {
		return this.jdbc.sql(SELECT + " where org_id = ? and task_id = ? for update")
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

	/**
	 * A page of tasks matching a where clause built by the inbox, by due date (none last)
	 * then id, after the given position.
	 */
	List<Task> page(String where, List<Object> params, TaskCursor after, int limit) {
		List<Object> all = new ArrayList<>(params);
		String keyset = "";
		if (after != null) {
			keyset = " and (coalesce(due_at, 'infinity'::timestamptz), task_id)"
					+ " > (coalesce(cast(? as timestamptz), 'infinity'::timestamptz), ?)";
			all.add(after.dueAt());
			all.add(after.id());
		}
		all.add(limit);
		return this.jdbc
			.sql(SELECT + " where " + where + keyset
					+ " order by coalesce(due_at, 'infinity'::timestamptz), task_id limit ?")
			.params(all)
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

	void assign(UUID taskId, UUID assigneeId) {
		this.jdbc.sql("""
				update task set assignee_id = ?, version = version + 1, updated_at = now()
				where org_id = ? and task_id = ?""").params(assigneeId, Tenancy.orgId(), taskId).update();
	}

	/** Ends a task as DONE (by the current user) or CANCELLED. */
	void close(UUID taskId, String status) {
		this.jdbc.sql("""
				update task set status = ?, completed_at = case when ? = 'DONE' then now() end,
				       completed_by = case when ? = 'DONE' then ? end, version = version + 1, updated_at = now()
				where org_id = ? and task_id = ?""")
			.params(status, status, status, Tenancy.current().userId(), Tenancy.orgId(), taskId)
			.update();
	}

	public int delete(UUID taskId) {
		return this.jdbc.sql("delete from task where org_id = ? and task_id = ?")
			.params(Tenancy.orgId(), taskId)
			.update();
	}

	/**
	 * Holds a user-task job as a task: inserted the first time, and when the engine
	 * delivers the same job again (a retry, or after its timeout) only its deadline is
	 * renewed, so claims and edits made meanwhile stay.
	 * @return the task's id
	 */
	UUID hold(HeldJob job) {
		// the assignee only when a member of the organisation, the record the first of
		// the deal and the lead named that exists in it: checked by the insert itself
		return this.jdbc.sql("""
				insert into task (org_id, task_id, title, due_at, assignee_id, priority, record_type, record_id,
				                  engine_epoch, job_key, process_instance_key, bpmn_process_id, element_id, form_key,
				                  candidate_team_ids, candidate_role, job_deadline)
				select ?, ?, ?, ?, (select m.user_id from membership m where m.org_id = ? and m.user_id = ?), ?,
				       r.record_type, r.record_id, ?, ?, ?, ?, ?, ?, cast(? as uuid[]), ?, ?
				from (select 1) one
				left join lateral (
				    select 'deal' as record_type, d.deal_id as record_id, 1 as preference
				    from deal d where d.org_id = ? and d.deal_id = ?
				    union all
				    select 'lead', l.lead_id, 2 from lead l where l.org_id = ? and l.lead_id = ?
				    order by preference limit 1) r on true
				on conflict (org_id, job_key, engine_epoch) where job_key is not null
				do update set job_deadline = excluded.job_deadline, updated_at = now()
				returning task_id""")
			.params(Tenancy.orgId(), Ids.next(), job.title(), job.dueAt(), Tenancy.orgId(), job.assigneeId(),
					job.priority(), job.engineEpoch(), job.jobKey(), job.processInstanceKey(), job.bpmnProcessId(),
					job.elementId(), job.formKey(), uuidArray(job.candidateTeamIds()), job.candidateRole(),
					job.deadline(), Tenancy.orgId(), job.dealId(), Tenancy.orgId(), job.leadId())
			.query(UUID.class)
			.single();
	}

	/** Closes the open task held for a job the engine cancelled; 0 when there is none. */
	int cancelJob(String engineEpoch, long jobKey) {
		return this.jdbc.sql("""
				update task set status = 'CANCELLED', version = version + 1, updated_at = now()
				where org_id = ? and job_key = ? and engine_epoch = ? and status = 'OPEN'""")
			.params(Tenancy.orgId(), jobKey, engineEpoch)
			.update();
	}

	Optional<UUID> taskOfJob(String engineEpoch, long jobKey) {
		return this.jdbc.sql("select task_id from task where org_id = ? and job_key = ? and engine_epoch = ?")
			.params(Tenancy.orgId(), jobKey, engineEpoch)
			.query(UUID.class)
			.optional();
	}

	static String uuidArray(Collection<UUID> ids) {
		return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
	}

	private static final String SELECT = """
			select task_id, title, description, due_at, assignee_id, priority, status, record_type, record_id,
			       created_by, version, created_at, completed_at, engine_epoch, job_key, process_instance_key,
			       bpmn_process_id, element_id, form_key, candidate_team_ids, candidate_role, completed_by
			from task""";

	private Task map(ResultSet rs) throws SQLException {
		long jobKey = rs.getLong(15);
		ProcessLink process = null;
		TaskForm form = null;
		if (!rs.wasNull()) {
			Array teams = rs.getArray(20);
			process = new ProcessLink(rs.getString(14), jobKey, rs.getLong(16), rs.getString(17), rs.getString(18),
					rs.getString(19), (teams != null) ? Arrays.asList((UUID[]) teams.getArray()) : List.of(),
					rs.getString(21));
			form = this.forms.find(process.formKey()).orElse(null);
		}
		return new Task(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
				rs.getObject(4, OffsetDateTime.class), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7),
				rs.getString(8), rs.getObject(9, UUID.class), rs.getObject(10, UUID.class), rs.getInt(11),
				rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class),
				rs.getObject(22, UUID.class), (process != null) ? "PROCESS" : "MANUAL", process, form);
	}

	/**
	 * A task as the API shows it.
	 *
	 * @param source {@code MANUAL} (made by hand) or {@code PROCESS} (a user task of a
	 * process)
	 * @param process the user task it holds, for process tasks
	 * @param form what completing it asks for, when its form is known
	 */
	public record Task(UUID id, String title, String description, OffsetDateTime dueAt, UUID assigneeId,
			String priority, String status, String recordType, UUID recordId, UUID createdBy, int version,
			OffsetDateTime createdAt, OffsetDateTime completedAt, UUID completedBy, String source, ProcessLink process,
			TaskForm form) {

		/** The same task with other editable fields (what a PATCH may change). */
		Task with(String title, String description, OffsetDateTime dueAt, UUID assigneeId, String priority,
				String status) {
			return new Task(this.id, title, description, dueAt, assigneeId, priority, status, this.recordType,
					this.recordId, this.createdBy, this.version, this.createdAt, this.completedAt, this.completedBy,
					this.source, this.process, this.form);
		}

		@JsonIgnore
		boolean isProcessTask() {
			return this.process != null;
		}

	}

	/**
	 * The user-task job a process task holds. Keys are strings in JSON: they exceed what
	 * JavaScript numbers hold exactly.
	 *
	 * @param candidateTeamIds teams whose members may claim it (none: not limited by
	 * team)
	 * @param candidateRole {@code MANAGER} when only managers (and admins, owners) may
	 * claim it
	 */
	public record ProcessLink(@JsonIgnore String engineEpoch,
			@JsonSerialize(using = ToStringSerializer.class) long jobKey,
			@JsonSerialize(using = ToStringSerializer.class) long processInstanceKey, String bpmnProcessId,
			String elementId, String formKey, List<UUID> candidateTeamIds, String candidateRole) {
	}

	/** A user-task job to hold, with what the activator read from its headers. */
	/**
	 * A user-task job to hold as a task.
	 *
	 * @param assigneeId the assignee the model names; kept only when a member
	 * @param dealId the deal the job's variables name, linked when it exists
	 * @param leadId the lead they name, linked when it exists and no deal is
	 */
	record HeldJob(String engineEpoch, long jobKey, long processInstanceKey, String bpmnProcessId, String elementId,
			String formKey, String title, OffsetDateTime dueAt, UUID assigneeId, String priority,
			List<UUID> candidateTeamIds, String candidateRole, UUID dealId, UUID leadId, OffsetDateTime deadline) {
	}

}
