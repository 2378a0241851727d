package com.nexacrm.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;

import com.nexacrm.NexaCrmApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The automation's speed, through the whole app: how long from a card moved on the kanban
 * to the follow-up task the stage's automation creates (stage change → message → worker →
 * task row), and how many new leads per second get their lead-to-close instance with its
 * first steps (queue → start → routing → scoring → qualification task). Both also on the
 * raw engine with no-op workers (a copy of the model under other job types, in the same
 * engine), as the ceiling the app is compared with.
 * <p>
 * A program, not a test: {@code ./nexa bench-automation [--moves N] [--leads N]
 * [--warm-up N] [--rounds N]}; the warm-up (rounds of unmeasured leads on each side, as
 * many as measured unless given, until the JIT compiler has settled) runs first. The
 * measured leads are split into rounds that take turns, app then raw, so a drift of the
 * machine's speed during the run, and the engine's state growing with every lead, fall on
 * both sides alike. Writes {@code target/bench-automation-results.md}.
 */
public final class AutomationBenchmark {

	/** The JIT compilers' time, to tell when the warm-up has done its work. */
	private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

	/** The compiler's share of one core in an app round below which the JVM is warm. */
	private static final double SETTLED = 0.05;

	private static final int MAX_WARM_UP_ROUNDS = 5;

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/nexacrm_bench_automation";

	private static final String FOLLOW_UP = "Follow up after the stage change";

	private final int moves;

	private final int leads;

	/** How many of the oldest unscored leads one look of the lead probe asks for. */
	private static final int PROBE = 500;

	private final int warmUp;

	private final int rounds;

	private final List<String> rows = new ArrayList<>();

	private final List<String> leadRows = new ArrayList<>();

	/** The JIT compiler's share of one core during the last app lead round. */
	private double lastCompilerShare;

	private AutomationBenchmark(int moves, int leads, int warmUp, int rounds) {
		this.moves = moves;
		this.leads = leads;
		this.warmUp = warmUp;
		this.rounds = rounds;
	}

	private static final String USAGE = """
			Usage: ./nexa bench-automation [options]
			  --moves N     kanban moves timed, app and raw (default 300)
			  --leads N     leads timed, app and raw (default 2000)
			  --warm-up N   unmeasured leads on each side per warm-up round (default: as many as
			                --leads); rounds repeat, up to 5, until the JIT compiler takes
			                under 5% of a core during the app's round
			  --rounds N    measured lead rounds, app and raw taking turns (default 2)
			""";

	public static void main(String[] args) throws Exception {
		int status = 0;
		try {
			CommandLine line = CommandLine.parse(args, USAGE, Set.of());
			if (line != null) {
				int moves = line.number("moves", 300, 1);
				int leads = line.number("leads", 2000, 1);
				int warmUp = line.number("warm-up", leads, 0);
				int rounds = line.number("rounds", 2, 1);
				line.requireAllTaken();
				new AutomationBenchmark(moves, leads, warmUp, rounds).run();
			}
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	private void run() throws Exception {
		BenchDatabase database = new BenchDatabase(URL, "postgres", "");
		database.recreate();
		Path imports = Files.createTempDirectory("nexacrm-bench-automation");
		ConfigurableApplicationContext app = new SpringApplicationBuilder(NexaCrmApplication.class).run(
				"--server.port=0", "--nexacrm.database.url=" + URL, "--nexacrm.database.username=postgres",
				"--nexacrm.database.password=", "--nexacrm.redis.url=", "--nexacrm.engine.embedded-port=0",
				"--logging.level.root=warn", "--nexacrm.imports.directory=" + imports,
				"--nexacrm.login.max-failures-per-address=100000");
		try (Connection db = DriverManager.getConnection(URL, "postgres", "")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			CamundaClient client = app.getBean(CamundaClient.class);
			Api owner = Api.signUp(port, "bench-" + UUID.randomUUID() + "@example.com", "a long bench passphrase",
					"Automation bench");
			deployRawCopy(client);
			// the JIT compiles for the first minutes and took a third of the CPU then:
			// rounds of each kind run first, unmeasured, so every round is measured
			// warm. The moves too: after lead rounds alone, the moves' code (and the
			// deoptimisations of lead code it causes) kept the compiler at 14-19% of a
			// core during the measured app lead round. One round of 3,000 leads is not
			// enough: a method called once per lead reaches the optimising compiler
			// after several thousand calls, later still while the compiler's queue is
			// long, so warm-up rounds go on until the compiler takes little of the app's
			// round (a server that has run for a while), or until MAX_WARM_UP_ROUNDS
			if (this.warmUp > 0) {
				for (int round = 1;; round++) {
					leadThroughput(owner, db, "warm-up " + round, this.warmUp);
					double compiler = this.lastCompilerShare;
					rawLeadThroughput(client, db, "warm-up " + round, this.warmUp);
					stageChangeToTask(owner, db, false);
					rawStageChange(client, false);
					log("JIT compiler during the app's warm-up round %d: %.0f%% of a core", round, 100 * compiler);
					if (compiler < SETTLED || round == MAX_WARM_UP_ROUNDS) {
						break;
					}
				}
			}
			vacuum(db);
			stageChangeToTask(owner, db, true);
			rawStageChange(client, true);
			double appSeconds = 0;
			double rawSeconds = 0;
			for (int round = 1; round <= this.rounds; round++) {
				int count = this.leads / this.rounds + ((round <= this.leads % this.rounds) ? 1 : 0);
				appSeconds += leadThroughput(owner, db, "measured " + round, count);
				rawSeconds += rawLeadThroughput(client, db, "measured " + round, count);
			}
			this.rows.addAll(this.leadRows);
			this.rows.add("| leads started, routed and scored (app, all measured rounds) | %d | | | | **%.0f /s** |"
				.formatted(this.leads, this.leads / appSeconds));
			this.rows.add("| the same on the raw engine, no-op workers (all measured rounds) | %d | | | | **%.0f /s** |"
				.formatted(this.leads, this.leads / rawSeconds));
			this.rows.add("| app / raw | | | | | **%.0f%%** |".formatted(100 * rawSeconds / appSeconds));
			log("All measured rounds: app %.0f /s, raw %.0f /s, app at %.0f%% of raw", this.leads / appSeconds,
					this.leads / rawSeconds, 100 * rawSeconds / appSeconds);
		}
		finally {
			app.close();
		}
		String report = "# Automation benchmark\n\nLoad average at the end: " + loadAverage()
				+ "\n\n| measure | count | p50 ms | p95 ms | p99 ms | rate |\n|---|---|---|---|---|---|\n"
				+ String.join("\n", this.rows) + "\n";
		System.out.println(report);
		Path out = Path.of("target/bench-automation-results.md").toAbsolutePath();
		Files.writeString(out, report);
		log("Wrote %s", out);
	}

	/** Kanban move → the next stage's automation task is in the database. */
	private void stageChangeToTask(Api owner, Connection db, boolean measured) throws Exception {
		JsonNode pipeline = owner.get("/api/v1/pipelines").json().get(0);
		String pipelineId = pipeline.path("id").asText();
		String first = pipeline.path("stages").get(0).path("id").asText();
		String second = pipeline.path("stages").get(1).path("id").asText();
		automation(owner, pipelineId, first, "Welcome the deal");
		automation(owner, pipelineId, second, FOLLOW_UP);
		// the warm-up's deals welcomed before
		long welcomed = count(db, "select count(*) from task where title = 'Welcome the deal'");
		List<String> deals = new ArrayList<>();
		for (int i = 0; i < this.moves; i++) {
			deals.add(owner.post("/api/v1/deals", Map.of("title", "Bench deal " + i, "amount", 100, "currency", "EUR"))
				.json()
				.path("id")
				.asText());
		}
		// every deal's instance has run its first stage's automation: it waits in the
		// stage
		waitUntil(
				() -> count(db, "select count(*) from task where title = 'Welcome the deal'") >= welcomed + this.moves,
				Duration.ofMinutes(5), "the deals' instances to reach their first stage");
		List<Long> latencies = new ArrayList<>();
		try (PreparedStatement task = db
			.prepareStatement("select 1 from task where record_id = ?::uuid and title = '" + FOLLOW_UP + "'")) {
			for (String deal : deals) {
				int version = owner.get("/api/v1/deals/" + deal).json().path("version").asInt();
				long start = System.nanoTime();
				Api.Response moved = owner.post("/api/v1/deals/" + deal + "/move",
						Map.of("stageId", second, "version", version));
				if (!moved.ok()) {
					throw new IllegalStateException("Move failed: " + moved.status() + " " + moved.body());
				}
				task.setString(1, deal);
				while (true) {
					try (ResultSet found = task.executeQuery()) {
						if (found.next()) {
							break;
						}
					}
					if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
						throw new IllegalStateException("No follow-up task for deal " + deal + " after 30 s");
					}
					Thread.onSpinWait();
				}
				latencies.add(System.nanoTime() - start);
			}
		}
		if (measured) {
			row("kanban move → follow-up task (app)", latencies, 0);
		}
	}

	/**
	 * The same step on the raw engine: publish the message → a no-op worker has the job.
	 */
	private void rawStageChange(CamundaClient client, boolean measured) throws Exception {
		Map<String, CompletableFuture<Long>> arrived = new ConcurrentHashMap<>();
		AtomicInteger entered = new AtomicInteger();
		try (JobWorker automation = client.newWorker().jobType("raw-run-stage-automation").handler((jobs, job) -> {
			String deal = (String) job.getVariablesAsMap().get("dealId");
			CompletableFuture<Long> waiting = arrived.get(deal);
			if (waiting != null) {
				waiting.complete(System.nanoTime());
			}
			else {
				entered.incrementAndGet();
			}
			jobs.newCompleteCommand(job).send().join();
		}).streamEnabled(true).open()) {
			List<String> deals = new ArrayList<>();
			for (int i = 0; i < this.moves; i++) {
				String deal = UUID.randomUUID().toString();
				deals.add(deal);
				client.newCreateInstanceCommand()
					.bpmnProcessId("bench-raw-lead-to-close")
					.latestVersion()
					.variables(Map.of("dealId", deal, "stageId", UUID.randomUUID().toString(), "stageKind", "OPEN",
							"rotDuration", "P365D"))
					.startBeforeElement("gateway_stage_entered")
					.send()
					.join();
			}
			waitUntil(() -> entered.get() >= this.moves, Duration.ofMinutes(5), "the raw instances to wait");
			List<Long> latencies = new ArrayList<>();
			for (String deal : deals) {
				CompletableFuture<Long> done = new CompletableFuture<>();
				arrived.put(deal, done);
				long start = System.nanoTime();
				client.newPublishMessageCommand()
					.messageName("deal-stage-changed")
					.correlationKey(deal)
					.timeToLive(Duration.ofMinutes(10))
					.variables(Map.of("stageId", UUID.randomUUID().toString(), "stageKind", "OPEN", "rotDuration",
							"P365D"))
					.send()
					.join();
				latencies.add(done.get(30, TimeUnit.SECONDS) - start);
			}
			if (measured) {
				row("message → stage job (raw engine, no-op workers)", latencies, 0);
			}
		}
	}

	/**
	 * New leads (queued as an API request queues them) until each is routed and scored.
	 */
	/**
	 * @return the seconds the round took
	 */
	private double leadThroughput(Api owner, Connection db, String round, int count) throws Exception {
		UUID orgId = UUID.fromString(owner.get("/api/v1/session").json().at("/activeOrganization/id").asText());
		List<UUID> ids = new ArrayList<>(count);
		log("App leads (%s): start", round);
		long compiledBefore = COMPILER.getTotalCompilationTime();
		Optional<EngineThreadClock> clock = EngineThreadClock.now();
		DatabaseCounters written = DatabaseCounters.now(db);
		long start = System.nanoTime();
		try (PreparedStatement lead = db
			.prepareStatement("insert into lead (org_id, lead_id, name, email) values (?, ?, ?, ?)");
				PreparedStatement queue = db.prepareStatement(
						"insert into process_start_queue (org_id, record_type, record_id) values (?, 'lead', ?)")) {
			db.setAutoCommit(false);
			for (int i = 0; i < count; i++) {
				UUID id = UUID.randomUUID();
				ids.add(id);
				lead.setObject(1, orgId);
				lead.setObject(2, id);
				lead.setString(3, "Bench lead " + round + " " + i);
				lead.setString(4, "lead" + i + "@bench.example");
				lead.addBatch();
				queue.setObject(1, orgId);
				queue.setObject(2, id);
				queue.addBatch();
			}
			lead.executeBatch();
			queue.executeBatch();
			db.commit();
			db.setAutoCommit(true);
		}
		waitUntilScored(db, orgId, ids);
		double seconds = (System.nanoTime() - start) / 1e9;
		double compiler = (COMPILER.getTotalCompilationTime() - compiledBefore) / 1000.0 / seconds;
		String figures = engineSince(clock, count, seconds) + "; " + DatabaseCounters.now(db).since(written, count);
		this.leadRows
			.add("| leads started, routed and scored (app, %s; JIT compiler %.0f%% of a core%s) | %d | | | | %.0f /s |"
				.formatted(round, 100 * compiler, figures, count, count / seconds));
		log("App (%s): %d leads in %.1f s, JIT compiler %.0f%% of a core%s", round, count, seconds, 100 * compiler,
				figures);
		this.lastCompilerShare = compiler;
		return seconds;
	}

	/**
	 * Waits until every lead has its score. Each look asks only for the oldest leads
	 * still unscored, by primary key (the queue starts them oldest first), so the probe
	 * costs the same at the end of a round as at its start: a count over all the round's
	 * leads took 3 ms of PostgreSQL's time ten times a second, about 3% of a core the app
	 * had to give up and the raw round (counted in memory) did not.
	 */
	private static void waitUntilScored(Connection db, UUID orgId, List<UUID> ids) throws Exception {
		Deque<UUID> pending = new ArrayDeque<>(ids);
		try (PreparedStatement scored = db
			.prepareStatement("select lead_id from lead where org_id = ? and lead_id = any(?) and score is not null")) {
			waitUntil(() -> {
				try {
					UUID[] oldest = pending.stream().limit(PROBE).toArray(UUID[]::new);
					scored.setObject(1, orgId);
					scored.setArray(2, db.createArrayOf("uuid", oldest));
					Set<UUID> done = new HashSet<>();
					try (ResultSet rows = scored.executeQuery()) {
						while (rows.next()) {
							done.add(rows.getObject(1, UUID.class));
						}
					}
					pending.removeIf(done::contains);
					return pending.isEmpty();
				}
				catch (java.sql.SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}, Duration.ofMinutes(10), "every lead to be routed and scored");
		}
	}

	/**
	 * The raw engine with no-op routing and scoring workers, and one that holds the user
	 * tasks' jobs as the app's inbox does. Like the app's workers they take their jobs
	 * streamed, not polled (a poll activates up to 32 jobs in one command, another path
	 * in the engine than the app's).
	 */
	/**
	 * @return the seconds the round took
	 */
	private double rawLeadThroughput(CamundaClient client, Connection db, String round, int count) throws Exception {
		AtomicInteger scored = new AtomicInteger();
		try (JobWorker hold = client.newWorker().jobType("raw-user-task").handler((jobs, job) -> {
		}).timeout(Duration.ofDays(30)).streamEnabled(true).open();
				JobWorker route = client.newWorker()
					.jobType("raw-route-lead")
					.handler((jobs, job) -> jobs.newCompleteCommand(job)
						.variables(Map.of("ownerUserId", UUID.randomUUID().toString()))
						.send()
						.join())
					.streamEnabled(true)
					.open();
				JobWorker score = client.newWorker().jobType("raw-score-lead").handler((jobs, job) -> {
					jobs.newCompleteCommand(job).variables(Map.of("score", 50)).send().join();
					scored.incrementAndGet();
				}).streamEnabled(true).open()) {
			log("Raw leads (%s): start", round);
			Optional<EngineThreadClock> clock = EngineThreadClock.now();
			DatabaseCounters written = DatabaseCounters.now(db);
			long start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				client.newCreateInstanceCommand()
					.bpmnProcessId("bench-raw-lead-to-close")
					.latestVersion()
					.variables(Map.of("leadId", UUID.randomUUID().toString(), "slaDuration", "PT8H", "qualifyDueDate",
							"2030-01-07T17:00:00Z", "slaHours", 8))
					.send();
			}
			waitUntil(() -> scored.get() >= count, Duration.ofMinutes(10), "the raw leads to be scored");
			double seconds = (System.nanoTime() - start) / 1e9;
			String figures = engineSince(clock, count, seconds) + "; " + DatabaseCounters.now(db).since(written, count);
			this.leadRows
				.add("| leads started, routed and scored (raw engine, no-op workers, %s%s) | %d | | | | %.0f /s |"
					.formatted(round, figures, count, count / seconds));
			log("Raw (%s): %d leads in %.1f s%s", round, count, seconds, figures);
			return seconds;
		}
	}

	/**
	 * lead-to-close under another id and job types, so the app's workers never see it.
	 */
	private static void deployRawCopy(CamundaClient client) throws Exception {
		String model = new String(
				AutomationBenchmark.class.getResourceAsStream("/bpmn/lead-to-close.bpmn").readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8)
			.replace("id=\"lead-to-close\"", "id=\"bench-raw-lead-to-close\"")
			.replaceAll("type=\"([a-z-]+)\"", "type=\"raw-$1\"")
			// the user tasks as jobs of their own type, held by a no-op worker: the
			// engine
			// does what it does for the app's job-worker user tasks (a job created,
			// streamed and held), which the app's inbox worker would otherwise take (it
			// takes every io.camunda.zeebe:userTask job, and would fail these as unowned)
			.replace("<bpmn:userTask ", "<bpmn:serviceTask ")
			.replace("</bpmn:userTask>", "</bpmn:serviceTask>")
			.replaceAll("<zeebe:assignmentDefinition [^>]*/>", "<zeebe:taskDefinition type=\"raw-user-task\" />")
			.replaceAll("\\s*<zeebe:taskSchedule [^>]*/>", "");
		client.newDeployResourceCommand()
			.addResourceStringUtf8(model, "bench-raw-lead-to-close.bpmn")
			.requestTimeout(Duration.ofMinutes(2))
			.send()
			.join();
	}

	/**
	 * What autovacuum does in a deployment: this machine's PostgreSQL runs with it off,
	 * so without this the measured rounds meet the warm-up's dead rows and statistics
	 * from before any rows existed.
	 */
	private static void vacuum(Connection db) throws java.sql.SQLException {
		long start = System.nanoTime();
		try (var statement = db.createStatement()) {
			statement.execute("vacuum (analyze)");
		}
		log("vacuum (analyze) after the warm-up: %.1f s", (System.nanoTime() - start) / 1e9);
	}

	private static void automation(Api owner, String pipelineId, String stageId, String title) throws Exception {
		Api.Response response = owner.put("/api/v1/pipelines/" + pipelineId + "/stages/" + stageId + "/automation",
				Map.of("taskTitle", title));
		if (!response.ok()) {
			throw new IllegalStateException("Automation set-up failed: " + response.body());
		}
	}

	private void row(String name, List<Long> nanos, double rate) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		this.rows.add("| %s | %d | %.1f | %.1f | %.1f | |".formatted(name, sorted.length, percentile(sorted, 0.5),
				percentile(sorted, 0.95), percentile(sorted, 0.99)));
		log("%s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", name, percentile(sorted, 0.5), percentile(sorted, 0.95),
				percentile(sorted, 0.99));
	}

	private static double percentile(long[] sorted, double p) {
		int rank = (int) Math.ceil(p * sorted.length);
		return sorted[Math.max(0, rank - 1)] / 1e6;
	}

	private static long count(Connection db, String sql) {
		try (var statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit, String what)
			throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Gave up waiting for " + what);
			}
			TimeUnit.MILLISECONDS.sleep(100);
		}
	}

	private static Object[] concat(Object first, Object[] rest) {
		Object[] all = new Object[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

	/**
	 * The engine threads' part of a round (see {@link EngineThreadClock}), as
	 * {@code "; …"}, or nothing where the scheduler's statistics cannot be read.
	 */
	private static String engineSince(Optional<EngineThreadClock> start, int leads, double seconds) {
		Optional<EngineThreadClock> end = EngineThreadClock.now();
		if (start.isEmpty() || end.isEmpty()) {
			return "";
		}
		return "; " + end.get().since(start.get(), leads, seconds);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (java.io.IOException ex) {
			return "?";
		}
	}

	private static void log(String format, Object... args) {
		System.err.printf("[bench-automation %.1f] " + format + "%n",
				concat(System.currentTimeMillis() / 1000.0, args));
	}

}
