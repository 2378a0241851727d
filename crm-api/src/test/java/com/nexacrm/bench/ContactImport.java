package com.nexacrm.bench;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One timed import of generated contacts through {@code POST /api/v1/imports}, from the
 * upload until the job has ended (or the time cap): what {@code ./nexa bench} and
 * {@code ./nexa bench-import} measure.
 */
final class ContactImport {

	private ContactImport() {
	}

	/**
	 * Writes a CSV of {@code rows} contacts (unique emails tagged with {@code label}),
	 * uploads it as the signed-in member and waits for the job.
	 * @param beforeUpload runs when the file is written, right before the upload
	 * @return the outcome, or null when the API has no imports (404/405)
	 */
	static Result run(Api importer, int rows, String label, String mode, String dedupe, int seconds, Random random,
			Runnable beforeUpload) throws Exception {
		Path csv = Files.createTempFile("bench-contacts-", ".csv");
		try {
			try (Writer writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
				writer.write("firstName,lastName,email,phone,title\n");
				for (int i = 0; i < rows; i++) {
					String first = Seed.FIRST_NAMES.get(random.nextInt(Seed.FIRST_NAMES.size()));
					String last = Seed.LAST_NAMES.get(random.nextInt(Seed.LAST_NAMES.size()));
					writer.write(first + "," + last + ",import." + label + "." + i + "@contacts.bench.example,+49 30 "
							+ (1_000_000 + i) + ",Buyer\n");
				}
			}
			beforeUpload.run();
			String loadBefore = loadAverage();
			long start = System.nanoTime();
			Api.Response created = importer.multipart("/api/v1/imports",
					Map.of("entity", "contact", "mode", mode, "dedupe", dedupe), "file", "contacts.csv", csv);
			if (created.status() == 404 || created.status() == 405) {
				return null;
			}
			if (!created.ok()) {
				return new Result("failed to start: " + created.status() + " " + abbreviate(created.body()), 0, false,
						loadBefore, loadAverage());
			}
			String id = created.json().get("id").asText();
			long deadline = start + seconds * 1_000_000_000L;
			JsonNode job = created.json();
			while (System.nanoTime() < deadline && Set.of("QUEUED", "RUNNING").contains(job.path("status").asText())) {
				Thread.sleep(200);
				job = importer.get("/api/v1/imports/" + id).json();
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			long read = job.path("rowsRead").asLong();
			String summary = String.format(Locale.ROOT, "%s: %,d rows read (%,d inserted, %,d failed) in %.1f s",
					job.path("status").asText(), read, job.path("inserted").asLong(), job.path("failed").asLong(),
					elapsed);
			return new Result(summary, read / elapsed, "COMPLETED".equals(job.path("status").asText()), loadBefore,
					loadAverage());
		}
		finally {
			Files.deleteIfExists(csv);
		}
	}

	/** The 1-minute load average: other work on the machine skews every figure. */
	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (java.io.IOException | RuntimeException ex) {
			return "?";
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	/**
	 * What one import did; {@code rowsPerSecond} counts rows read over the whole wait.
	 */
	record Result(String summary, double rowsPerSecond, boolean completed, String loadBefore, String loadAfter) {
	}

}
