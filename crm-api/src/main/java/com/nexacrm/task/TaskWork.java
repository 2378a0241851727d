package com.nexacrm.task;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.FieldErrors;
import com.nexacrm.task.Tasks.Task;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.tenant.Tenancy;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Working a task: claim, unclaim, assign and complete. Each locks the task's row, so two
 * people acting at once queue up and the second sees the first's result. Completing a
 * process task completes its job in the engine before the task is marked done, in the
 * same transaction: when the engine refuses for a technical reason nothing is marked.
 */
@Service
class TaskWork {

	private static final Logger log = LoggerFactory.getLogger(TaskWork.class);

	private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(10);

	private final Tasks tasks;

	private final TaskForms forms;

	private final Candidates candidates;

	private final AuditLog audit;

	private final CamundaClient client;

	private final String epoch;

	private final List<TaskFormDefaults> defaults;

	TaskWork(Tasks tasks, TaskForms forms, Candidates candidates, AuditLog audit, CamundaClient client,
			EngineEpoch epoch, List<TaskFormDefaults> defaults) {
		this.defaults = List.copyOf(defaults);
		this.tasks = tasks;
		this.forms = forms;
		this.candidates = candidates;
		this.audit = audit;
		this.client = client;
		this.epoch = epoch.value();
	}

	@Transactional
	public Task claim(UUID taskId) {
		Task task = open(taskId);
		UUID me = signedInUser("Claiming");
		if (me.equals(task.assigneeId())) {
			return task;
		}
		if (task.assigneeId() != null) {
			throw new ApiProblem(ProblemType.CONFLICT,
					"The task is already assigned to someone else; a manager can reassign it");
		}
		if (!this.candidates.isCandidate(task, me)) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "You are not a candidate for this task");
		}
		this.tasks.assign(taskId, me);
		this.audit.record("task", taskId, "claimed", Map.of("assigneeId", me));
		return reload(taskId);
	}

	@Transactional
	public Task unclaim(UUID taskId) {
		Task task = open(taskId);
		UUID me = signedInUser("Unclaiming");
		if (task.assigneeId() == null) {
			return task;
		}
		if (!me.equals(task.assigneeId()) && !Candidates.isManager(Tenancy.current().role())) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Only the assignee or a manager can unclaim this task");
		}
		this.tasks.assign(taskId, null);
		this.audit.record("task", taskId, "unclaimed", Map.of("assigneeId", Map.of("from", task.assigneeId())));
		return reload(taskId);
	}

	@Transactional
	public Task assign(UUID taskId, UUID userId) {
		Task task = find(taskId);
		if (!Candidates.isManager(Tenancy.current().role())) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Only managers, admins and owners assign tasks");
		}
		if (userId == null) {
			new FieldErrors().add("userId", "is required").throwIfAny();
		}
		requireOpen(task);
		if (!this.candidates.isMember(userId)) {
			new FieldErrors().add("userId", "is not a member of this organisation").throwIfAny();
		}
		if (!this.candidates.isCandidate(task, userId)) {
			new FieldErrors().add("userId", "is not a candidate for this task (its team or role, or a viewer)")
				.throwIfAny();
		}
		this.tasks.assign(taskId, userId);
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("from", task.assigneeId());
		change.put("to", userId);
		this.audit.record("task", taskId, "assigned", Map.of("assigneeId", change));
		return reload(taskId);
	}

	/**
	 * Completes a task: a task made by hand is marked done; a process task's job is
	 * completed with the form's variables first.
	 */
	@Transactional(noRollbackFor = TaskGone.class)
	public Task complete(UUID taskId, Map<String, Object> variables) {
		Task task = find(taskId);
		if (!task.isProcessTask()) {
			if (variables != null && !variables.isEmpty()) {
				throw new ApiProblem(ProblemType.VALIDATION, "A task made by hand takes no variables");
			}
			this.tasks.close(taskId, "DONE");
			this.audit.record("task", taskId, "completed", Map.of());
			return reload(taskId);
		}
		requireOpen(task);
		TenantContext actor = Tenancy.current();
		boolean assignee = actor.userId() != null && actor.userId().equals(task.assigneeId());
		if (!assignee && !Candidates.isManager(actor.role())) {
			throw new ApiProblem(ProblemType.FORBIDDEN, "Only the assignee or a manager can complete this task"
					+ ((task.assigneeId() == null) ? "; claim it first" : ""));
		}
		Map<String, Object> values = withDefaults(task.form(),
				this.forms.validate(task.form(), variables, this.candidates::isMember));
		if (!this.epoch.equals(task.process().engineEpoch())) {
			throw gone(taskId, "The process engine this task came from has restarted; its step no longer waits here");
		}
		try {
			this.client.newCompleteCommand(task.process().jobKey())
				.variables(values)
				.requestTimeout(ENGINE_TIMEOUT)
				.send()
				.join();
		}
		catch (ClientStatusException ex) {
			if (ex.getStatusCode() == Status.Code.NOT_FOUND) {
				throw gone(taskId, "The process no longer waits for this task (it was cancelled or moved on)");
			}
			throw engineFailed(task, ex);
		}
		catch (ClientException ex) {
			throw engineFailed(task, ex);
		}
		this.tasks.close(taskId, "DONE");
		this.audit.record("task", taskId, "completed", Map.of("variables", values));
		return reload(taskId);
	}

	private Map<String, Object> withDefaults(TaskForms.TaskForm form, Map<String, Object> values) {
		if (form == null || this.defaults.isEmpty()) {
			return values;
		}
		Map<String, Object> all = new LinkedHashMap<>();
		this.defaults.forEach((d) -> all.putAll(d.defaultsFor(form.key())));
		all.putAll(values);
		return all;
	}

	private TaskGone gone(UUID taskId, String detail) {
		this.tasks.close(taskId, "CANCELLED");
		this.audit.record("task", taskId, "cancelled", Map.of("reason", "job gone"));
		return new TaskGone(detail, reload(taskId));
	}

	private static ApiProblem engineFailed(Task task, ClientException ex) {
		log.warn("Completing job {} failed: {}", task.process().jobKey(), ex.toString());
		return new ApiProblem(ProblemType.INTERNAL,
				"The process engine did not take the completion; nothing was changed, try again");
	}

	private Task open(UUID taskId) {
		Task task = find(taskId);
		requireOpen(task);
		return task;
	}

	private Task find(UUID taskId) {
		return this.tasks.lock(taskId).orElseThrow(() -> ApiProblem.notFound("Task"));
	}

	private Task reload(UUID taskId) {
		return this.tasks.find(taskId).orElseThrow(() -> ApiProblem.notFound("Task"));
	}

	private static void requireOpen(Task task) {
		if (!Objects.equals(task.status(), "OPEN")) {
			throw new ApiProblem(ProblemType.CONFLICT,
					"The task is " + task.status().toLowerCase()
							+ ("CANCELLED".equals(task.status()) ? ": its process no longer waits for it" : ""),
					Map.of("current", task));
		}
	}

	private static UUID signedInUser(String what) {
		UUID user = Tenancy.current().userId();
		if (user == null) {
			throw new ApiProblem(ProblemType.FORBIDDEN, what + " a task needs a signed-in user, not an API key");
		}
		return user;
	}

	/** The engine no longer has the task's job: the task is closed as cancelled. */
	static class TaskGone extends ApiProblem {

		TaskGone(String detail, Task task) {
			super(ProblemType.CONFLICT, detail, Map.of("current", task));
		}

	}

}
