package com.nexacrm.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.camunda.client.api.response.ActivatedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.engine.EngineEpoch;
import com.nexacrm.task.Tasks.HeldJob;
import com.nexacrm.task.TaskForms.TaskForm;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns user-task jobs into tasks of the organisation that owns their instance (the
 * caller has set it as the tenant), and closes them when the engine cancels the job. What
 * a job's headers and variables say is checked against the organisation's own data: an
 * assignee who is not a member, a team that is not the org's, or a record it does not
 * have is left out rather than trusted (a tenant's BPMN can set any value).
 */
@Component
class UserTaskJobs {

	/** The job type of every job-worker user task. */
	static final String USER_TASK = "io.camunda.zeebe:userTask";

	/** The variables a user-task job is fetched with: what links it to its record. */
	static final List<String> VARIABLES = List.of("leadId", "dealId");

	private static final Logger log = LoggerFactory.getLogger(UserTaskJobs.class);

	private static final Set<String> PRIORITIES = Set.of("LOW", "NORMAL", "HIGH", "URGENT");

	private final Tasks tasks;

	private final TaskForms forms;

	private final Candidates candidates;

	private final AuditLog audit;

	private final ObjectMapper json;

	private final String epoch;

	UserTaskJobs(Tasks tasks, TaskForms forms, Candidates candidates, AuditLog audit, ObjectMapper json,
			EngineEpoch epoch) {
		this.tasks = tasks;
		this.forms = forms;
		this.candidates = candidates;
		this.audit = audit;
		this.json = json;
		this.epoch = epoch.value();
	}

	/** Holds the job as a task; the same job again updates that task. */
	@Transactional
	public UUID hold(ActivatedJob job) {
		Map<String, String> headers = job.getCustomHeaders();
		String formKey = first(headers.get("formKey"), headers.get("io.camunda.zeebe:formKey"));
		Optional<TaskForm> form = this.forms.find(formKey);
		UUID assignee = uuid(headers.get("io.camunda.zeebe:assignee")).orElse(null);
		List<UUID> teams = this.candidates.existingTeams(teamIds(headers.get("io.camunda.zeebe:candidateGroups")));
		String role = "MANAGER".equalsIgnoreCase(headers.get("candidateRole")) ? "MANAGER" : null;
		String priority = Optional.ofNullable(headers.get("priority"))
			.map(String::toUpperCase)
			.filter(PRIORITIES::contains)
			.orElse("NORMAL");
		Map<String, Object> variables = job.getVariablesAsMap();
		String title = form.map(TaskForm::title).orElseGet(() -> humanise(job.getElementId()));
		HeldJob held = new HeldJob(this.epoch, job.getKey(), job.getProcessInstanceKey(), job.getBpmnProcessId(),
				job.getElementId(), formKey, title, date(headers.get("io.camunda.zeebe:dueDate")), assignee, priority,
				teams, role, uuid(variables.get("dealId")).orElse(null), uuid(variables.get("leadId")).orElse(null),
				OffsetDateTime.ofInstant(Instant.ofEpochMilli(job.getDeadline()), ZoneOffset.UTC));
		UUID taskId = this.tasks.hold(held);
		log.info("User task {} of job {} held as task {}", job.getElementId(), job.getKey(), taskId);
		return taskId;
	}

	/** Closes the task held for a job the engine cancelled, if there is one. */
	@Transactional
	public boolean cancelled(long jobKey) {
		Optional<UUID> task = this.tasks.taskOfJob(this.epoch, jobKey);
		if (task.isEmpty() || this.tasks.cancelJob(this.epoch, jobKey) == 0) {
			return false;
		}
		this.audit.record("task", task.get(), "cancelled", Map.of("reason", "the process no longer waits for it"));
		return true;
	}

	private List<UUID> teamIds(String header) {
		List<UUID> ids = new ArrayList<>();
		if (header == null || header.isBlank()) {
			return ids;
		}
		try {
			JsonNode list = this.json.readTree(header);
			list.forEach((node) -> uuid(node.asText()).ifPresent(ids::add));
		}
		catch (Exception ex) {
			log.warn("Candidate groups header is not a JSON list; the task is not limited by team");
		}
		return ids;
	}

	private static Optional<UUID> uuid(Object value) {
		if (!(value instanceof String text)) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(text.trim()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static OffsetDateTime date(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return ZonedDateTime.parse(value.trim()).toOffsetDateTime();
		}
		catch (DateTimeParseException ex) {
			log.warn("Due date header {} is not an ISO date-time; the task has no due date", value);
			return null;
		}
	}

	private static String first(String a, String b) {
		return (a != null && !a.isBlank()) ? a : b;
	}

	/** {@code task_qualify_lead} → {@code Qualify lead}. */
	static String humanise(String elementId) {
		String words = elementId.replaceFirst("^(task|user_task|usertask)_", "").replace('_', ' ').trim();
		if (words.isEmpty()) {
			return "Task";
		}
		String title = Character.toUpperCase(words.charAt(0)) + words.substring(1);
		return (title.length() > 300) ? title.substring(0, 300) : title;
	}

}
