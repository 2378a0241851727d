package com.nexacrm.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ModifyProcessInstanceCommandStep1;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.monitor.MonitoredProcesses.Element;
import com.nexacrm.monitor.MonitoredProcesses.Incident;
import com.nexacrm.monitor.MonitoredProcesses.Instance;
import com.nexacrm.monitor.MonitoredProcesses.InstanceFilter;
import com.nexacrm.monitor.MonitoredProcesses.Job;
import com.nexacrm.monitor.MonitoredProcesses.Page;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Watch and repair the organisation's running processes. Reads come from the projection
 * (a moment behind the engine); actions go to the engine, only for instances the
 * organisation owns (another organisation's key is a 404), and are audited.
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@Tag(name = "Processes", description = "Running process instances, their path, incidents and jobs; retry, cancel, move")
class ProcessMonitorController {

	private static final String ID = "^[A-Za-z_][A-Za-z0-9_.-]{0,254}$";

	private static final String AUDIT_ENTITY = "process_instance";

	private final MonitoredProcesses processes;

	private final CamundaClient client;

	private final AuditLog audit;

	ProcessMonitorController(MonitoredProcesses processes, CamundaClient client, AuditLog audit) {
		this.processes = processes;
		this.client = client;
		this.audit = audit;
	}

	@GetMapping("/process-instances")
	@Requires(Permission.PROCESS_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Process instances, newest first",
			description = "bpmnProcessId (a shipped id finds the organisation's own version of it too), "
					+ "state=ACTIVE|COMPLETED|TERMINATED, hasIncident=true|false, businessKey "
					+ "(e.g. deal:<id>), recordId=<the business record's id>, limit 1-200, cursor=nextCursor")
	Page<Instance> list(@RequestParam(required = false) @Pattern(regexp = ID) String bpmnProcessId,
			@RequestParam(required = false) @Pattern(regexp = "^(ACTIVE|COMPLETED|TERMINATED)$") String state,
			@RequestParam(required = false) Boolean hasIncident,
			@RequestParam(required = false) @Size(max = 200) String businessKey,
			@RequestParam(required = false) UUID recordId,
			@RequestParam(required = false) @Min(1) @Max(200) Integer limit,
			@RequestParam(required = false) @Size(max = 200) String cursor) {
		return this.processes.instances(new InstanceFilter(bpmnProcessId, state, hasIncident, businessKey, recordId),
				(limit != null) ? limit : 50, cursor);
	}

	@GetMapping("/process-instances/{processInstanceKey}")
	@Requires(Permission.PROCESS_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "One instance with its path through the diagram, incidents and jobs",
			description = "elements: every element instance and taken sequence flow in the order entered, with its "
					+ "state; activeElementIds: where the instance is now")
	InstanceDetail get(@PathVariable long processInstanceKey) {
		Instance instance = owned(processInstanceKey);
		List<Element> path = this.processes.path(processInstanceKey);
		List<String> active = path.stream()
			.filter((element) -> element.state().equals("ACTIVE"))
			.map(Element::elementId)
			.toList();
		return new InstanceDetail(instance, path, active, this.processes.incidentsOf(processInstanceKey),
				this.processes.jobsOf(processInstanceKey));
	}

	@GetMapping(path = "/process-instances/{processInstanceKey}/diagram",
			produces = { MediaType.APPLICATION_XML_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Requires(Permission.PROCESS_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The BPMN XML of the definition the instance runs")
	ResponseEntity<String> diagram(@PathVariable long processInstanceKey) {
		owned(processInstanceKey);
		String xml = this.processes.diagram(processInstanceKey).orElseThrow(() -> ApiProblem.notFound("Diagram"));
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(xml);
	}

	@GetMapping("/incidents")
	@Requires(Permission.PROCESS_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Open incidents, newest first",
			description = "bpmnProcessId (as for instances), errorType (e.g. JOB_NO_RETRIES), elementId, limit 1-200, cursor=nextCursor")
	Page<Incident> incidents(@RequestParam(required = false) @Pattern(regexp = ID) String bpmnProcessId,
			@RequestParam(required = false) @Pattern(regexp = "^[A-Z_]{1,60}$") String errorType,
			@RequestParam(required = false) @Pattern(regexp = ID) String elementId,
			@RequestParam(required = false) @Min(1) @Max(200) Integer limit,
			@RequestParam(required = false) @Size(max = 200) String cursor) {
		return this.processes.openIncidents(bpmnProcessId, errorType, elementId, (limit != null) ? limit : 50, cursor);
	}

	@PostMapping("/process-instances/{processInstanceKey}/incidents/{incidentKey}/retry")
	@Requires(Permission.PROCESS_OPERATE)
	@Transactional
	@Operation(summary = "Retry: give the failed job retries again, then resolve the incident",
			description = "Body optional: {\"retries\": 1-100}, default 1. 202: the engine took the commands; the "
					+ "projection shows the outcome a moment later.")
	ResponseEntity<Map<String, Object>> retry(@PathVariable long processInstanceKey, @PathVariable long incidentKey,
			@Valid @RequestBody(required = false) RetryInput input) {
		owned(processInstanceKey);
		Incident incident = this.processes.incident(processInstanceKey, incidentKey)
			.orElseThrow(() -> ApiProblem.notFound("Incident"));
		if (!incident.state().equals("ACTIVE")) {
			throw new ApiProblem(ProblemType.CONFLICT, "The incident is already resolved");
		}
		int retries = (input != null && input.retries() != null) ? input.retries() : 1;
		Map<String, Object> done = action(processInstanceKey, "incident-retried", "incidentKey",
				Long.toString(incidentKey), "jobKey", String.valueOf(incident.jobKey()), "retries", retries);
		engine(() -> {
			if (incident.jobKey() != null) {
				this.client.newUpdateRetriesCommand(Long.parseLong(incident.jobKey())).retries(retries).send().join();
			}
			return this.client.newResolveIncidentCommand(incidentKey).send().join();
		});
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(done);
	}

	@PostMapping("/process-instances/{processInstanceKey}/cancel")
	@Requires(Permission.PROCESS_OPERATE)
	@Transactional
	@Operation(summary = "Cancel the instance (it ends TERMINATED)")
	ResponseEntity<Map<String, Object>> cancel(@PathVariable long processInstanceKey) {
		Instance instance = owned(processInstanceKey);
		if (!instance.state().equals("ACTIVE")) {
			throw new ApiProblem(ProblemType.CONFLICT, "The instance has already ended");
		}
		Map<String, Object> done = action(processInstanceKey, "canceled");
		engine(() -> this.client.newCancelInstanceCommand(processInstanceKey).send().join());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(done);
	}

	@PostMapping("/process-instances/{processInstanceKey}/move")
	@Requires(Permission.PROCESS_OPERATE)
	@Transactional
	@Operation(summary = "Move a stuck instance: terminate the active instances of one element, activate another",
			description = "{\"from\": elementId, \"to\": elementId}; uses process instance modification")
	ResponseEntity<Map<String, Object>> move(@PathVariable long processInstanceKey,
			@Valid @RequestBody MoveInput input) {
		Instance instance = owned(processInstanceKey);
		if (!instance.state().equals("ACTIVE")) {
			throw new ApiProblem(ProblemType.CONFLICT, "The instance has already ended");
		}
		List<Long> from = this.processes.activeInstancesOf(processInstanceKey, input.from());
		if (from.isEmpty()) {
			throw new ApiProblem(ProblemType.CONFLICT, "The instance has no active " + input.from());
		}
		Map<String, Object> done = action(processInstanceKey, "moved", "from", input.from(), "to", input.to());
		engine(() -> {
			ModifyProcessInstanceCommandStep1.ModifyProcessInstanceCommandStep2 command = this.client
				.newModifyProcessInstanceCommand(processInstanceKey)
				.activateElement(input.to());
			for (long elementInstance : from) {
				command = command.and().terminateElement(elementInstance);
			}
			return command.send().join();
		});
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(done);
	}

	private Instance owned(long processInstanceKey) {
		return this.processes.instance(processInstanceKey).orElseThrow(() -> ApiProblem.notFound("Process instance"));
	}

	/**
	 * Audits the action first, in the request's transaction: if the engine then refuses,
	 * the entry is rolled back with it.
	 */
	private Map<String, Object> action(long processInstanceKey, String action, Object... details) {
		Map<String, Object> changes = new LinkedHashMap<>();
		changes.put("processInstanceKey", Long.toString(processInstanceKey));
		for (int i = 0; i < details.length; i += 2) {
			changes.put((String) details[i], details[i + 1]);
		}
		this.audit.record(AUDIT_ENTITY, this.processes.auditId(processInstanceKey), action, changes);
		Map<String, Object> body = new LinkedHashMap<>(changes);
		body.put("action", action);
		return body;
	}

	/**
	 * Sends commands to the engine; its refusals become problems: the instance or element
	 * is gone or in the wrong state (409), or the request names something the model does
	 * not have (400).
	 */
	private static <T> T engine(Supplier<T> commands) {
		try {
			return commands.get();
		}
		catch (ClientStatusException ex) {
			String detail = ex.getStatus().getDescription();
			throw switch (ex.getStatusCode()) {
				case INVALID_ARGUMENT -> new ApiProblem(ProblemType.VALIDATION, "The engine refused: " + detail);
				case NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS ->
					new ApiProblem(ProblemType.CONFLICT, "The engine refused: " + detail);
				default -> ex;
			};
		}
	}

	/** One instance and what happened in it. */
	record InstanceDetail(Instance instance, List<Element> elements, List<String> activeElementIds,
			List<Incident> incidents, List<Job> jobs) {
	}

	record RetryInput(@Min(1) @Max(100) Integer retries) {
	}

	record MoveInput(@NotNull @Pattern(regexp = ID) String from, @NotNull @Pattern(regexp = ID) String to) {
	}

}
