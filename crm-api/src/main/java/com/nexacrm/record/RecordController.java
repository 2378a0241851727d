package com.nexacrm.record;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.RecordAction;
import com.nexacrm.security.RecordAction.Action;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The endpoints every record type has: list with filters, sort and cursor; get; create;
 * update (with the version for optimistic concurrency); delete; timeline; audit.
 * Subclasses name the type with {@code @RecordResource}, which also decides each
 * endpoint's permission.
 */
@Validated
public abstract class RecordController {

	protected final Records records;

	protected final Activities activities;

	protected final AuditLog audit;

	protected final Duplicates duplicates;

	protected final Merges merges;

	protected final CsvExport export;

	protected final TransactionTemplate transactions;

	protected RecordController(RecordServices services) {
		this.records = services.records();
		this.activities = services.activities();
		this.audit = services.audit();
		this.duplicates = services.duplicates();
		this.merges = services.merges();
		this.export = services.export();
		this.transactions = services.transactions();
	}

	protected abstract RecordType type();

	@GetMapping
	@RecordAction(Action.READ)
	@Transactional(readOnly = true)
	@Operation(summary = "List, filter, sort, page",
			description = "filter=field:op:value (ops eq ne lt lte gt gte contains in empty notempty has; "
					+ "custom fields as custom.key; ownerId:eq:me), q=search text, sort=field or -field, "
					+ "limit 1-200, cursor=nextCursor of the previous page. Honours the role's visibility.")
	public Records.Page list(@RequestParam(required = false) List<String> filter,
			@RequestParam(required = false) @Size(max = 200) String q,
			@RequestParam(required = false) @Size(max = 60) String sort,
			@RequestParam(required = false) @Min(1) @Max(200) Integer limit,
			@RequestParam(required = false) @Size(max = 1000) String cursor) {
		return this.records.list(type(), ListRequest.of(filter, q, sort, limit, cursor));
	}

	@GetMapping("/export.csv")
	@RecordAction(Action.READ)
	@Operation(summary = "Export the list as CSV",
			description = "Same filters, search and sort as the list, every matching record, streamed. Cells "
					+ "starting with = + - @ are prefixed with ' so spreadsheets do not run them.")
	public ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) List<String> filter,
			@RequestParam(required = false) @Size(max = 200) String q,
			@RequestParam(required = false) @Size(max = 60) String sort) {
		ListRequest request = ListRequest.of(filter, q, sort, null, null);
		TenantContext tenant = Tenancy.current();
		// validate the filters now, while the error can still be a 400
		this.records.list(type(), new ListRequest(request.filters(), request.q(), request.sort(), 1, null));
		StreamingResponseBody body = (out) -> Tenancy.run(tenant, () -> this.transactions.execute((status) -> {
			this.export.write(type(), request, out);
			return null;
		}));
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"" + type().plural() + ".csv\"")
			.contentType(org.springframework.http.MediaType.parseMediaType("text/csv; charset=UTF-8"))
			.body(body);
	}

	@GetMapping("/{id}")
	@RecordAction(Action.READ)
	@Transactional(readOnly = true)
	@Operation(summary = "One record")
	public Map<String, Object> get(@PathVariable UUID id) {
		return this.records.get(type(), id);
	}

	@PostMapping
	@RecordAction(Action.CREATE)
	@Transactional
	@Operation(summary = "Create a record",
			description = "The response lists possibleDuplicates (same email or domain, similar name) when there are any.")
	public ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
		Map<String, Object> created = new LinkedHashMap<>(this.records.create(type(), body));
		List<Map<String, Object>> similar = this.duplicates.of(type(), created);
		if (!similar.isEmpty()) {
			created.put("possibleDuplicates", similar);
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(created);
	}

	@PatchMapping("/{id}")
	@RecordAction(Action.UPDATE)
	@Transactional
	@Operation(summary = "Change fields",
			description = "Send version to apply the change only to the version you saw: a stale version is a 409 "
					+ "whose body carries the current record.")
	public Map<String, Object> update(@PathVariable UUID id, @RequestBody Map<String, Object> body) {
		Integer version = null;
		if (body.get("version") != null) {
			if (!(body.get("version") instanceof Integer number)) {
				throw new ApiProblem(ProblemType.VALIDATION, "version must be a whole number");
			}
			version = number;
		}
		return this.records.update(type(), id, body, version);
	}

	@DeleteMapping("/{id}")
	@RecordAction(Action.DELETE)
	@Transactional
	@Operation(summary = "Delete a record and its timeline")
	public ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.records.delete(type(), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/timeline")
	@RecordAction(Action.READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The record's timeline, newest first",
			description = "before=the last activity id of the previous page")
	public List<Activities.Activity> timeline(@PathVariable UUID id,
			@RequestParam(required = false) @Min(1) @Max(200) Integer limit,
			@RequestParam(required = false) @Parameter(description = "activity id") UUID before) {
		this.records.get(type(), id);
		return this.activities.list(type(), id, (limit != null) ? limit : 50, before);
	}

	@PostMapping("/{id}/activities")
	@RecordAction(Action.UPDATE)
	@Transactional
	@Operation(summary = "Log a call, meeting, email or note on the record")
	public ResponseEntity<Activities.Activity> log(@PathVariable UUID id, @Valid @RequestBody NewActivity body) {
		this.records.get(type(), id);
		if (body.kind() == Activities.Kind.STAGE_CHANGE || body.kind() == Activities.Kind.SYSTEM) {
			throw new ApiProblem(ProblemType.VALIDATION, "kind must be CALL, MEETING, EMAIL or NOTE");
		}
		Activities.Activity activity = this.activities.add(type(), id, body.kind(), body.subject(), body.body(),
				Map.of(), body.occurredAt());
		this.audit.record(type().key(), id, "activity-logged", Map.of("kind", body.kind().name()));
		return ResponseEntity.status(HttpStatus.CREATED).body(activity);
	}

	@GetMapping("/{id}/audit")
	@RecordAction(Action.READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Who changed what on the record, newest first")
	public List<AuditLog.Entry> auditTrail(@PathVariable UUID id) {
		this.records.get(type(), id);
		return this.audit.of(type().key(), id, 200);
	}

	/** A logged activity. */
	public record NewActivity(@NotNull Activities.Kind kind, @Size(max = 300) String subject,
			@Size(max = 20000) String body, OffsetDateTime occurredAt) {
	}

}
