package com.nexacrm.dataio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;

import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The whole organisation's data as one download. */
@RestController
class OrganizationExportController {

	private final OrganizationExport export;

	private final TransactionTemplate snapshot;

	OrganizationExportController(OrganizationExport export, PlatformTransactionManager transactionManager) {
		this.export = export;
		// one snapshot for every file, so the counts and cross-references agree
		this.snapshot = new TransactionTemplate(transactionManager);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	@GetMapping("/api/v1/organization/export.zip")
	@Requires(Permission.DATA_EXPORT)
	@Operation(summary = "Export the whole organisation as a ZIP archive",
			description = "companies.csv, contacts.csv, leads.csv, deals.csv (as the list exports), activities.csv, "
					+ "tasks.csv, pipelines.csv (a row per stage), custom_fields.csv, members.csv and manifest.json "
					+ "(organisation, time, row counts). Streamed; cells starting with = + - @ are prefixed with '.")
	public ResponseEntity<StreamingResponseBody> export() {
		TenantContext tenant = Tenancy.current();
		StreamingResponseBody body = (out) -> Tenancy.run(tenant, () -> this.snapshot.execute((status) -> {
			try {
				this.export.write(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return null;
		}));
		return ResponseEntity.ok()
			.header("Content-Disposition",
					"attachment; filename=\"nexacrm-export-" + LocalDate.now() + "-" + tenant.orgId() + ".zip\"")
			.contentType(MediaType.parseMediaType("application/zip"))
			.body(body);
	}

}
