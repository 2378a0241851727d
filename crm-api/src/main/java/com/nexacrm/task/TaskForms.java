package com.nexacrm.task;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.nexacrm.record.FieldErrors;

import org.springframework.stereotype.Component;

/**
 * The forms of the shipped models' user tasks, by {@code formKey} (docs/processes.md):
 * what the inbox shows and what completing the task may send to the process. A task whose
 * form key is not here (a tenant's own model) has no form and completes with no
 * variables.
 */
@Component
public class TaskForms {

	private static final Map<String, TaskForm> FORMS = List.of(
			new TaskForm("assign-lead", "Assign unassigned lead",
					"No rep was available to route this lead to: pick its owner.",
					List.of(FormField.of("ownerUserId", "Owner", FieldType.USER, true),
							FormField.of("slaDuration", "Time to qualify (ISO 8601 duration, e.g. PT8H)",
									FieldType.DURATION, false),
							FormField.of("qualifyDueDate", "Qualify by", FieldType.DATE_TIME, false))),
			new TaskForm("qualify-lead", "Qualify lead", "Decide whether the lead becomes a deal.",
					List.of(FormField.of("qualified", "Qualified", FieldType.BOOLEAN, true),
							new FormField("disqualificationReason", "Why not", FieldType.TEXT, false, 1000, null,
									new Condition("qualified", false)))),
			new TaskForm("record-loss-reason", "Record loss reason", "Why was the deal lost?",
					List.of(new FormField("lossReason", "Loss reason", FieldType.TEXT, true, 500, null, null))),
			new TaskForm("checklist-invite-team", "Invite the team",
					"Invite your colleagues; this ticks itself off with the first invitation.", List.of()),
			new TaskForm("checklist-import-data", "Import data", "Import contacts, companies, leads or deals from CSV.",
					List.of()),
			new TaskForm("checklist-set-up-pipeline", "Set up a pipeline",
					"Create or adjust a pipeline and its stages.", List.of()),
			new TaskForm("checklist-connect-slack", "Connect Slack", "Connect Slack for deal notifications.",
					List.of()))
		.stream()
		.collect(Collectors.toUnmodifiableMap(TaskForm::key, (form) -> form));

	public Optional<TaskForm> find(String formKey) {
		return Optional.ofNullable((formKey != null) ? FORMS.get(formKey) : null);
	}

	/**
	 * The variables to complete a task with: only the form's fields, each checked against
	 * its type, options and requirement. All errors are reported together as one 400
	 * problem.
	 * @param form the task's form, or {@code null} when it has none (then no variables
	 * are accepted)
	 * @param isMember whether a user id is a member of the current organisation
	 */
	Map<String, Object> validate(TaskForm form, Map<String, Object> variables, Predicate<UUID> isMember) {
		Map<String, Object> given = (variables != null) ? variables : Map.of();
		List<FormField> fields = (form != null) ? form.fields() : List.of();
		FieldErrors errors = new FieldErrors();
		for (String name : given.keySet()) {
			if (fields.stream().noneMatch((field) -> field.name().equals(name))) {
				errors.add("variables." + name, "is not a field of this task's form");
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		for (FormField field : fields) {
			Object value = given.get(field.name());
			if (value instanceof String text && text.isBlank()) {
				value = null;
			}
			boolean required = field.required() || (field.requiredWhen() != null
					&& field.requiredWhen().value().equals(given.get(field.requiredWhen().field())));
			if (value == null) {
				if (required) {
					errors.add("variables." + field.name(), "is required");
				}
				continue;
			}
			String problem = check(field, value, isMember);
			if (problem != null) {
				errors.add("variables." + field.name(), problem);
				continue;
			}
			result.put(field.name(), (value instanceof String text) ? text.trim() : value);
		}
		errors.throwIfAny();
		return result;
	}

	private static String check(FormField field, Object value, Predicate<UUID> isMember) {
		return switch (field.type()) {
			case BOOLEAN -> (value instanceof Boolean) ? null : "must be true or false";
			case TEXT -> {
				if (!(value instanceof String text)) {
					yield "must be text";
				}
				yield (field.maxLength() != null && text.trim().length() > field.maxLength())
						? "must be at most " + field.maxLength() + " characters" : null;
			}
			case SELECT -> (value instanceof String text
					&& field.options().stream().anyMatch((option) -> option.value().equals(text))) ? null
							: "must be one of " + field.options().stream().map(Option::value).toList();
			case USER -> {
				try {
					yield (value instanceof String text && isMember.test(UUID.fromString(text.trim()))) ? null
							: "must be the id of a member of this organisation";
				}
				catch (IllegalArgumentException ex) {
					yield "must be the id of a member of this organisation";
				}
			}
			case DATE_TIME -> {
				try {
					OffsetDateTime.parse(((String) value).trim());
					yield null;
				}
				catch (ClassCastException | DateTimeParseException ex) {
					yield "must be an ISO 8601 date-time with offset, e.g. 2030-01-07T17:00:00+01:00";
				}
			}
			case DURATION -> {
				try {
					yield Duration.parse(((String) value).trim()).isNegative() ? "must not be negative" : null;
				}
				catch (ClassCastException | DateTimeParseException ex) {
					yield "must be an ISO 8601 duration, e.g. PT8H or P3DT2H";
				}
			}
		};
	}

	/** What a form field holds. */
	public enum FieldType {

		BOOLEAN, TEXT, SELECT,
		/** The id of a member of the organisation. */
		USER,
		/** An ISO 8601 date-time with offset. */
		DATE_TIME,
		/** An ISO 8601 duration. */
		DURATION

	}

	/**
	 * A task's form.
	 *
	 * @param key the {@code formKey} header of the user task
	 * @param title the task's title in the inbox
	 * @param description what the task asks for
	 * @param fields what completing the task sends to the process, in display order
	 */
	public record TaskForm(String key, String title, String description, List<FormField> fields) {
	}

	/**
	 * One field.
	 *
	 * @param name the process variable it sets
	 * @param label what the form shows
	 * @param requiredWhen required only when another field has a value
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FormField(String name, String label, FieldType type, boolean required, Integer maxLength,
			List<Option> options, Condition requiredWhen) {

		static FormField of(String name, String label, FieldType type, boolean required) {
			return new FormField(name, label, type, required, null, null, null);
		}

	}

	/** A choice of a {@code SELECT} field. */
	public record Option(String value, String label) {
	}

	/** Another field's value that makes a field required. */
	public record Condition(String field, Object value) {
	}

}
