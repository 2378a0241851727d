package com.nexacrm.dataio;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.CsvExport;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.WebUtils;

/**
 * CSV imports: upload a file to start one, follow its progress, download the rows that
 * failed. Members who may export the whole organisation (owners, admins) and API keys see
 * every import; others see the imports they started.
 */
@RestController
@RequestMapping("/api/v1/imports")
@Validated
class ImportController {

	private final ImportIntake intake;

	private final ImportRunner runner;

	private final ImportJobs jobs;

	private final TransactionTemplate transactions;

	ImportController(ImportIntake intake, ImportRunner runner, ImportJobs jobs, TransactionTemplate transactions) {
		this.intake = intake;
		this.runner = runner;
		this.jobs = jobs;
		this.transactions = transactions;
	}

	@PostMapping
	@Requires(Permission.DATA_IMPORT)
	@Operation(summary = "Start a CSV import",
			description = "multipart/form-data with the parts file (the CSV, UTF-8, first line the header), entity "
					+ "(company, contact, lead or deal), mapping (optional JSON object of CSV column to field name, "
					+ "e.g. {\"E-mail\":\"email\",\"Region\":\"custom.region\"}; without it, columns named like a "
					+ "field map to it), dedupe (SKIP, UPDATE or CREATE; default SKIP) and mode (NORMAL, or SILENT "
					+ "to start no automation). Needs the create permission of the record type too (and update "
					+ "for dedupe=UPDATE), and a signed-in member. Answers 202 with the queued job.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
							schema = @Schema(implementation = ImportForm.class))))
	public ResponseEntity<ImportJob> create(HttpServletRequest request) {
		MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
		if (multipart == null) {
			throw new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
					"Send the file as multipart/form-data with the parts file and entity");
		}
		ImportJob job = this.intake
			.accept(new ImportIntake.Upload(multipart.getParameter("entity"), multipart.getParameter("mapping"),
					multipart.getParameter("dedupe"), multipart.getParameter("mode"), multipart.getFile("file")));
		this.runner.submit(Tenancy.orgId(), job.id());
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/imports/" + job.id())).body(job);
	}

	@GetMapping
	@Requires(Permission.DATA_IMPORT)
	@Transactional(readOnly = true)
	@Operation(summary = "Imports, newest first")
	public List<ImportJob> list(@RequestParam(required = false) @Min(1) @Max(200) Integer limit) {
		return this.jobs.list(onlyOwnImports(), (limit != null) ? limit : 50);
	}

	@GetMapping("/{importId}")
	@Requires(Permission.DATA_IMPORT)
	@Transactional(readOnly = true)
	@Operation(summary = "An import's progress",
			description = "status QUEUED, RUNNING, COMPLETED or FAILED; rowsRead, inserted, updated, skipped and "
					+ "failed grow as batches commit.")
	public ImportJob get(@PathVariable UUID importId) {
		return find(importId);
	}

	@GetMapping("/{importId}/errors.csv")
	@Requires(Permission.DATA_IMPORT)
	@Operation(summary = "The rows an import could not take, as CSV",
			description = "row_number (data rows from 1, the header not counted), message and raw (the row as read, "
					+ "at most 2,000 characters). Cells starting with = + - @ are prefixed with '.")
	public ResponseEntity<StreamingResponseBody> errors(@PathVariable UUID importId) {
		this.transactions.executeWithoutResult((status) -> find(importId));
		TenantContext tenant = Tenancy.current();
		StreamingResponseBody body = (out) -> Tenancy.run(tenant, () -> this.transactions.execute((status) -> {
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			try {
				CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180);
				csv.printRecord("row_number", "message", "raw");
				this.jobs.streamErrors(importId, (rs) -> {
					try {
						csv.printRecord(rs.getLong(1), CsvExport.safe(rs.getString(2)),
								CsvExport.safe(String.valueOf(rs.getString(3))));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
				csv.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return null;
		}));
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"import-" + importId + "-errors.csv\"")
			.contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
			.body(body);
	}

	private ImportJob find(UUID importId) {
		UUID only = onlyOwnImports();
		return this.jobs.find(importId)
			.filter((job) -> only == null || only.equals(job.createdBy()))
			.orElseThrow(() -> ApiProblem.notFound("Import"));
	}

	/**
	 * The member whose imports alone the caller sees, or {@code null} for all: an
	 * import's error rows carry raw data, so seeing others' needs the right to export
	 * everything.
	 */
	private static UUID onlyOwnImports() {
		TenantContext caller = Tenancy.current();
		if (caller.role() == null || caller.role().can(Permission.DATA_EXPORT)) {
			return null;
		}
		return caller.userId();
	}

	/** The parts of an import request, for the API documentation. */
	record ImportForm(
			@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED) String file,
			@Schema(allowableValues = {
					"company", "contact", "lead", "deal" }, requiredMode = Schema.RequiredMode.REQUIRED) String entity,
			@Schema(description = "JSON object: CSV column to field API name") String mapping,
			@Schema(allowableValues = { "SKIP", "UPDATE", "CREATE" }, defaultValue = "SKIP") String dedupe,
			@Schema(allowableValues = { "SILENT", "NORMAL" }, defaultValue = "NORMAL") String mode){
	}

}
