package com.nexacrm.sales;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.pipeline.Pipelines;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Automation settings")
class SalesSettingsController {

	private final SalesSettings settings;

	private final Pipelines pipelines;

	private final AuditLog audit;

	SalesSettingsController(SalesSettings settings, Pipelines pipelines, AuditLog audit) {
		this.settings = settings;
		this.pipelines = pipelines;
		this.audit = audit;
	}

	@GetMapping("/api/v1/settings/automation")
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Lead routing strategy, qualification SLA and the working week it counts in")
	SalesSettings.Settings get() {
		return this.settings.get();
	}

	@PutMapping("/api/v1/settings/automation")
	@Requires(Permission.ORGANIZATION_UPDATE)
	@Transactional
	@Operation(summary = "Change lead routing, the qualification SLA (business hours) and the working week")
	SalesSettings.Settings update(@Valid @RequestBody SettingsRequest request) {
		try {
			ZoneId.of(request.timeZone());
		}
		catch (DateTimeException ex) {
			throw invalid("timeZone", "is not a time zone, e.g. Europe/Berlin");
		}
		if (!request.businessDayStart().isBefore(request.businessDayEnd())) {
			throw invalid("businessDayEnd", "must be after businessDayStart");
		}
		if (request.businessDays().stream().distinct().count() != request.businessDays().size()) {
			throw invalid("businessDays", "lists a day twice");
		}
		var updated = new SalesSettings.Settings(request.routingStrategy(), request.qualificationSlaHours(),
				request.businessDayStart(), request.businessDayEnd(), request.businessDays().stream().sorted().toList(),
				request.timeZone());
		this.settings.update(updated);
		this.audit.record("organization", Tenancy.orgId(), "automation-settings-changed",
				Map.of("routingStrategy", updated.routingStrategy(), "qualificationSlaHours",
						updated.qualificationSlaHours(), "timeZone", updated.timeZone()));
		return this.settings.get();
	}

	@GetMapping("/api/v1/members/availability")
	@Requires(Permission.MEMBER_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Each member's absence, lead capacity and open leads (what routing looks at)")
	List<SalesSettings.Availability> availability() {
		return this.settings.availability();
	}

	@PutMapping("/api/v1/members/{userId}/availability")
	@Requires(Permission.MANAGE_MEMBERS)
	@Transactional
	@Operation(summary = "Mark a member absent (routing skips them) and cap the open leads routing gives them")
	SalesSettings.Availability setAvailability(@PathVariable UUID userId,
			@Valid @RequestBody AvailabilityRequest request) {
		var result = this.settings.setAvailability(userId, request.absent(), request.capacity());
		this.audit.record("member", userId, "availability-changed",
				Map.of("absent", request.absent(), "capacity", String.valueOf(request.capacity())));
		return result;
	}

	@GetMapping("/api/v1/pipelines/{pipelineId}/stages/{stageId}/automation")
	@Requires(Permission.PIPELINE_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "What a deal entering the stage triggers: a task, an email, a notice")
	SalesSettings.StageAutomation automation(@PathVariable UUID pipelineId, @PathVariable UUID stageId) {
		stageOf(pipelineId, stageId);
		return this.settings.automation(stageId).orElse(new SalesSettings.StageAutomation(null, null, null, false));
	}

	@PutMapping("/api/v1/pipelines/{pipelineId}/stages/{stageId}/automation")
	@Requires(Permission.PIPELINE_UPDATE)
	@Transactional
	@Operation(summary = "Set what a deal entering the stage triggers (the lead-to-close process runs it)")
	SalesSettings.StageAutomation setAutomation(@PathVariable UUID pipelineId, @PathVariable UUID stageId,
			@Valid @RequestBody AutomationRequest request) {
		stageOf(pipelineId, stageId);
		if (request.taskDueDays() != null && request.taskTitle() == null) {
			throw invalid("taskDueDays", "needs taskTitle");
		}
		var automation = new SalesSettings.StageAutomation(request.taskTitle(), request.taskDueDays(),
				request.emailTemplate(), Boolean.TRUE.equals(request.notifyOwner()));
		this.settings.saveAutomation(stageId, automation);
		this.audit.record("stage", stageId, "automation-changed",
				Map.of("taskTitle", String.valueOf(automation.taskTitle()), "emailTemplate",
						String.valueOf(automation.emailTemplate()), "notifyOwner", automation.notifyOwner()));
		return automation;
	}

	private void stageOf(UUID pipelineId, UUID stageId) {
		this.pipelines.stage(stageId)
			.filter((stage) -> stage.pipelineId().equals(pipelineId))
			.orElseThrow(() -> ApiProblem.notFound("Stage"));
	}

	private static ApiProblem invalid(String field, String message) {
		return new ApiProblem(ProblemType.VALIDATION, field + " " + message,
				Map.of("errors", List.of(Map.of("field", field, "message", message))));
	}

	record SettingsRequest(@NotNull SalesSettings.RoutingStrategy routingStrategy,
			@NotNull @Min(1) @Max(2000) Integer qualificationSlaHours, @NotNull LocalTime businessDayStart,
			@NotNull LocalTime businessDayEnd,
			@NotEmpty @Size(max = 7) List<@NotNull @Min(1) @Max(7) Integer> businessDays,
			@NotNull @Size(max = 64) String timeZone) {
	}

	record AvailabilityRequest(boolean absent, @Min(0) @Max(100000) Integer capacity) {
	}

	record AutomationRequest(@Size(min = 1, max = 300) String taskTitle, @Min(0) @Max(365) Integer taskDueDays,
			@Pattern(regexp = "deal-won-thank-you") String emailTemplate, Boolean notifyOwner) {
	}

}
