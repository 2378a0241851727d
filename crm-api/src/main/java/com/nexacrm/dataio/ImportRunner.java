package com.nexacrm.dataio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.nexacrm.dataio.ImportJob.Dedupe;
import com.nexacrm.dataio.ImportJob.Status;
import com.nexacrm.record.RecordSchemas;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs imports in the background, a few at a time, each as the member who started it. The
 * file is read as a stream and written in batches; each batch commits with the job's
 * checkpoint (rows read), so a crash loses no committed batch and repeats none: after a
 * restart, every file still waiting in the imports directory is a job to resume from its
 * checkpoint. The file is deleted when its job ends.
 *
 * <p>
 * The executor is this component's own rather than a bean: a {@code TaskExecutor} bean
 * would take the place of the application's default executor for {@code @Async} work.
 */
@Component
class ImportRunner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

	/** A file this old with no job was left by an upload that did not finish. */
	private static final Duration ORPHAN_AGE = Duration.ofMinutes(10);

	private final ImportSettings settings;

	private final ImportJobs jobs;

	private final BatchWriter writer;

	private final Records records;

	private final RecordSchemas schemas;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ThreadPoolTaskExecutor executor;

	private final ThreadPoolTaskExecutor writers;

	private volatile boolean stopping;

	ImportRunner(ImportSettings settings, ImportJobs jobs, BatchWriter writer, Records records, RecordSchemas schemas,
			JdbcClient jdbc, TransactionTemplate transactions) {
		this.settings = settings;
		this.jobs = jobs;
		this.writer = writer;
		this.records = records;
		this.schemas = schemas;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.executor = new ThreadPoolTaskExecutor();
		this.executor.setCorePoolSize(settings.workers());
		this.executor.setMaxPoolSize(settings.workers());
		this.executor.setQueueCapacity(10_000);
		this.executor.setThreadNamePrefix("import-");
		this.executor.setWaitForTasksToCompleteOnShutdown(true);
		this.executor.setAwaitTerminationSeconds(30);
		this.executor.initialize();
		this.writers = new ThreadPoolTaskExecutor();
		// a thread for every batch in flight of every running job (Writes): a batch
		// waiting for the one before must never keep that one from a thread
		this.writers.setCorePoolSize(settings.workers() * settings.batchesInFlight());
		this.writers.setMaxPoolSize(settings.workers() * settings.batchesInFlight());
		this.writers.setThreadNamePrefix("import-writer-");
		this.writers.setWaitForTasksToCompleteOnShutdown(true);
		this.writers.setAwaitTerminationSeconds(30);
		this.writers.initialize();
	}

	/** Runs the job in the background. */
	void submit(UUID orgId, UUID importId) {
		try {
			this.executor.execute(() -> run(orgId, importId));
		}
		catch (TaskRejectedException ex) {
			// the job stays queued with its file, and the next start resumes it
			log.warn("Import {} could not be queued on this replica now", importId);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void resumeAfterStart() {
		int resumed = resumePending();
		if (resumed > 0) {
			log.info("Resuming {} imports left queued or running", resumed);
		}
	}

	/**
	 * Submits every job whose file is still waiting (queued, or running when the process
	 * stopped) and removes files no job will read. The file's path names the organisation
	 * and the job, so nothing has to be read across tenants to find them.
	 * @return how many jobs were submitted
	 */
	int resumePending() {
		Path root = this.settings.directory();
		if (!Files.isDirectory(root)) {
			return 0;
		}
		int submitted = 0;
		try (DirectoryStream<Path> orgs = Files.newDirectoryStream(root)) {
			for (Path orgDirectory : orgs) {
				UUID orgId = uuid(orgDirectory.getFileName().toString());
				if (orgId == null || !Files.isDirectory(orgDirectory)) {
					continue;
				}
				try (DirectoryStream<Path> files = Files.newDirectoryStream(orgDirectory)) {
					for (Path file : files) {
						String name = file.getFileName().toString();
						UUID importId = uuid(name.replaceFirst("\\.csv$", ""));
						if (name.endsWith(".csv") && importId != null) {
							submit(orgId, importId);
							submitted++;
						}
						else if (name.endsWith(".part") && isOld(file)) {
							Files.deleteIfExists(file);
						}
					}
				}
				deleteIfEmpty(orgDirectory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return submitted;
	}

	/**
	 * Runs (or resumes) one job to its end on the calling thread. Does nothing when the
	 * job has ended or another runner holds it.
	 */
	void run(UUID orgId, UUID importId) {
		if (this.stopping) {
			return;
		}
		TenantContext system = TenantContext.system(orgId);
		Path file = this.settings.fileOf(orgId, importId);
		try {
			ImportJob job = inTransaction(system, () -> this.jobs.find(importId).orElse(null));
			if (job == null) {
				if (isOld(file)) {
					Files.deleteIfExists(file);
				}
				return;
			}
			if (!job.status().isActive()) {
				Files.deleteIfExists(file);
				return;
			}
			Optional<Role> role = inTransaction(system,
					() -> this.jdbc.sql("select role from membership where org_id = ? and user_id = ?")
						.params(orgId, job.createdBy())
						.query((rs, n) -> Role.valueOf(rs.getString(1)))
						.optional());
			String refusal = refusal(job, role);
			if (refusal != null) {
				end(system, job.id(), Status.FAILED, refusal, file);
				return;
			}
			TenantContext importer = new TenantContext(orgId, job.createdBy(), role.get(), null);
			Tenancy.run(importer, () -> {
				process(job, file);
				return null;
			});
		}
		catch (BatchWriter.Superseded ex) {
			log.info("Import {} is being run elsewhere or has ended; this runner stops", importId);
		}
		catch (IOException | RuntimeException ex) {
			if (this.stopping) {
				return;
			}
			log.error("Import {} failed", importId, ex);
			end(system, importId, Status.FAILED,
					"The import stopped on an unexpected error; the rows counted as read were imported. "
							+ "Quote import " + importId + " when reporting it.",
					file);
		}
	}

	private void process(ImportJob job, Path file) {
		if (!Files.exists(file)) {
			end(Tenancy.current(), job.id(), Status.FAILED,
					"The uploaded file is no longer on this server; upload it again", file);
			return;
		}
		RecordType type = RecordType.ofKey(job.entity()).orElseThrow();
		String unreadable = null;
		long checkpoint = job.rowsRead();
		try (CsvFiles.GuardedReader reader = CsvFiles.open(file); CSVParser parser = CsvFiles.FORMAT.parse(reader)) {
			Iterator<CSVRecord> records = parser.iterator();
			List<String> header = records.next().stream().map(String::trim).toList();
			reader.recordEnded();
			ImportPlan plan = this.transactions.execute((status) -> {
				if (!this.jobs.start(job.id())) {
					throw new BatchWriter.Superseded();
				}
				return new ImportPlan(job, type, this.schemas.of(type), TableColumns.of(this.jdbc, type.table()),
						new ImportMapping(job.mapping()), header);
			});
			RowParser rows = new RowParser(plan, this.records, job.createdBy());
			long number = 0;
			while (number < checkpoint && records.hasNext()) {
				records.next();
				reader.recordEnded();
				number++;
			}
			Writes writes = new Writes(plan, checkpoint);
			List<ParsedRow> batch = new ArrayList<>(this.settings.batchSize());
			Set<String> keys = new HashSet<>();
			while (!this.stopping) {
				CSVRecord record;
				try {
					if (!records.hasNext()) {
						break;
					}
					record = records.next();
				}
				catch (UncheckedIOException | IllegalStateException ex) {
					unreadable = unreadable(number + 1, ex);
					break;
				}
				reader.recordEnded();
				number++;
				ParsedRow row = rows.parse(number, record);
				if (job.dedupe() == Dedupe.UPDATE && row.key() != null && !keys.add(row.key())) {
					// the key repeats: the earlier row must commit before this one
					// updates it
					writes.submit(batch);
					batch = new ArrayList<>(this.settings.batchSize());
					keys.clear();
					keys.add(row.key());
				}
				batch.add(row);
				if (batch.size() >= this.settings.batchSize()) {
					writes.submit(batch);
					batch = new ArrayList<>(this.settings.batchSize());
					keys.clear();
				}
			}
			if (!this.stopping) {
				writes.submit(batch);
			}
			writes.await();
			if (this.stopping) {
				// the job stays running from its checkpoint; the next start resumes it
				return;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ImportJob done = this.transactions.execute((status) -> this.jobs.find(job.id()).orElseThrow());
		if (unreadable != null) {
			end(Tenancy.current(), job.id(), Status.FAILED,
					unreadable + ". The rows before it were imported: " + summary(done), file);
		}
		else {
			end(Tenancy.current(), job.id(), Status.COMPLETED, summary(done), file);
		}
	}

	/**
	 * A job's batches on their way to the database, on writer threads while the runner
	 * reads and validates the next one. Up to {@code batches-in-flight} batches write at
	 * once, each in its own transaction: the database does most of an import's work, and
	 * a second connection puts a second core to work. A batch commits only after the one
	 * before it (see {@link BatchWriter#write}), so checkpoints move in file order, and
	 * its rows whose duplicate key is in a batch still in flight are matched after that
	 * batch has committed. Deals are written one batch at a time: a batch ranks its deals
	 * after the last committed card of each column.
	 */
	private final class Writes {

		private final ImportPlan plan;

		private final TenantContext tenant = Tenancy.current();

		private final int inFlight;

		private final boolean keyed;

		/** Oldest first. */
		private final Deque<Batch> batches = new ArrayDeque<>();

		private long checkpoint;

		Writes(ImportPlan plan, long checkpoint) {
			this.plan = plan;
			this.checkpoint = checkpoint;
			this.inFlight = (plan.type() != RecordType.DEAL) ? ImportRunner.this.settings.batchesInFlight() : 1;
			this.keyed = plan.keyColumn() != null && plan.job().dedupe() != Dedupe.CREATE;
		}

		void submit(List<ParsedRow> rows) {
			if (rows.isEmpty()) {
				return;
			}
			// the oldest batch until there is room, and every one that has ended (a
			// failure
			// ends the job here)
			while (!this.batches.isEmpty()
					&& (this.batches.size() >= this.inFlight || this.batches.peekFirst().future().isDone()
							|| this.batches.stream().anyMatch((batch) -> batch.future().isCompletedExceptionally()))) {
				settle(this.batches.removeFirst());
			}
			BatchWriter.Ahead ahead = BatchWriter.Ahead.NONE;
			if (!this.batches.isEmpty()) {
				Set<String> keys = new HashSet<>();
				this.batches.forEach((batch) -> keys.addAll(batch.keys()));
				CompletableFuture<Void> before = this.batches.peekLast().future();
				ahead = new BatchWriter.Ahead(keys, () -> {
					try {
						before.join();
					}
					catch (CompletionException ex) {
						throw new BatchWriter.AheadFailed(ex.getCause());
					}
				});
			}
			long from = this.checkpoint;
			BatchWriter.Ahead after = ahead;
			CompletableFuture<Void> future = CompletableFuture.runAsync(() -> Tenancy.run(this.tenant, () -> {
				write(rows, from, after);
				return null;
			}), ImportRunner.this.writers);
			this.batches.addLast(new Batch(future, this.keyed ? keysOf(rows) : Set.of()));
			this.checkpoint = from + rows.size();
		}

		/** Waits for every batch being written; throws what made the first one fail. */
		void await() {
			while (!this.batches.isEmpty()) {
				settle(this.batches.removeFirst());
			}
		}

		/**
		 * Waits for one batch; if it failed, waits for the later ones too (they cannot
		 * commit now) and throws the failure.
		 */
		private void settle(Batch batch) {
			try {
				batch.future().join();
			}
			catch (CompletionException ex) {
				this.batches.forEach((later) -> later.future().handle((result, failure) -> null).join());
				this.batches.clear();
				Throwable cause = ex.getCause();
				while (cause instanceof BatchWriter.AheadFailed && cause.getCause() != null) {
					cause = cause.getCause();
				}
				if (cause instanceof RuntimeException failure) {
					throw failure;
				}
				throw ex;
			}
		}

		private static Set<String> keysOf(List<ParsedRow> rows) {
			Set<String> keys = new HashSet<>();
			rows.forEach((row) -> {
				if (row.key() != null) {
					keys.add(row.key());
				}
			});
			return keys;
		}

		/**
		 * Writes the batch as one transaction; if the database refuses the batch
		 * statements, writes it again row by row so that only the refused rows fail.
		 */
		private void write(List<ParsedRow> rows, long from, BatchWriter.Ahead ahead) {
			long to = from + rows.size();
			TransactionTemplate transactions = ImportRunner.this.transactions;
			try {
				transactions.execute(
						(status) -> ImportRunner.this.writer.write(this.plan, rows, from, to, false, status, ahead));
			}
			catch (DataAccessException ex) {
				log.warn("Import {}: the batch after row {} was refused ({}); writing it row by row",
						this.plan.importId(), from, ex.getClass().getSimpleName());
				transactions.execute(
						(status) -> ImportRunner.this.writer.write(this.plan, rows, from, to, true, status, ahead));
			}
		}

		/** A batch being written, and the duplicate keys of its rows. */
		private record Batch(CompletableFuture<Void> future, Set<String> keys) {
		}

	}

	private static String unreadable(long row, RuntimeException ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		if (root instanceof java.nio.charset.CharacterCodingException) {
			// the decoder reads ahead, so the bad bytes are in this row or a little after
			// it
			return "Data row " + row + " cannot be read: the file is not UTF-8 in or shortly after this row";
		}
		return "Data row " + row + " cannot be read as CSV (" + root.getMessage() + ")";
	}

	private static String refusal(ImportJob job, Optional<Role> role) {
		if (role.isEmpty()) {
			return "The member who started the import is no longer in the organisation";
		}
		RecordType type = RecordType.ofKey(job.entity()).orElseThrow();
		List<Permission> needed = new ArrayList<>(
				List.of(Permission.DATA_IMPORT, Permission.valueOf(type.name() + "_CREATE")));
		if (job.dedupe() == Dedupe.UPDATE) {
			needed.add(Permission.valueOf(type.name() + "_UPDATE"));
		}
		return needed.stream()
			.filter((permission) -> !role.get().can(permission))
			.findFirst()
			.map((permission) -> "The importing member's role (" + role.get() + ") no longer has the permission "
					+ permission.scope())
			.orElse(null);
	}

	private static String summary(ImportJob job) {
		return job.rowsRead() + " rows read: " + job.inserted() + " inserted, " + job.updated() + " updated, "
				+ job.skipped() + " skipped, " + job.failed() + " failed";
	}

	private void end(TenantContext tenant, UUID importId, Status status, String message, Path file) {
		Runnable finish = () -> this.transactions
			.executeWithoutResult((tx) -> this.jobs.finish(importId, status, message));
		if (Tenancy.find().filter(tenant::equals).isPresent()) {
			finish.run();
		}
		else {
			Tenancy.run(tenant, () -> {
				finish.run();
				return null;
			});
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Could not delete the file of import {}", importId);
		}
	}

	private <T> T inTransaction(TenantContext tenant, java.util.function.Supplier<T> work) {
		return Tenancy.run(tenant, () -> this.transactions.execute((status) -> work.get()));
	}

	private static void deleteIfEmpty(Path directory) throws IOException {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
			if (entries.iterator().hasNext()) {
				return;
			}
		}
		try {
			Files.deleteIfExists(directory);
		}
		catch (java.nio.file.DirectoryNotEmptyException ex) {
			// an upload arrived meanwhile
		}
	}

	private static boolean isOld(Path file) {
		try {
			return Files.exists(file)
					&& Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(ORPHAN_AGE));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static UUID uuid(String text) {
		try {
			UUID id = UUID.fromString(text);
			return id.toString().equals(text) ? id : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public void destroy() {
		this.stopping = true;
		this.executor.shutdown();
		this.writers.shutdown();
	}

}
