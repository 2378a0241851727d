package com.nexacrm.task;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.task.Tasks.Task;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.tenant.Tenancy;

import org.springframework.stereotype.Component;

/**
 * The inbox lists: one {@link TaskFilter} turned into SQL for the signed-in user, paged
 * by due date with a keyset cursor. Cancelled process tasks and tasks of an engine that
 * has since restarted (their jobs are gone) are never shown as open work.
 */
@Component
class TaskInbox {

	private final Tasks tasks;

	private final Candidates candidates;

	private final String epoch;

	TaskInbox(Tasks tasks, Candidates candidates, EngineEpoch epoch) {
		this.tasks = tasks;
		this.candidates = candidates;
		this.epoch = epoch.value();
	}

	Page list(TaskFilter filter, int limit, String cursor) {
		TenantContext actor = Tenancy.current();
		if (actor.userId() == null) {
			throw new ApiProblem(ProblemType.VALIDATION,
					"The inbox views are a signed-in user's; with an API key list GET /api/v1/tasks");
		}
		UUID me = actor.userId();
		String myTeams = Tasks.uuidArray(this.candidates.teamsOf(me));
		boolean manager = Candidates.isManager(actor.role());
		String status = "overdue".equals(filter.view()) ? "OPEN" : (filter.status() != null) ? filter.status() : "OPEN";

		List<String> where = new ArrayList<>(
				List.of("org_id = ?", "status = ?", "(job_key is null or engine_epoch = ?)"));
		List<Object> params = new ArrayList<>(List.of(Tenancy.orgId(), status, this.epoch));
		String team = "(candidate_team_ids && cast(? as uuid[]) or assignee_id in (select user_id from team_member"
				+ " where org_id = ? and team_id = any(cast(? as uuid[]))))";
		String candidate = "(job_key is null or ((cardinality(candidate_team_ids) = 0"
				+ " or candidate_team_ids && cast(? as uuid[])) and (candidate_role is null or ?)))";
		switch (filter.view()) {
			case "mine" -> {
				where.add("assignee_id = ?");
				params.add(me);
			}
			case "team" -> {
				where.add(team);
				params.addAll(List.of(myTeams, Tenancy.orgId(), myTeams));
			}
			case "unassigned" -> {
				where.add("assignee_id is null and " + candidate);
				params.addAll(List.of(myTeams, manager));
			}
			case "overdue" -> {
				where.add("due_at < now()");
				if (!manager) {
					where.add("(assignee_id = ? or " + team + " or (assignee_id is null and " + candidate + "))");
					params.addAll(List.of(me, myTeams, Tenancy.orgId(), myTeams, myTeams, manager));
				}
			}
			default -> throw new ApiProblem(ProblemType.VALIDATION, "view must be mine, team, unassigned or overdue");
		}
		if (!filter.priority().isEmpty()) {
			where.add("priority = any(cast(? as text[]))");
			params.add("{" + String.join(",", filter.priority()) + "}");
		}
		if ("process".equals(filter.source())) {
			where.add("job_key is not null");
		}
		else if ("manual".equals(filter.source())) {
			where.add("job_key is null");
		}
		if ((filter.recordType() == null) != (filter.recordId() == null)) {
			throw new ApiProblem(ProblemType.VALIDATION, "recordType and recordId go together");
		}
		if (filter.recordType() != null) {
			where.add("record_type = ? and record_id = ?");
			params.add(filter.recordType());
			params.add(filter.recordId());
		}
		TaskCursor after = (cursor != null && !cursor.isBlank()) ? TaskCursor.decode(cursor) : null;
		List<Task> rows = this.tasks.page(String.join(" and ", where), params, after, limit + 1);
		if (rows.size() <= limit) {
			return new Page(rows, null);
		}
		List<Task> items = rows.subList(0, limit);
		Task last = items.get(limit - 1);
		return new Page(List.copyOf(items), new TaskCursor(last.dueAt(), last.id()).encode());
	}

	/** A page of the inbox and the cursor of the next one ({@code null} on the last). */
	record Page(List<Task> items, String nextCursor) {
	}

}
