package com.nexacrm.automation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.nexacrm.automation.ProcessDesigns.ActiveModel;
import com.nexacrm.automation.ProcessDesigns.Deployed;
import com.nexacrm.automation.ProcessDesigns.ProcessSummary;
import com.nexacrm.automation.ProcessVersionStore.StoredVersion;
import com.nexacrm.automation.ProcessVersionStore.VersionView;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organisation's own versions of the shipped processes. Models are sent as the BPMN
 * XML itself ({@code application/xml} or {@code text/xml}) or as JSON {@code {"xml":
 * "…"}}; models are returned as XML. Reading is as restricted as changing: a model shows
 * how the organisation works.
 */
@RestController
@RequestMapping("/api/v1/automation")
@Tag(name = "Automation", description = "Design, validate, deploy and roll back the organisation's own versions "
		+ "of the shipped processes")
class AutomationController {

	static final String VERSION_HEADER = "X-Process-Version";

	private final ProcessDesigns designs;

	private final ObjectMapper json;

	AutomationController(ProcessDesigns designs, ObjectMapper json) {
		this.designs = designs;
		this.json = json;
	}

	@GetMapping("/processes")
	@Requires(Permission.DESIGN_AUTOMATION)
	@Transactional(readOnly = true)
	@Operation(summary = "The processes the organisation can design, with the version new instances use "
			+ "(activeVersion null: the shipped model)")
	List<ProcessSummary> processes() {
		return this.designs.list();
	}

	@GetMapping("/processes/{processId}/bpmn")
	@Requires(Permission.DESIGN_AUTOMATION)
	@Transactional(readOnly = true)
	@Operation(summary = "The BPMN XML new instances start from: the active version, or the shipped model "
			+ "(header X-Process-Version: the version number, or 'shipped')")
	ResponseEntity<String> activeModel(@PathVariable String processId) {
		ActiveModel model = this.designs.activeModel(processId);
		return xml(model.xml(), (model.version() != null) ? model.version().toString() : "shipped");
	}

	@PostMapping(path = "/processes/{processId}/validate",
			consumes = { MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Requires(Permission.DESIGN_AUTOMATION)
	@Transactional(readOnly = true)
	@Operation(summary = "Check a model without deploying it: the problems, each with the element it concerns")
	Validation validate(@PathVariable String processId, @RequestBody byte[] body,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType) {
		this.designs.process(processId);
		List<ModelProblem> problems = this.designs.validate(processId, modelOf(body, contentType));
		return new Validation(problems.isEmpty(), problems);
	}

	@PostMapping(path = "/processes/{processId}/versions",
			consumes = { MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Requires(Permission.DESIGN_AUTOMATION)
	@Transactional
	@Operation(summary = "Deploy a new version for this organisation only and make it the active one "
			+ "(422 invalid-process-model with the problems when refused; 200 when it is the active version already)")
	ResponseEntity<VersionView> deploy(@PathVariable String processId, @RequestBody byte[] body,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType) {
		this.designs.process(processId);
		Deployed deployed = this.designs.deploy(processId, modelOf(body, contentType));
		return ResponseEntity.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(deployed.version());
	}

	@GetMapping("/processes/{processId}/versions")
	@Requires(Permission.DESIGN_AUTOMATION)
	@Transactional(readOnly = true)
	@Operation(summary = "The organisation's versions of a process, newest first")
	List<VersionView> versions(@PathVariable String processId) {
		return this.designs.versions(processId);
	}

	@GetMapping("/versions/{versionId}/bpmn")
	@Requires(Permission.DESIGN_AUTOMATION)
	@Transactional(readOnly = true)
	@Operation(summary = "The BPMN XML of one stored version")
	ResponseEntity<String> versionModel(@PathVariable UUID versionId) {
		StoredVersion version = this.designs.version(versionId);
		return xml(version.xml(), Integer.toString(version.view().version()));
	}

	@PostMapping("/versions/{versionId}/rollback")
	@Requires(Permission.DESIGN_AUTOMATION)
	@Transactional
	@Operation(summary = "Make this stored version the active one again: new instances start from it, "
			+ "running instances finish on their own version")
	VersionView rollBack(@PathVariable UUID versionId) {
		return this.designs.rollBack(versionId);
	}

	private byte[] modelOf(byte[] body, MediaType contentType) {
		if (!MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
			return body;
		}
		Upload upload;
		try {
			upload = this.json.readValue(body, Upload.class);
		}
		catch (IOException ex) {
			throw new ApiProblem(ProblemType.MALFORMED, "The body is not valid JSON for this request");
		}
		if (upload == null || upload.xml() == null || upload.xml().isBlank()) {
			throw new ApiProblem(ProblemType.VALIDATION, "xml is required",
					Map.of("errors", List.of(Map.of("field", "xml", "message", "must not be blank"))));
		}
		return upload.xml().getBytes(StandardCharsets.UTF_8);
	}

	private static ResponseEntity<String> xml(String xml, String version) {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.APPLICATION_XML, StandardCharsets.UTF_8))
			.header(VERSION_HEADER, version)
			.body(xml);
	}

	/** A model sent as JSON. */
	record Upload(String xml) {
	}

	record Validation(boolean valid, List<ModelProblem> problems) {
	}

}
