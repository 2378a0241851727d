package com.nexacrm.task;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.Requires;
import com.nexacrm.task.TaskViews.TaskView;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.tenant.Tenancy;

import org.springframework.dao.DuplicateKeyException;
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
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/task-views")
@Validated
@Tag(name = "Task views", description = "Saved inbox filters, shared by everyone in the organisation")
class TaskViewController {

	private final TaskViews views;

	private final AuditLog audit;

	TaskViewController(TaskViews views, AuditLog audit) {
		this.views = views;
		this.audit = audit;
	}

	@GetMapping
	@Requires(Permission.TASK_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The organisation's saved inbox views, by name")
	List<TaskView> list() {
		return this.views.list();
	}

	@GetMapping("/{viewId}")
	@Requires(Permission.TASK_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "One saved view; list its tasks with GET /api/v1/tasks/inbox?savedView=<id>")
	TaskView get(@PathVariable UUID viewId) {
		return this.views.find(viewId).orElseThrow(() -> ApiProblem.notFound("Task view"));
	}

	@PostMapping
	@Requires(Permission.TASK_CREATE)
	@Transactional
	@Operation(summary = "Save an inbox filter under a name, for everyone in the organisation")
	ResponseEntity<TaskView> create(@Valid @RequestBody ViewInput input) {
		if (input.name() == null || input.name().isBlank() || input.filter() == null) {
			throw new ApiProblem(ProblemType.VALIDATION, "name and filter are required");
		}
		UUID id;
		try {
			id = this.views.create(input.name().trim(), input.filter());
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "A view with this name already exists");
		}
		this.audit.record("task_view", id, "created", Map.of("name", input.name().trim()));
		return ResponseEntity.status(HttpStatus.CREATED).body(get(id));
	}

	@PatchMapping("/{viewId}")
	@Requires(Permission.TASK_UPDATE)
	@Transactional
	@Operation(
			summary = "Rename a view or change its filter (its creator or a manager); send version to refuse a stale edit")
	TaskView update(@PathVariable UUID viewId, @Valid @RequestBody ViewInput input) {
		TaskView current = get(viewId);
		mayChange(current);
		String name = (input.name() != null) ? input.name().trim() : current.name();
		int updated;
		try {
			updated = this.views.update(viewId, name, (input.filter() != null) ? input.filter() : current.filter(),
					input.version());
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "A view with this name already exists");
		}
		if (updated == 0) {
			throw new ApiProblem(ProblemType.CONFLICT, "The view was changed by someone else",
					Map.of("current", get(viewId)));
		}
		this.audit.record("task_view", viewId, "updated", Map.of("name", name));
		return get(viewId);
	}

	@DeleteMapping("/{viewId}")
	@Requires(Permission.TASK_DELETE)
	@Transactional
	@Operation(summary = "Delete a view (its creator or a manager)")
	ResponseEntity<Void> delete(@PathVariable UUID viewId) {
		mayChange(get(viewId));
		this.views.delete(viewId);
		this.audit.record("task_view", viewId, "deleted", Map.of());
		return ResponseEntity.noContent().build();
	}

	private static void mayChange(TaskView view) {
		TenantContext actor = Tenancy.current();
		boolean creator = actor.userId() != null && actor.userId().equals(view.createdBy());
		if (!creator && !Candidates.isManager(actor.role())) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Only the view's creator or a manager can change it");
		}
	}

	/** A view's name and filter; both optional on update. */
	record ViewInput(
			@Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
			@Valid TaskFilter filter, Integer version) {
	}

}
