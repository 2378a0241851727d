package com.nexacrm.customfield;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.CustomFields;
import com.nexacrm.record.CustomFields.Definition;
import com.nexacrm.record.RecordType;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
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
@RequestMapping("/api/v1/custom-fields")
@Tag(name = "Custom fields", description = "Fields an organisation adds to its records; validated, filterable, "
		+ "sortable, in import and export")
class CustomFieldController {

	private static final List<String> TYPES = List.of("TEXT", "NUMBER", "DATE", "SELECT", "MULTI_SELECT", "CURRENCY",
			"BOOLEAN", "URL", "EMAIL");

	private final CustomFields fields;

	private final JdbcClient jdbc;

	private final AuditLog audit;

	CustomFieldController(CustomFields fields, JdbcClient jdbc, AuditLog audit) {
		this.fields = fields;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	@GetMapping
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Custom fields, of one record type or all")
	List<Definition> list(@RequestParam(required = false) String entity) {
		return (entity != null) ? this.fields.list(type(entity)) : this.fields.listAll();
	}

	@PostMapping
	@Requires(Permission.ORGANIZATION_UPDATE)
	@Transactional
	@Operation(summary = "Add a custom field", description = "type: " + "TEXT, NUMBER, DATE, SELECT, MULTI_SELECT, "
			+ "CURRENCY, BOOLEAN, URL, EMAIL. Selects need options. The key names it in the API as custom.<key>.")
	ResponseEntity<Definition> create(@Valid @RequestBody NewField request) {
		if (!TYPES.contains(request.type())) {
			throw new ApiProblem(ProblemType.VALIDATION, "type must be one of " + String.join(", ", TYPES));
		}
		List<String> options = checkedOptions(request.type(), request.options());
		try {
			Definition created = this.fields.create(type(request.entity()), request.key(), request.label().trim(),
					request.type(), options, Boolean.TRUE.equals(request.required()),
					(request.position() != null) ? request.position() : 0);
			this.audit.record("custom_field", created.id(), "created",
					Map.of("entity", request.entity(), "key", request.key(), "type", request.type()));
			return ResponseEntity.status(HttpStatus.CREATED).body(created);
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "A field with this key exists on " + request.entity());
		}
	}

	@PatchMapping("/{fieldId}")
	@Requires(Permission.ORGANIZATION_UPDATE)
	@Transactional
	@Operation(summary = "Change a field's label, options, required flag or position (not its key or type)")
	Definition update(@PathVariable UUID fieldId, @Valid @RequestBody FieldChange request) {
		Definition current = this.fields.find(fieldId).orElseThrow(() -> ApiProblem.notFound("Custom field"));
		List<String> options = (request.options() != null) ? checkedOptions(current.type(), request.options())
				: current.options();
		this.fields.update(fieldId, (request.label() != null) ? request.label().trim() : current.label(), options,
				(request.required() != null) ? request.required() : current.required(),
				(request.position() != null) ? request.position() : current.position());
		this.audit.record("custom_field", fieldId, "updated", Map.of("key", current.key()));
		return this.fields.find(fieldId).orElseThrow();
	}

	@DeleteMapping("/{fieldId}")
	@Requires(Permission.ORGANIZATION_UPDATE)
	@Transactional
	@Operation(summary = "Delete a field and its values on every record")
	ResponseEntity<Void> delete(@PathVariable UUID fieldId) {
		Definition current = this.fields.find(fieldId).orElseThrow(() -> ApiProblem.notFound("Custom field"));
		this.jdbc
			.sql("update " + type(current.entity()).table()
					+ " set custom = custom - ? where org_id = ? and custom ? ?")
			.params(current.key(), Tenancy.orgId(), current.key())
			.update();
		this.fields.delete(fieldId);
		this.audit.record("custom_field", fieldId, "deleted", Map.of("key", current.key()));
		return ResponseEntity.noContent().build();
	}

	private static RecordType type(String entity) {
		return RecordType.ofKey(entity)
			.orElseThrow(() -> new ApiProblem(ProblemType.VALIDATION, "entity must be company, contact, lead or deal"));
	}

	private static List<String> checkedOptions(String type, List<String> options) {
		List<String> clean = (options != null) ? options.stream().map(String::trim).distinct().toList() : List.of();
		boolean select = type.equals("SELECT") || type.equals("MULTI_SELECT");
		if (select && clean.isEmpty()) {
			throw new ApiProblem(ProblemType.VALIDATION, "A select field needs options");
		}
		if (!select && !clean.isEmpty()) {
			throw new ApiProblem(ProblemType.VALIDATION, "Only select fields have options");
		}
		if (clean.stream().anyMatch((option) -> option.isEmpty() || option.length() > 100)) {
			throw new ApiProblem(ProblemType.VALIDATION, "Options are 1 to 100 characters");
		}
		return clean;
	}

	record NewField(@NotBlank String entity,
			@NotBlank @Pattern(regexp = "^[a-z][a-z0-9_]{0,39}$",
					message = "must be lower-case letters, digits or _ (start with a letter, at most 40)") String key,
			@NotBlank @Size(max = 100) String label, @NotNull String type, @Size(max = 200) List<String> options,
			Boolean required, @Min(0) @Max(1000) Integer position) {
	}

	record FieldChange(@Size(min = 1, max = 100) String label, @Size(max = 200) List<String> options, Boolean required,
			@Min(0) @Max(1000) Integer position) {
	}

}
