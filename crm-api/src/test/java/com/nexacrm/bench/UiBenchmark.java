package com.nexacrm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nexacrm.NexaCrmApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Largest contentful paint and interaction latency of the kanban in real headless
 * Chromium, for an organisation with 100,000 deals: makes sure the bench database holds
 * the big organisation, starts the whole app in-process (it serves the built web app),
 * then runs {@code admin-ui/bench/board-ui.mjs}, which signs in, loads the board cold and
 * warm, and times a keyboard card move, a column scroll that loads the next page and a
 * filter. The script prints a Markdown report and writes it to {@code --out}.
 * <p>
 * A program, not a test: {@code ./nexa bench-ui --help}. Browser, app and PostgreSQL
 * share the machine, so the figures include each other's share of the CPU.
 */
public final class UiBenchmark {

	static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/nexacrm_bench_ui";

	private static final Path ADMIN_UI = Path.of("..", "admin-ui").toAbsolutePath().normalize();

	private UiBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		if (options == null) {
			return;
		}
		int status;
		try {
			status = run(options);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		// the embedded engine leaves non-daemon threads behind
		System.exit(status);
	}

	private static int run(Options options) throws Exception {
		BenchDatabase database = new BenchDatabase(options.databaseUrl, options.username, options.password);
		if (options.reset) {
			database.recreate();
			log("Recreated database %s", database.name());
		}
		else {
			database.createIfMissing();
		}
		Path imports = Files.createTempDirectory("nexacrm-bench-ui-imports");
		log("Starting the app in-process on database %s", database.name());
		// no recovery at start: it would put every seeded open deal under a process
		// instance (tens of
		// thousands of starts) while the browser measures; the seeded data has no
		// instances anyway
		ConfigurableApplicationContext app = new SpringApplicationBuilder(NexaCrmApplication.class).run(
				"--server.port=0", "--nexacrm.database.url=" + options.databaseUrl,
				"--nexacrm.database.username=" + options.username, "--nexacrm.database.password=" + options.password,
				"--nexacrm.redis.url=", "--nexacrm.engine.embedded-port=0", "--logging.level.root=warn",
				"--nexacrm.automation.recover-on-start=false", "--nexacrm.billing.recover-trials-on-start=false",
				"--nexacrm.login.max-failures-per-address=100000", "--nexacrm.imports.directory=" + imports);
		try {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			database.checkBypassesRowLevelSecurity();
			Seed seed = new Seed(database, options.seed);
			seed.ensureBigOrg(options.bigOrgDeals, new Seed.Shape(1, 2));
			seed.analyze();
			log("Seeded %s; app on 127.0.0.1:%d", seed.summary(), port);
			return browser(options, port);
		}
		finally {
			app.close();
			try (var files = Files.walk(imports)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
	}

	private static int browser(Options options, int port) throws Exception {
		ProcessBuilder node = new ProcessBuilder(List.of("node", "bench/board-ui.mjs")).directory(ADMIN_UI.toFile())
			.inheritIO();
		Map<String, String> env = node.environment();
		env.put("BENCH_BASE_URL", "http://127.0.0.1:" + port);
		env.put("BENCH_EMAIL", Seed.BIG_OWNER);
		env.put("BENCH_PASSWORD", Seed.PASSWORD);
		env.put("BENCH_RUNS", String.valueOf(options.runs));
		env.put("BENCH_DEALS", String.valueOf(options.bigOrgDeals));
		env.put("BENCH_OUT", Path.of(options.out).toAbsolutePath().toString());
		env.put("BENCH_NOTE", options.note);
		env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
		Process process = node.start();
		if (!process.waitFor(30, TimeUnit.MINUTES)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException("the browser measurement did not finish in 30 minutes");
		}
		return process.exitValue();
	}

	private static void log(String format, Object... args) {
		System.out.printf(Locale.ROOT, "[bench-ui] " + format + "%n", args);
	}

	/** Command-line options of {@code ./nexa bench-ui}. */
	record Options(String databaseUrl, String username, String password, int bigOrgDeals, int runs, String out,
			String note, boolean reset, long seed) {

		static final String USAGE = """
				Usage: ./nexa bench-ui [options]
				  --database-url URL     JDBC URL (default %s; created when missing, kept between runs)
				  --username NAME        owner role, a superuser (default postgres)
				  --password SECRET      its password (default empty: trust authentication)
				  --big-org-deals N      deals of the big organisation (default 100000; grown when smaller)
				  --runs N               cold and warm board loads and interactions measured (default 7)
				  --out FILE             the Markdown report (default target/bench-ui-results.md)
				  --note TEXT            a line for the report (e.g. what else ran on the machine)
				  --seed N               random seed of the data (default 42)
				  --reset                drop and recreate the database first
				""".formatted(DEFAULT_URL);

		/** The options, or null after printing the usage. */
		static Options parse(String[] args) {
			CommandLine line = CommandLine.parse(args, USAGE, Set.of("reset"));
			if (line == null) {
				return null;
			}
			Options options = new Options(line.text("database-url", DEFAULT_URL), line.text("username", "postgres"),
					line.text("password", ""), line.number("big-org-deals", 100_000, 1), line.number("runs", 7, 1),
					line.text("out", "target/bench-ui-results.md"), line.text("note", ""), line.flag("reset"),
					Long.parseLong(line.text("seed", "42")));
			line.requireAllTaken();
			return options;
		}

	}

}
