package com.nexacrm.dataio;

import com.nexacrm.audit.AuditLog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.dataio.ImportJob.Dedupe;
import com.nexacrm.dataio.ImportJob.Mode;
import com.nexacrm.dataio.ImportJob.Status;
import com.nexacrm.record.RecordType;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The current organisation's import jobs and their error rows. */
@Repository
class ImportJobs {

	private static final String SELECT = """
			select import_id, entity, status, mode, dedupe, mapping::text, file_name, file_bytes, rows_read, inserted,
			       updated, skipped, failed, message, created_by, created_at, started_at, finished_at
			from import_job""";

	private final AuditLog audit;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final ObjectMapper json;

	ImportJobs(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json, AuditLog audit) {
		this.audit = audit;
		this.jdbc = jdbc;
		this.template = template;
		this.json = json;
	}

	void create(UUID importId, RecordType type, Mode mode, Dedupe dedupe, Map<String, String> mapping, String fileName,
			long fileBytes, UUID createdBy) {
		this.jdbc.sql("""
				insert into import_job (org_id, import_id, entity, status, mode, dedupe, mapping, file_name,
				                        file_bytes, created_by)
				values (?, ?, ?, 'QUEUED', ?, ?, ?::jsonb, ?, ?, ?)""")
			.params(Tenancy.orgId(), importId, type.key(), mode.name(), dedupe.name(), write(mapping), fileName,
					fileBytes, createdBy)
			.update();
	}

	Optional<ImportJob> find(UUID importId) {
		return this.jdbc.sql(SELECT + " where org_id = ? and import_id = ?")
			.params(Tenancy.orgId(), importId)
			.query((rs, n) -> map(rs))
			.optional();
	}

	/** Newest first; only those of {@code createdBy} unless it is {@code null}. */
	List<ImportJob> list(UUID createdBy, int limit) {
		return this.jdbc
			.sql(SELECT + " where org_id = ? and (?::uuid is null or created_by = ?)"
					+ " order by created_at desc, import_id desc limit ?")
			.params(Tenancy.orgId(), createdBy, createdBy, limit)
			.query((rs, n) -> map(rs))
			.list();
	}

	long active() {
		return this.jdbc.sql("select count(*) from import_job where org_id = ? and status in ('QUEUED', 'RUNNING')")
			.param(Tenancy.orgId())
			.query(Long.class)
			.single();
	}

	/** Marks the job running; false when it is no longer queued or running. */
	boolean start(UUID importId) {
		return this.jdbc.sql("""
				update import_job set status = 'RUNNING', started_at = coalesce(started_at, now())
				where org_id = ? and import_id = ? and status in ('QUEUED', 'RUNNING')""")
			.params(Tenancy.orgId(), importId)
			.update() == 1;
	}

	/**
	 * Moves the checkpoint from {@code from} to {@code to} and adds the batch's counts,
	 * only if the job is running and still at {@code from}. Two runners of one job (two
	 * replicas resuming it) wait on each other's row lock here, and the one that comes
	 * second finds the checkpoint moved, so no batch is ever written twice.
	 * @return whether the checkpoint moved (else the caller must roll back)
	 */
	boolean advance(UUID importId, long from, long to, Counts counts) {
		return this.jdbc.sql("""
				update import_job set rows_read = ?, inserted = inserted + ?, updated = updated + ?,
				                      skipped = skipped + ?, failed = failed + ?
				where org_id = ? and import_id = ? and status = 'RUNNING' and rows_read = ?""")
			.params(to, counts.inserted(), counts.updated(), counts.skipped(), counts.failed(), Tenancy.orgId(),
					importId, from)
			.update() == 1;
	}

	void finish(UUID importId, Status status, String message) {
		int finished = this.jdbc.sql("""
				update import_job set status = ?, message = ?, finished_at = now()
				where org_id = ? and import_id = ? and status in ('QUEUED', 'RUNNING')""")
			.params(status.name(), message, Tenancy.orgId(), importId)
			.update();
		if (finished > 0) {
			this.audit.record("import", importId, status.name().toLowerCase(java.util.Locale.ROOT),
					Map.of("message", String.valueOf(message)));
		}
	}

	/** The rows that could not be imported, in one statement. */
	void addErrors(UUID importId, List<RowError> errors) {
		if (errors.isEmpty()) {
			return;
		}
		Long[] numbers = errors.stream().map(RowError::rowNumber).toArray(Long[]::new);
		String[] messages = errors.stream().map((e) -> clean(e.message())).toArray(String[]::new);
		String[] raws = errors.stream().map((e) -> clean(e.raw())).toArray(String[]::new);
		this.template.execute((java.sql.Connection connection) -> {
			try (var statement = connection.prepareStatement("""
					insert into import_error (org_id, import_id, row_number, message, raw)
					select ?, ?, u.n, u.m, u.r from unnest(?::bigint[], ?::text[], ?::text[]) as u(n, m, r)
					on conflict do nothing""")) {
				statement.setObject(1, Tenancy.orgId());
				statement.setObject(2, importId);
				statement.setArray(3, connection.createArrayOf("int8", numbers));
				statement.setArray(4, connection.createArrayOf("text", messages));
				statement.setArray(5, connection.createArrayOf("text", raws));
				return statement.executeUpdate();
			}
		});
	}

	/** Every error row in row order, one at a time. */
	void streamErrors(UUID importId, RowCallbackHandler handler) {
		this.template.query((connection) -> {
			var statement = connection.prepareStatement(
					"select row_number, message, raw from import_error where org_id = ? and import_id = ? order by row_number");
			statement.setFetchSize(1000);
			statement.setObject(1, Tenancy.orgId());
			statement.setObject(2, importId);
			return statement;
		}, handler);
	}

	/** PostgreSQL text cannot hold NUL characters; a CSV cell can. */
	static String clean(String text) {
		return (text == null || text.indexOf('\0') < 0) ? text : text.replace('\0', '\uFFFD');
	}

	private ImportJob map(ResultSet rs) throws SQLException {
		return new ImportJob(rs.getObject(1, UUID.class), rs.getString(2), Status.valueOf(rs.getString(3)),
				Mode.valueOf(rs.getString(4)), Dedupe.valueOf(rs.getString(5)), read(rs.getString(6)), rs.getString(7),
				rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13),
				rs.getString(14), rs.getObject(15, UUID.class), rs.getObject(16, OffsetDateTime.class),
				rs.getObject(17, OffsetDateTime.class), rs.getObject(18, OffsetDateTime.class));
	}

	private String write(Map<String, String> mapping) {
		try {
			return this.json.writeValueAsString(mapping);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Map<String, String> read(String text) {
		try {
			return this.json.readValue(text, new TypeReference<java.util.LinkedHashMap<String, String>>() {
			});
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What a batch did with its rows. */
	record Counts(long inserted, long updated, long skipped, long failed) {

		long total() {
			return this.inserted + this.updated + this.skipped + this.failed;
		}

	}

	/** A row that was not imported, and why. */
	record RowError(long rowNumber, String message, String raw) {
	}

}
