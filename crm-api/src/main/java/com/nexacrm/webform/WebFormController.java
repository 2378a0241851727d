package com.nexacrm.webform;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.ratelimit.RateLimiter;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.Activities;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.security.Public;
import com.nexacrm.security.ReadOnlyOrganizations;
import com.nexacrm.security.Requires;
import com.nexacrm.security.ScopedToken;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Web forms")
class WebFormController {

	/** Submissions per form and client address per minute. */
	static final int PER_ADDRESS_PER_MINUTE = 20;

	private final WebForms forms;

	private final Records records;

	private final Activities activities;

	private final AuditLog audit;

	private final RateLimiter limiter;

	private final TransactionTemplate transactions;

	private final ReadOnlyOrganizations readOnly;

	WebFormController(WebForms forms, Records records, Activities activities, AuditLog audit, RateLimiter limiter,
			TransactionTemplate transactions, ReadOnlyOrganizations readOnly) {
		this.readOnly = readOnly;
		this.forms = forms;
		this.records = records;
		this.activities = activities;
		this.audit = audit;
		this.limiter = limiter;
		this.transactions = transactions;
	}

	@GetMapping("/api/v1/web-forms")
	@Requires(Permission.LEAD_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The organisation's web forms")
	List<WebForms.Form> list() {
		return this.forms.list();
	}

	@PostMapping("/api/v1/web-forms")
	@Requires(Permission.ORGANIZATION_UPDATE)
	@ResponseStatus(HttpStatus.CREATED)
	@Transactional
	@Operation(summary = "Create a web form", description = "The response's submitUrl (with the form's token) is "
			+ "shown once; post your site's form to it. Each submission becomes a lead that is routed and scored.")
	Map<String, Object> create(@Valid @RequestBody NewForm request) {
		WebForms.Created created = this.forms.create(request.name().strip());
		this.audit.record("web-form", created.form().id(), "created", Map.of("name", created.form().name()));
		return Map.of("form", created.form(), "token", created.token(), "submitUrl",
				"/api/v1/web-forms/" + created.token() + "/submissions");
	}

	@DeleteMapping("/api/v1/web-forms/{formId}")
	@Requires(Permission.ORGANIZATION_UPDATE)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Transactional
	@Operation(summary = "Revoke a web form: its URL stops accepting submissions")
	void revoke(@PathVariable UUID formId) {
		if (this.forms.revoke(formId) == 0) {
			throw ApiProblem.notFound("Web form");
		}
		this.audit.record("web-form", formId, "revoked", Map.of());
	}

	@PostMapping(path = "/api/v1/web-forms/{token}/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Public
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Submit a web form (JSON)", description = "Public: the token in the path is the form's "
			+ "secret. Creates a lead without owner, which lead-to-close routes. Limited per client address.")
	Map<String, Object> submitJson(@PathVariable String token, @Valid @RequestBody Submission submission,
			HttpServletRequest http) {
		return submit(token, submission, http);
	}

	@PostMapping(path = "/api/v1/web-forms/{token}/submissions", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	@Public
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Submit a web form (an HTML form post)")
	Map<String, Object> submitForm(@PathVariable String token, @Valid @ModelAttribute Submission submission,
			HttpServletRequest http) {
		return submit(token, submission, http);
	}

	private Map<String, Object> submit(String token, Submission submission, HttpServletRequest http) {
		ScopedToken parsed = (token.startsWith(WebForms.PREFIX))
				? ScopedToken.parse(token.substring(WebForms.PREFIX.length())).orElse(null) : null;
		if (parsed == null) {
			throw ApiProblem.notFound("Web form");
		}
		var window = this.limiter.hit("web-form:" + parsed.id() + ":" + http.getRemoteAddr(), Duration.ofMinutes(1));
		if (window.count() > PER_ADDRESS_PER_MINUTE) {
			throw new ApiProblem(ProblemType.RATE_LIMITED, "Too many submissions from this address; try again later",
					Map.of("retryAfterSeconds", Math.max(1, window.remaining().toSeconds())));
		}
		if (this.readOnly.isReadOnly(parsed.orgId())) {
			throw new ApiProblem(ProblemType.ORGANIZATION_READ_ONLY, "This form is not accepting submissions");
		}
		if (submission.website() != null && !submission.website().isBlank()) {
			// the honeypot field humans never see: accept quietly, keep nothing
			return Map.of("received", true);
		}
		Tenancy.run(TenantContext.system(parsed.orgId()), () -> this.transactions.execute((status) -> {
			WebForms.Form form = this.forms.verify(parsed).orElseThrow(() -> ApiProblem.notFound("Web form"));
			Map<String, Object> lead = new LinkedHashMap<>();
			lead.put("name", submission.name());
			put(lead, "email", submission.email());
			put(lead, "phone", submission.phone());
			put(lead, "companyName", submission.company());
			put(lead, "title", submission.title());
			lead.put("source", "Web form: " + form.name());
			UUID leadId = (UUID) this.records.create(RecordType.LEAD, lead).get("id");
			if (submission.message() != null && !submission.message().isBlank()) {
				this.activities.add(RecordType.LEAD, leadId, Activities.Kind.NOTE, "Message from the web form",
						submission.message().strip(), Map.of(), null);
			}
			this.forms.counted(form.id());
			return leadId;
		}));
		return Map.of("received", true);
	}

	private static void put(Map<String, Object> map, String key, String value) {
		if (value != null && !value.isBlank()) {
			map.put(key, value.strip());
		}
	}

	record NewForm(@NotBlank @Size(max = 100) String name) {
	}

	/**
	 * A web form's fields; {@code website} is a honeypot left empty by people.
	 */
	record Submission(@NotBlank @Size(max = 200) String name, @Size(max = 254) String email,
			@Size(max = 50) String phone, @Size(max = 300) String company, @Size(max = 100) String title,
			@Size(max = 5000) String message, @Size(max = 200) String website) {
	}

}
