package com.nexacrm.dataio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.dataio.ImportJob.Dedupe;
import com.nexacrm.dataio.ImportJob.Mode;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.Ids;
import com.nexacrm.record.RecordSchemas;
import com.nexacrm.record.RecordType;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepts an upload as a queued import, or refuses it with nothing written: checks the
 * caller may create (and, to update duplicates, update) the record type, streams the file
 * to disk under the size limit, checks it is UTF-8 with a readable header, and checks the
 * mapping covers every required field.
 */
@Component
class ImportIntake {

	/** Imports one organisation may have waiting or running at once. */
	static final int MAX_ACTIVE = 3;

	private final ImportSettings settings;

	private final ImportJobs jobs;

	private final RecordSchemas schemas;

	private final TransactionTemplate transactions;

	private final ObjectMapper json;

	ImportIntake(ImportSettings settings, ImportJobs jobs, RecordSchemas schemas, TransactionTemplate transactions,
			ObjectMapper json) {
		this.settings = settings;
		this.jobs = jobs;
		this.schemas = schemas;
		this.transactions = transactions;
		this.json = json;
	}

	/** The parts of an import request, as sent. */
	record Upload(String entity, String mapping, String dedupe, String mode, MultipartFile file) {
	}

	ImportJob accept(Upload upload) {
		TenantContext caller = Tenancy.current();
		if (caller.role() == null || caller.userId() == null) {
			throw new ApiProblem(ProblemType.FORBIDDEN,
					"Imports need a signed-in member: imported records are owned by the person who imports them");
		}
		RecordType type = RecordType.ofKey(String.valueOf(upload.entity()).trim().toLowerCase(Locale.ROOT))
			.orElseThrow(() -> invalid("entity", "must be one of company, contact, lead, deal"));
		Dedupe dedupe = choice(Dedupe.class, upload.dedupe(), Dedupe.SKIP, "dedupe");
		Mode mode = choice(Mode.class, upload.mode(), Mode.NORMAL, "mode");
		Map<String, String> mapping = mapping(upload.mapping());
		checkAllowed(caller, type, dedupe);
		MultipartFile file = upload.file();
		if (file == null) {
			throw invalid("file", "attach the CSV file as the part named file");
		}
		long limit = this.settings.maxFileSize().toBytes();
		if (file.getSize() > limit) {
			throw tooLarge();
		}
		if (this.transactions.execute((status) -> this.jobs.active()) >= MAX_ACTIVE) {
			throw new ApiProblem(ProblemType.CONFLICT, MAX_ACTIVE
					+ " imports of this organisation are already queued or running; start this one when one has finished");
		}
		UUID importId = Ids.next();
		Path target = this.settings.fileOf(caller.orgId(), importId);
		Path part = target.resolveSibling(importId + ".part");
		try {
			long bytes = store(file, part, limit);
			if (bytes == 0) {
				throw invalid("file", "is empty; its first line must be the header");
			}
			if (!CsvFiles.startsAsUtf8(part)) {
				throw invalid("file", "is not UTF-8 text; save it as \"CSV UTF-8\" and upload it again");
			}
			List<String> header = header(part);
			String fileName = fileName(file.getOriginalFilename());
			return this.transactions.execute((status) -> {
				ImportMapping resolved = ImportMapping.resolve(this.schemas.of(type), header, mapping);
				move(part, target);
				this.jobs.create(importId, type, mode, dedupe, resolved.columns(), fileName, bytes, caller.userId());
				return this.jobs.find(importId).orElseThrow();
			});
		}
		catch (IOException ex) {
			delete(part, target);
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			delete(part, target);
			throw ex;
		}
	}

	private static void checkAllowed(TenantContext caller, RecordType type, Dedupe dedupe) {
		List<Permission> needed = new ArrayList<>(List.of(Permission.valueOf(type.name() + "_CREATE")));
		if (dedupe == Dedupe.UPDATE) {
			needed.add(Permission.valueOf(type.name() + "_UPDATE"));
		}
		for (Permission permission : needed) {
			if (!caller.role().can(permission)) {
				throw new ApiProblem(ProblemType.FORBIDDEN,
						"The " + caller.role() + " role does not have the permission " + permission.scope());
			}
		}
	}

	private static long store(MultipartFile file, Path part, long limit) throws IOException {
		try {
			Files.createDirectories(part.getParent());
			return copy(file, part, limit);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			// the start-up scan removed the organisation's empty directory meanwhile
			Files.createDirectories(part.getParent());
			return copy(file, part, limit);
		}
	}

	private static long copy(MultipartFile file, Path part, long limit) throws IOException {
		long total = 0;
		try (InputStream in = file.getInputStream();
				OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
			byte[] buffer = new byte[1 << 16];
			int n;
			while ((n = in.read(buffer)) > 0) {
				total += n;
				if (total > limit) {
					throw tooLarge();
				}
				out.write(buffer, 0, n);
			}
		}
		return total;
	}

	/** The header's column names, trimmed. */
	private static List<String> header(Path file) throws IOException {
		try (CsvFiles.GuardedReader reader = CsvFiles.open(file); CSVParser parser = CsvFiles.FORMAT.parse(reader)) {
			Iterator<CSVRecord> records = parser.iterator();
			if (!records.hasNext()) {
				throw invalid("file", "has no header: its first line must name the columns");
			}
			List<String> header = records.next().stream().map(String::trim).toList();
			if (header.stream().allMatch(String::isEmpty)) {
				throw invalid("file", "has no header: its first line must name the columns");
			}
			return header;
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			throw invalid("file", "has a header row that cannot be read as CSV (" + rootMessage(ex) + ")");
		}
	}

	private Map<String, String> mapping(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		JsonNode node;
		try {
			node = this.json.readTree(text);
		}
		catch (JsonProcessingException ex) {
			node = null;
		}
		if (node == null || !node.isObject()) {
			throw invalid("mapping", "must be a JSON object of CSV column name to field name");
		}
		Map<String, String> mapping = new LinkedHashMap<>();
		for (var entry : node.properties()) {
			if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
				throw invalid("mapping", "must be a JSON object of CSV column name to field name");
			}
			mapping.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asText());
		}
		return mapping;
	}

	private static <E extends Enum<E>> E choice(Class<E> type, String value, E fallback, String field) {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, "must be one of "
					+ String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
		}
	}

	private static String fileName(String original) {
		if (original == null) {
			return null;
		}
		String name = original.replaceAll("^.*[/\\\\]", "").replaceAll("\\p{Cntrl}", "");
		return name.length() > 255 ? name.substring(0, 255) : name;
	}

	private static void move(Path part, Path target) {
		try {
			Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path... files) {
		for (Path file : files) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// the start-up scan removes files without a job
			}
		}
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	static ApiProblem invalid(String field, String message) {
		return new ApiProblem(ProblemType.VALIDATION, field + " " + message,
				Map.of("errors", List.of(Map.of("field", field, "message", message))));
	}

	static ApiProblem tooLarge() {
		return new ApiProblem(ProblemType.TOO_LARGE, "The file is larger than imports accept");
	}

}
