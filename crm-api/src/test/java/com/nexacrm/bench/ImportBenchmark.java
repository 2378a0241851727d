package com.nexacrm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import com.nexacrm.NexaCrmApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Only the contacts import of {@link Benchmark}, on a small database of its own:
 * recreates the database (default {@code nexacrm_bench_import}, never the full
 * benchmark's), starts the app in-process as the benchmark does, seeds a few small
 * organisations, then imports one CSV of contacts into each of them in turn and prints
 * rows per second with the load average. Quick enough to run under a profiler
 * ({@code -XX:StartFlightRecording}) while looking for where an import's time goes.
 * <p>
 * A program, not a test: {@code ./nexa bench-import --help}.
 */
public final class ImportBenchmark {

	private ImportBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		if (options == null) {
			return;
		}
		int status = 0;
		try {
			run(options);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		// the embedded engine leaves non-daemon threads behind
		System.exit(status);
	}

	private static void run(Options options) throws Exception {
		BenchDatabase database = new BenchDatabase(options.databaseUrl, "postgres", "");
		Benchmark.log("Recreating database %s", database.name());
		database.recreate();
		Path imports = Files.createTempDirectory("nexacrm-bench-imports");
		ConfigurableApplicationContext app = new SpringApplicationBuilder(NexaCrmApplication.class).run(
				"--server.port=0", "--nexacrm.database.url=" + options.databaseUrl,
				"--nexacrm.database.username=postgres", "--nexacrm.database.password=", "--nexacrm.redis.url=",
				"--nexacrm.engine.embedded-port=0", "--logging.level.root=warn",
				"--nexacrm.imports.directory=" + imports);
		try {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			database.checkBypassesRowLevelSecurity();
			Seed seed = new Seed(database, 42);
			seed.ensureOrgs(options.runs, options.deals, new Seed.Shape(1, 2));
			seed.analyze();
			Benchmark.log("Seeded %s", seed.summary());
			Random random = new Random(42);
			double best = 0;
			for (int run = 1; run <= options.runs; run++) {
				Api owner = Api.signIn(port, "owner@org" + run + ".bench.example", Seed.PASSWORD);
				double[] before = new double[2];
				ContactImport.Result result = ContactImport.run(owner, options.rows, "run" + run, options.mode,
						options.dedupe, options.seconds, random, () -> {
							before[0] = appCpuSeconds();
							before[1] = databaseCpuSeconds(database);
						});
				double appCpu = appCpuSeconds() - before[0];
				double db = databaseCpuSeconds(database) - before[1];
				Benchmark.log("run %d into %s%d: %s = %,.0f rows/s (load average before %s, after %s)", run,
						Seed.ORG_PREFIX, run, result.summary(), result.rowsPerSecond(), result.loadBefore(),
						result.loadAfter());
				Benchmark.log("  CPU: app %.1f s, database %.1f s = %.0f µs per row (%,.0f rows per CPU second)",
						appCpu, db, (appCpu + db) * 1e6 / options.rows, options.rows / (appCpu + db));
				if (result.completed()) {
					best = Math.max(best, result.rowsPerSecond());
				}
			}
			Benchmark.log("best completed run: %,.0f rows/s", best);
		}
		finally {
			app.close();
			Benchmark.deleteTree(imports);
		}
	}

	/**
	 * CPU time of this process (app and client), which other work on the machine does not
	 * inflate the way it inflates elapsed time.
	 */
	private static double appCpuSeconds() {
		return ProcessHandle.current().info().totalCpuDuration().map((d) -> d.toNanos() / 1e9).orElse(Double.NaN);
	}

	/**
	 * CPU time of the PostgreSQL processes connected to the database now (the app's pool,
	 * autovacuum), read from {@code /proc}: only when PostgreSQL runs on this machine and
	 * its processes are readable (NaN otherwise). A process that ends between two
	 * readings is not counted.
	 */
	private static double databaseCpuSeconds(BenchDatabase database) {
		double ticks = 0;
		try (java.sql.Connection connection = database.owner();
				var result = connection.createStatement()
					.executeQuery("select pid from pg_stat_activity where datname = current_database()"
							+ " and pid <> pg_backend_pid()")) {
			while (result.next()) {
				Path stat = Path.of("/proc", String.valueOf(result.getInt(1)), "stat");
				if (Files.isReadable(stat)) {
					String text = Files.readString(stat);
					// fields after the command name, which is in parentheses and may hold
					// spaces: utime and stime are the 12th and 13th
					String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
					ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				}
			}
		}
		catch (java.sql.SQLException | java.io.IOException | RuntimeException ex) {
			return Double.NaN;
		}
		// USER_HZ is 100 on Linux
		return ticks / 100.0;
	}

	/** Command-line options of {@code ./nexa bench-import}. */
	record Options(String databaseUrl, int runs, int rows, int deals, String mode, String dedupe, int seconds) {

		static final String USAGE = """
				Usage: ./nexa bench-import [options]
				  --database-url URL  database, DROPPED and recreated (default %s)
				  --runs N            imports, one per organisation "Bench org 1..N" (default 3)
				  --rows N            rows of each contacts CSV (default 200000)
				  --deals N           deals (and contacts) seeded per organisation (default 3000)
				  --mode M            SILENT (default, as ./nexa bench) or NORMAL
				  --dedupe D          CREATE (default, as ./nexa bench), SKIP or UPDATE
				  --seconds N         time cap for one import (default 300)
				""".formatted(Options.DEFAULT_URL);

		static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/nexacrm_bench_import";

		static Options parse(String[] args) {
			CommandLine line = CommandLine.parse(args, USAGE, Set.of());
			if (line == null) {
				return null;
			}
			Options options = new Options(line.text("database-url", DEFAULT_URL), line.number("runs", 3, 1),
					line.number("rows", 200_000, 1), line.number("deals", 3000, 0),
					line.text("mode", "SILENT").toUpperCase(Locale.ROOT),
					line.text("dedupe", "CREATE").toUpperCase(Locale.ROOT), line.number("seconds", 300, 0));
			line.requireAllTaken();
			return options;
		}

	}

}
