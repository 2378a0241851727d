package com.nexacrm.task;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.security.Requires;
import com.nexacrm.task.Tasks.Task;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
@Validated
@Tag(name = "Tasks", description = "The task inbox: tasks made by hand and the user tasks of processes, with assignee, "
		+ "candidates, due date, priority, form and record")
class TaskController {

	private static final String PRIORITY = "^(LOW|NORMAL|HIGH|URGENT)$";

	private final Tasks tasks;

	private final Records records;

	private final AuditLog audit;

	private final TaskWork work;

	private final TaskInbox inbox;

	private final TaskViews views;

	TaskController(Tasks tasks, Records records, AuditLog audit, TaskWork work, TaskInbox inbox, TaskViews views) {
		this.tasks = tasks;
		this.records = records;
		this.audit = audit;
		this.work = work;
		this.inbox = inbox;
		this.views = views;
	}

	@GetMapping
	@Requires(Permission.TASK_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Tasks by due date", description = "assignee=me|none|<user id>, status=OPEN|DONE|CANCELLED, "
			+ "overdue=true, recordType+recordId, after=<last task id of the previous page>")
	List<Task> list(@RequestParam(required = false) String assignee,
			@RequestParam(required = false) @Pattern(regexp = "^(OPEN|DONE|CANCELLED)$") String status,
			@RequestParam(defaultValue = "false") boolean overdue, @RequestParam(required = false) String recordType,
			@RequestParam(required = false) UUID recordId,
			@RequestParam(required = false) @Min(1) @Max(200) Integer limit,
			@RequestParam(required = false) UUID after) {
		UUID assigneeId = null;
		boolean unassigned = false;
		if ("me".equals(assignee)) {
			assigneeId = Tenancy.current().userId();
		}
		else if ("none".equals(assignee)) {
			unassigned = true;
		}
		else if (assignee != null) {
			try {
				assigneeId = UUID.fromString(assignee);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiProblem(ProblemType.VALIDATION, "assignee must be me, none or a user id");
			}
		}
		if ((recordType == null) != (recordId == null)) {
			throw new ApiProblem(ProblemType.VALIDATION, "recordType and recordId go together");
		}
		return this.tasks.list(assigneeId, unassigned, status, overdue, recordType, recordId,
				(limit != null) ? limit : 50, after);
	}

	@GetMapping("/inbox")
	@Requires(Permission.TASK_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The signed-in user's inbox: open tasks by due date",
			description = "view=mine|team|unassigned|overdue (default mine); status, priority (repeatable), "
					+ "source=process|manual, recordType+recordId narrow it; or savedView=<id of a task view>. "
					+ "limit 1-200, cursor=nextCursor of the previous page. Cancelled process tasks never show as open.")
	TaskInbox.Page inbox(
			@RequestParam(defaultValue = "mine") @Pattern(regexp = "^(mine|team|unassigned|overdue)$") String view,
			@RequestParam(required = false) @Pattern(regexp = "^(OPEN|DONE|CANCELLED)$") String status,
			@RequestParam(required = false) @Size(max = 4) List<@Pattern(regexp = PRIORITY) String> priority,
			@RequestParam(required = false) @Pattern(regexp = "^(process|manual)$") String source,
			@RequestParam(required = false) @Pattern(regexp = "^(company|contact|lead|deal)$") String recordType,
			@RequestParam(required = false) UUID recordId, @RequestParam(required = false) UUID savedView,
			@RequestParam(required = false) @Min(1) @Max(200) Integer limit,
			@RequestParam(required = false) @Size(max = 500) String cursor) {
		TaskFilter filter = new TaskFilter(view, status, priority, source, recordType, recordId);
		if (savedView != null) {
			filter = this.views.find(savedView).orElseThrow(() -> ApiProblem.notFound("Task view")).filter();
		}
		return this.inbox.list(filter, (limit != null) ? limit : 50, cursor);
	}

	@GetMapping("/{taskId}")
	@Requires(Permission.TASK_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "One task")
	Task get(@PathVariable UUID taskId) {
		return this.tasks.find(taskId).orElseThrow(() -> ApiProblem.notFound("Task"));
	}

	@PostMapping
	@Requires(Permission.TASK_CREATE)
	@Transactional
	@Operation(summary = "Create a task, optionally linked to a record")
	ResponseEntity<Task> create(@Valid @RequestBody TaskInput input) {
		if ((input.recordType() == null) != (input.recordId() == null)) {
			throw new ApiProblem(ProblemType.VALIDATION, "recordType and recordId go together");
		}
		if (input.recordType() != null) {
			RecordType type = RecordType.ofKey(input.recordType())
				.orElseThrow(() -> new ApiProblem(ProblemType.VALIDATION,
						"recordType must be company, contact, lead or deal"));
			this.records.get(type, input.recordId());
		}
		if (input.title() == null || input.title().isBlank()) {
			throw new ApiProblem(ProblemType.VALIDATION, "title is required",
					Map.of("errors", List.of(Map.of("field", "title", "message", "is required"))));
		}
		UUID id;
		try {
			id = this.tasks.create(input.title().trim(), input.description(), input.dueAt(), input.assigneeId(),
					(input.priority() != null) ? input.priority() : "NORMAL", input.recordType(), input.recordId());
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiProblem(ProblemType.VALIDATION, "assigneeId is not a member of this organisation");
		}
		this.audit.record("task", id, "created", Map.of("title", input.title()));
		return ResponseEntity.status(HttpStatus.CREATED).body(get(id));
	}

	@PatchMapping("/{taskId}")
	@Requires(Permission.TASK_UPDATE)
	@Transactional
	@Operation(summary = "Change a task; send version to guard against concurrent edits (409 when stale)")
	Task update(@PathVariable UUID taskId, @Valid @RequestBody TaskInput input) {
		Task current = get(taskId);
		if (input.recordType() != null || input.recordId() != null) {
			throw new ApiProblem(ProblemType.VALIDATION, "A task's record cannot change");
		}
		if (current.isProcessTask() && (input.assigneeId() != null || input.status() != null)) {
			throw new ApiProblem(ProblemType.VALIDATION,
					"A process task's assignee and status change through claim, unclaim, assign and complete");
		}
		Task changed = current.with((input.title() != null) ? input.title().trim() : current.title(),
				(input.description() != null) ? input.description() : current.description(),
				(input.dueAt() != null) ? input.dueAt() : current.dueAt(),
				(input.assigneeId() != null) ? input.assigneeId() : current.assigneeId(),
				(input.priority() != null) ? input.priority() : current.priority(),
				(input.status() != null) ? input.status() : current.status());
		int updated;
		try {
			updated = this.tasks.update(taskId, changed, input.version());
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiProblem(ProblemType.VALIDATION, "assigneeId is not a member of this organisation");
		}
		if (updated == 0) {
			throw new ApiProblem(ProblemType.CONFLICT, "The task was changed by someone else",
					Map.of("current", get(taskId)));
		}
		this.audit.record("task", taskId, "updated", Map.of("status", changed.status()));
		return get(taskId);
	}

	@PostMapping("/{taskId}/claim")
	@Requires(Permission.TASK_UPDATE)
	@Operation(summary = "Take an unassigned task you are a candidate for (409 when someone else holds it)")
	Task claim(@PathVariable UUID taskId) {
		return this.work.claim(taskId);
	}

	@PostMapping("/{taskId}/unclaim")
	@Requires(Permission.TASK_UPDATE)
	@Operation(summary = "Give a task back to its candidates (its assignee or a manager)")
	Task unclaim(@PathVariable UUID taskId) {
		return this.work.unclaim(taskId);
	}

	@PostMapping("/{taskId}/assign")
	@Requires(Permission.TASK_UPDATE)
	@Operation(summary = "Assign a task to a member who is a candidate for it (managers, admins and owners)")
	Task assign(@PathVariable UUID taskId, @Valid @RequestBody AssignInput input) {
		return this.work.assign(taskId, input.userId());
	}

	// not @Transactional here: TaskWork keeps the cancellation of a task whose job is
	// gone
	@PostMapping("/{taskId}/complete")
	@Requires(Permission.TASK_UPDATE)
	@Operation(summary = "Complete a task (its assignee or a manager for process tasks)",
			description = "A process task completes its job with the variables, validated against its form "
					+ "(400 listing the fields otherwise, and nothing changes); 409 when its process no longer waits "
					+ "for it. A task made by hand is marked done and takes no variables.")
	Task complete(@PathVariable UUID taskId, @Valid @RequestBody(required = false) CompleteInput input) {
		return this.work.complete(taskId, (input != null) ? input.variables() : null);
	}

	@DeleteMapping("/{taskId}")
	@Requires(Permission.TASK_DELETE)
	@Transactional
	@Operation(summary = "Delete a task")
	ResponseEntity<Void> delete(@PathVariable UUID taskId) {
		Task current = get(taskId);
		if (current.isProcessTask() && "OPEN".equals(current.status())) {
			throw new ApiProblem(ProblemType.CONFLICT,
					"An open process task closes when it is completed or its process moves on; it cannot be deleted");
		}
		if (this.tasks.delete(taskId) == 0) {
			throw ApiProblem.notFound("Task");
		}
		this.audit.record("task", taskId, "deleted", Map.of());
		return ResponseEntity.noContent().build();
	}

	/** Who gets the task. */
	record AssignInput(UUID userId) {
	}

	/** The form's variables, by field name. */
	record CompleteInput(@Size(max = 50) Map<String, Object> variables) {
	}

	/** A task's fields; all optional on update. */
	record TaskInput(@Size(min = 1, max = 300) String title, @Size(max = 5000) String description, OffsetDateTime dueAt,
			UUID assigneeId, @Pattern(regexp = PRIORITY) String priority,
			@Pattern(regexp = "^(OPEN|DONE|CANCELLED)$") String status, String recordType, UUID recordId,
			Integer version) {
	}

}
