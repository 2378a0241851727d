package com.nexacrm.dataio;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.deal.Rank;
import com.nexacrm.dataio.ImportJob.Dedupe;
import com.nexacrm.dataio.ImportJob.Mode;
import com.nexacrm.dataio.ImportJobs.Counts;
import com.nexacrm.dataio.ImportJobs.RowError;
import com.nexacrm.pipeline.Pipelines;
import com.nexacrm.pipeline.Pipelines.Pipeline;
import com.nexacrm.pipeline.Pipelines.Stage;
import com.nexacrm.pipeline.Pipelines.StageKind;
import com.nexacrm.record.Ids;
import com.nexacrm.record.RecordCreated;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Visibility;
import com.nexacrm.tenant.Tenancy;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;

/**
 * Writes one batch of rows inside the caller's transaction, with a statement per kind of
 * work rather than per row: references checked, deals placed and ranked, duplicates
 * looked up, new records inserted from arrays with {@code unnest}, duplicates updated,
 * error rows recorded, the job's counters and checkpoint advanced, one audit entry. The
 * batch and its checkpoint commit together or not at all.
 */
@Component
class BatchWriter {

	/** Reference columns a file may fill, and where the ids must exist. */
	private static final List<Reference> REFERENCES = List.of(
			new Reference("owner_id", "membership", "user_id", "ownerId", "a member"),
			new Reference("company_id", "company", "company_id", "companyId", "a company"),
			new Reference("contact_id", "contact", "contact_id", "contactId", "a contact"));

	private final JdbcTemplate jdbc;

	private final ImportJobs jobs;

	private final Pipelines pipelines;

	private final Visibility visibility;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	BatchWriter(JdbcTemplate jdbc, ImportJobs jobs, Pipelines pipelines, Visibility visibility, AuditLog audit,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.pipelines = pipelines;
		this.visibility = visibility;
		this.audit = audit;
		this.events = events;
	}

	/**
	 * Writes the rows read after checkpoint {@code from}, up to {@code to}.
	 * <p>
	 * The batch before may still be writing in another transaction ({@code ahead}): the
	 * rows are written meanwhile, except those whose duplicate key is also in that batch
	 * (its records are not visible yet); those are matched and written after it has
	 * committed, and so is this batch's checkpoint, so batches commit in file order.
	 * @param oneByOne write each record under its own savepoint, so that a row the
	 * database refuses fails alone (the retry after a batch statement failed)
	 * @param ahead the batch before, while it may not have committed
	 * @throws Superseded when the job is no longer running from {@code from}: another
	 * runner wrote this batch, or the job ended
	 * @throws AheadFailed when the batch before did not commit
	 */
	Counts write(ImportPlan plan, List<ParsedRow> rows, long from, long to, boolean oneByOne,
			TransactionStatus transaction, Ahead ahead) {
		if (plan.job().mode() == Mode.SILENT) {
			// The batch commits with its checkpoint, so a crash right after an unflushed
			// commit loses both and the resumed job writes the rows again: nothing is
			// lost
			// or doubled, and the batch need not wait for the WAL flush. The job's end is
			// an ordinary commit, which flushes every batch before the file is deleted.
			// NORMAL imports hand their records to automation after commit, so they wait.
			this.jdbc.execute("set local synchronous_commit = off");
		}
		Map<ParsedRow, String> errors = new IdentityHashMap<>();
		List<ParsedRow> valid = new ArrayList<>();
		for (ParsedRow row : rows) {
			if (row.error() != null) {
				errors.put(row, row.error());
			}
			else {
				valid.add(row);
			}
		}
		checkReferences(valid, errors);
		valid.removeIf(errors::containsKey);
		if (plan.type() == RecordType.DEAL) {
			place(valid, errors);
			valid.removeIf(errors::containsKey);
		}
		List<ParsedRow> held = new ArrayList<>();
		if (!ahead.keys().isEmpty()) {
			List<ParsedRow> now = new ArrayList<>(valid.size());
			for (ParsedRow row : valid) {
				((row.key() != null && ahead.keys().contains(row.key())) ? held : now).add(row);
			}
			valid = now;
		}
		List<ParsedRow> inserts = new ArrayList<>();
		Map<ParsedRow, UUID> updates = new LinkedHashMap<>();
		long skipped = dedupe(plan, valid, inserts, updates, errors);
		if (plan.type() == RecordType.DEAL) {
			rank(inserts);
		}
		Map<ParsedRow, UUID> inserted = new IdentityHashMap<>(insert(plan, inserts, errors, oneByOne, transaction));
		update(plan, updates, errors, oneByOne, transaction);
		ahead.committed().run();
		if (!held.isEmpty()) {
			// a held row's key is in no other row of this batch, so the look-up now sees
			// every earlier row that has it
			List<ParsedRow> heldInserts = new ArrayList<>();
			Map<ParsedRow, UUID> heldUpdates = new LinkedHashMap<>();
			skipped += dedupe(plan, held, heldInserts, heldUpdates, errors);
			inserted.putAll(insert(plan, heldInserts, errors, oneByOne, transaction));
			update(plan, heldUpdates, errors, oneByOne, transaction);
			updates.putAll(heldUpdates);
		}
		long updated = updates.keySet().stream().filter((row) -> !errors.containsKey(row)).count();
		List<RowError> failures = new ArrayList<>();
		for (ParsedRow row : rows) {
			String error = errors.get(row);
			if (error != null) {
				failures.add(new RowError(row.number(), error, row.raw()));
			}
		}
		this.jobs.addErrors(plan.importId(), failures);
		if (plan.job().mode() == Mode.NORMAL) {
			UUID orgId = Tenancy.orgId();
			rows.stream()
				.map(inserted::get)
				.filter(Objects::nonNull)
				.forEach((id) -> this.events.publishEvent(new RecordCreated(orgId, plan.type(), id, true)));
		}
		Counts counts = new Counts(inserted.size(), updated, skipped, failures.size());
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("rows", (from + 1) + "-" + to);
		summary.put("inserted", counts.inserted());
		summary.put("updated", counts.updated());
		summary.put("skipped", counts.skipped());
		summary.put("failed", counts.failed());
		this.audit.record(plan.type().key(), plan.importId(), "imported", summary);
		if (!this.jobs.advance(plan.importId(), from, to, counts)) {
			throw new Superseded();
		}
		return counts;
	}

	/**
	 * Ids the rows name must be of this organisation: one query per kind of reference.
	 */
	private void checkReferences(List<ParsedRow> rows, Map<ParsedRow, String> errors) {
		for (Reference reference : REFERENCES) {
			Set<UUID> named = new HashSet<>();
			for (ParsedRow row : rows) {
				if (row.columns().get(reference.column()) instanceof UUID id) {
					named.add(id);
				}
			}
			if (named.isEmpty()) {
				continue;
			}
			Set<UUID> existing = new HashSet<>(query(
					"select " + reference.idColumn() + " from " + reference.table() + " where org_id = ? and "
							+ reference.idColumn() + " = any(?)",
					(rs) -> rs.getObject(1, UUID.class), Tenancy.orgId(), named.toArray(UUID[]::new)));
			for (ParsedRow row : rows) {
				if (row.columns().get(reference.column()) instanceof UUID id && !existing.contains(id)) {
					errors.merge(row,
							reference.field() + " does not name " + reference.what() + " of this organisation",
							(a, b) -> a + "; " + b);
				}
			}
		}
	}

	/**
	 * A deal goes to the stage named by id, or by name within its pipeline, or to the
	 * first open stage of its pipeline (the organisation's first unless named); its
	 * status is the stage's kind.
	 */
	private void place(List<ParsedRow> rows, Map<ParsedRow, String> errors) {
		List<Pipeline> all = this.pipelines.list();
		Map<UUID, Stage> stages = new HashMap<>();
		all.forEach((pipeline) -> pipeline.stages().forEach((stage) -> stages.put(stage.id(), stage)));
		OffsetDateTime now = OffsetDateTime.now();
		for (ParsedRow row : rows) {
			ParsedRow.Placement wanted = row.placement();
			Stage stage;
			if (wanted.stageId() != null) {
				stage = stages.get(wanted.stageId());
				if (stage == null) {
					errors.put(row, "stageId does not name a stage of this organisation");
					continue;
				}
				if (wanted.pipelineId() != null && !wanted.pipelineId().equals(stage.pipelineId())) {
					errors.put(row, "stageId is not a stage of the pipeline pipelineId names");
					continue;
				}
			}
			else {
				Pipeline pipeline = (wanted.pipelineId() != null)
						? all.stream().filter((p) -> p.id().equals(wanted.pipelineId())).findFirst().orElse(null)
						: all.stream().findFirst().orElse(null);
				if (pipeline == null) {
					errors.put(row,
							(wanted.pipelineId() != null) ? "pipelineId does not name a pipeline of this organisation"
									: "the organisation has no pipeline; create one first");
					continue;
				}
				stage = (wanted.stageName() != null)
						? pipeline.stages()
							.stream()
							.filter((s) -> s.name().equalsIgnoreCase(wanted.stageName()))
							.findFirst()
							.orElse(null)
						: pipeline.stages()
							.stream()
							.filter((s) -> s.kind() == StageKind.OPEN)
							.findFirst()
							.orElse(pipeline.stages().isEmpty() ? null : pipeline.stages().get(0));
				if (stage == null) {
					errors.put(row,
							(wanted.stageName() != null) ? "stage '" + wanted.stageName()
									+ "' is not a stage of the pipeline " + pipeline.name()
									: "the pipeline " + pipeline.name() + " has no stage");
					continue;
				}
			}
			row.columns().put("pipeline_id", stage.pipelineId());
			row.columns().put("stage_id", stage.id());
			row.columns().put("status", stage.kind().name());
			if (stage.kind() != StageKind.OPEN) {
				row.columns().put("closed_at", now);
			}
		}
	}

	/** New deals go to the end of their column, in file order. */
	private void rank(List<ParsedRow> deals) {
		Map<UUID, List<ParsedRow>> byStage = new LinkedHashMap<>();
		deals.forEach((row) -> byStage.computeIfAbsent((UUID) row.columns().get("stage_id"), (k) -> new ArrayList<>())
			.add(row));
		byStage.forEach((stageId, column) -> {
			List<String> last = query(
					"select max(rank) from deal where org_id = ? and pipeline_id = ? and stage_id = ?",
					(rs) -> rs.getString(1), Tenancy.orgId(), column.get(0).columns().get("pipeline_id"), stageId);
			List<String> ranks = Rank.after(last.isEmpty() ? null : last.get(0), column.size());
			for (int i = 0; i < column.size(); i++) {
				column.get(i).columns().put("rank", ranks.get(i));
			}
		});
	}

	/**
	 * Sorts valid rows into inserts and updates; returns how many were skipped as
	 * duplicates. Duplicates are looked up in one query; a key seen earlier in the batch
	 * counts too (the runner ends an UPDATE batch before a key repeats, so that case
	 * arises only for SKIP).
	 */
	private long dedupe(ImportPlan plan, List<ParsedRow> rows, List<ParsedRow> inserts, Map<ParsedRow, UUID> updates,
			Map<ParsedRow, String> errors) {
		Dedupe dedupe = plan.job().dedupe();
		if (plan.keyColumn() == null || dedupe == Dedupe.CREATE) {
			inserts.addAll(rows);
			return 0;
		}
		Set<String> keys = new LinkedHashSet<>();
		rows.forEach((row) -> {
			if (row.key() != null) {
				keys.add(row.key());
			}
		});
		Map<String, Existing> existing = existing(plan, keys);
		Set<String> seen = new HashSet<>();
		long skipped = 0;
		for (ParsedRow row : rows) {
			Existing match = (row.key() != null) ? existing.get(row.key()) : null;
			if (row.key() == null) {
				inserts.add(row);
			}
			else if (match == null && seen.add(row.key())) {
				inserts.add(row);
			}
			else if (dedupe == Dedupe.SKIP) {
				skipped++;
			}
			else if (match != null && match.visible()) {
				updates.put(row, match.id());
			}
			else {
				errors.put(row, "matches a " + plan.type().key() + " with the same " + plan.keyColumn()
						+ " that you cannot see; not updated");
			}
		}
		return skipped;
	}

	private Map<String, Existing> existing(ImportPlan plan, Set<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		RecordType type = plan.type();
		Visibility.Predicate visible = this.visibility.predicate("r.owner_id");
		String sql = "select distinct on (r." + plan.keyIndexColumn() + ") r." + plan.keyIndexColumn() + ", r."
				+ type.idColumn() + ", (" + visible.sql() + ") from " + type.table() + " r where r.org_id = ? and r."
				+ plan.keyIndexColumn() + " = any(?::text[]) order by r." + plan.keyIndexColumn() + ", r.created_at, r."
				+ type.idColumn();
		List<Object> params = new ArrayList<>(visible.params());
		params.add(Tenancy.orgId());
		params.add(keys.toArray(String[]::new));
		Map<String, Existing> existing = new HashMap<>();
		query(sql,
				(rs) -> new Object[] { rs.getString(1), new Existing(rs.getObject(2, UUID.class), rs.getBoolean(3)) },
				params.toArray())
			.forEach((pair) -> existing.put((String) pair[0], (Existing) pair[1]));
		return existing;
	}

	private Map<ParsedRow, UUID> insert(ImportPlan plan, List<ParsedRow> rows, Map<ParsedRow, String> errors,
			boolean oneByOne, TransactionStatus transaction) {
		Map<ParsedRow, UUID> ids = new IdentityHashMap<>();
		if (rows.isEmpty()) {
			return ids;
		}
		RecordType type = plan.type();
		List<String> columns = columnsOf(rows);
		StringBuilder sql = new StringBuilder("insert into ").append(type.table())
			.append(" (org_id, ")
			.append(type.idColumn());
		columns.forEach((column) -> sql.append(", ").append(column));
		sql.append(") select ?, u.v0::uuid");
		for (int i = 0; i < columns.size(); i++) {
			sql.append(", ").append(plan.columns().get(columns.get(i)).insertValue("u.v" + (i + 1)));
		}
		sql.append(" from ").append(unnest(columns.size() + 1));
		Map<ParsedRow, UUID> planned = new LinkedHashMap<>();
		rows.forEach((row) -> planned.put(row, Ids.next()));
		runPerRowIfAsked(rows, errors, oneByOne, transaction, (some) -> {
			Object[] params = new Object[columns.size() + 2];
			params[0] = Tenancy.orgId();
			params[1] = some.stream().map((row) -> planned.get(row).toString()).toArray(String[]::new);
			for (int i = 0; i < columns.size(); i++) {
				String column = columns.get(i);
				params[i + 2] = some.stream().map((row) -> text(row.columns().get(column))).toArray(String[]::new);
			}
			execute(sql.toString(), params);
			some.forEach((row) -> ids.put(row, planned.get(row)));
		});
		Map<ParsedRow, UUID> ordered = new LinkedHashMap<>();
		rows.stream().filter(ids::containsKey).forEach((row) -> ordered.put(row, ids.get(row)));
		return ordered;
	}

	private void update(ImportPlan plan, Map<ParsedRow, UUID> updates, Map<ParsedRow, String> errors, boolean oneByOne,
			TransactionStatus transaction) {
		if (updates.isEmpty()) {
			return;
		}
		RecordType type = plan.type();
		List<ParsedRow> rows = new ArrayList<>(updates.keySet());
		List<String> columns = new ArrayList<>(columnsOf(rows));
		if (rows.stream().noneMatch(ParsedRow::ownerGiven)) {
			columns.remove("owner_id");
		}
		StringBuilder sql = new StringBuilder("update ").append(type.table()).append(" t set ");
		for (int i = 0; i < columns.size(); i++) {
			String column = columns.get(i);
			sql.append(column)
				.append(" = ")
				.append(plan.columns().get(column).updateValue("u.v" + (i + 1), "t." + column))
				.append(", ");
		}
		sql.append("version = t.version + 1, updated_at = now() from ")
			.append(unnest(columns.size() + 1))
			.append(" where t.org_id = ? and t.")
			.append(type.idColumn())
			.append(" = u.v0::uuid");
		runPerRowIfAsked(rows, errors, oneByOne, transaction, (some) -> {
			Object[] params = new Object[columns.size() + 2];
			params[0] = some.stream().map((row) -> updates.get(row).toString()).toArray(String[]::new);
			for (int i = 0; i < columns.size(); i++) {
				String column = columns.get(i);
				params[i + 1] = some.stream()
					.map((row) -> (column.equals("owner_id") && !row.ownerGiven()) ? null
							: text(row.columns().get(column)))
					.toArray(String[]::new);
			}
			params[columns.size() + 1] = Tenancy.orgId();
			execute(sql.toString(), params);
		});
	}

	/**
	 * Runs the statement for all rows, or row by row under savepoints: a row the database
	 * refuses becomes an error row and the others go on.
	 */
	private void runPerRowIfAsked(List<ParsedRow> rows, Map<ParsedRow, String> errors, boolean oneByOne,
			TransactionStatus transaction, RowsWork work) {
		if (!oneByOne) {
			work.run(rows);
			return;
		}
		for (ParsedRow row : rows) {
			Object savepoint = transaction.createSavepoint();
			try {
				work.run(List.of(row));
				transaction.releaseSavepoint(savepoint);
			}
			catch (DataAccessException ex) {
				transaction.rollbackToSavepoint(savepoint);
				errors.put(row, "could not be saved: " + firstLine(ImportIntake.rootMessage(ex)));
			}
		}
	}

	private static String firstLine(String message) {
		String line = message.lines().findFirst().orElse(message).replaceFirst("^ERROR: ", "");
		return (line.length() > 300) ? line.substring(0, 300) : line;
	}

	private static List<String> columnsOf(List<ParsedRow> rows) {
		Set<String> columns = new LinkedHashSet<>();
		rows.forEach((row) -> columns.addAll(row.columns().keySet()));
		return new ArrayList<>(columns);
	}

	private static String unnest(int arrays) {
		StringBuilder sql = new StringBuilder("unnest(");
		StringBuilder names = new StringBuilder(" as u(");
		for (int i = 0; i < arrays; i++) {
			sql.append((i > 0) ? ", " : "").append("?::text[]");
			names.append((i > 0) ? ", " : "").append("v").append(i);
		}
		return sql.append(")").append(names).append(")").toString();
	}

	/** A value as PostgreSQL reads it from text, to be cast to the column's type. */
	static String text(Object value) {
		return switch (value) {
			case null -> null;
			case String text -> text;
			case BigDecimal number -> number.toPlainString();
			case String[] array -> arrayLiteral(array);
			default -> value.toString();
		};
	}

	private static String arrayLiteral(String[] values) {
		StringBuilder literal = new StringBuilder("{");
		for (int i = 0; i < values.length; i++) {
			literal.append((i > 0) ? "," : "")
				.append('"')
				.append(values[i].replace("\\", "\\\\").replace("\"", "\\\""))
				.append('"');
		}
		return literal.append('}').toString();
	}

	private int execute(String sql, Object... params) {
		return Objects.requireNonNull(this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				bind(connection, statement, params);
				return statement.executeUpdate();
			}
		}));
	}

	private <T> List<T> query(String sql, ResultMapper<T> mapper, Object... params) {
		return Objects.requireNonNull(this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				bind(connection, statement, params);
				List<T> results = new ArrayList<>();
				try (var rs = statement.executeQuery()) {
					while (rs.next()) {
						results.add(mapper.map(rs));
					}
				}
				return results;
			}
		}));
	}

	private static void bind(Connection connection, PreparedStatement statement, Object[] params) throws SQLException {
		for (int i = 0; i < params.length; i++) {
			Object value = switch (params[i]) {
				case String[] strings -> connection.createArrayOf("text", strings);
				case UUID[] uuids -> connection.createArrayOf("uuid", uuids);
				case null, default -> params[i];
			};
			statement.setObject(i + 1, value);
		}
	}

	@FunctionalInterface
	private interface ResultMapper<T> {

		T map(java.sql.ResultSet rs) throws SQLException;

	}

	@FunctionalInterface
	private interface RowsWork {

		void run(List<ParsedRow> rows);

	}

	private record Reference(String column, String table, String idColumn, String field, String what) {
	}

	/**
	 * The batch before one being written, while it may not have committed.
	 *
	 * @param keys the duplicate keys of its rows (empty when nothing is matched by key)
	 * @param committed waits until it has committed; throws {@link AheadFailed} if it did
	 * not
	 */
	record Ahead(Set<String> keys, Runnable committed) {

		/** No batch before, or one that has committed. */
		static final Ahead NONE = new Ahead(Set.of(), () -> {
		});

	}

	/** The batch before did not commit, so this one must not. */
	static class AheadFailed extends RuntimeException {

		AheadFailed(Throwable cause) {
			super("The batch before did not commit", cause, false, false);
		}

	}

	private record Existing(UUID id, boolean visible) {
	}

	/**
	 * The job moved on without this runner: it ended, or another runner wrote the batch.
	 */
	static class Superseded extends RuntimeException {

		Superseded() {
			super("The import moved on without this runner", null, false, false);
		}

	}

}
