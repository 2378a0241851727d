package com.nexacrm.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.NexaCrmApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End-to-end latency of the kanban and the lists on realistic data: recreates a bench
 * database, starts the whole app in-process, seeds 50 organisations plus a big one, signs
 * in as the big organisation's owner and measures the API over loopback HTTP, first with
 * the big organisation at 10,000 deals and then grown to 100,000. Also measures the cost
 * of row-level security on the board's own SQL. Prints a Markdown table and writes it to
 * {@code target/bench-results.md}.
 * <p>
 * A program, not a test: {@code ./nexa bench --help}. Client and server share the
 * machine, so figures include the client's share of the CPU.
 */
public final class Benchmark {

	/** Marks queries measured for information, outside the overall RLS overhead. */
	private static final String EXTRA = "extra: ";

	private static final String[] FRAGMENTS = { "schmi", "ander", "kowal", "garc", "acme", "hoff", "nguy" };

	private final Options options;

	private final BenchDatabase database;

	private final Random random;

	private final List<Phase> phases = new ArrayList<>();

	private Api api;

	private UUID bigOrg;

	private int port;

	private Benchmark(Options options) {
		this.options = options;
		this.database = new BenchDatabase(options.databaseUrl, options.username, options.password);
		this.random = new Random(options.seed);
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		if (options == null) {
			return;
		}
		int status = 0;
		try {
			new Benchmark(options).run();
		}
		catch (Exception ex) {
			ex.printStackTrace();
			status = 1;
		}
		// the embedded engine leaves non-daemon threads behind
		System.exit(status);
	}

	private void run() throws Exception {
		long start = System.nanoTime();
		log("Recreating database %s", this.database.name());
		this.database.recreate();
		log("Starting the app in-process");
		// uploads wait here, not in the working tree's ./data, and never outlive the run
		Path imports = Files.createTempDirectory("nexacrm-bench-imports");
		ConfigurableApplicationContext app = new SpringApplicationBuilder(NexaCrmApplication.class).run(
				"--server.port=0", "--nexacrm.database.url=" + this.options.databaseUrl,
				"--nexacrm.database.username=" + this.options.username,
				"--nexacrm.database.password=" + this.options.password, "--nexacrm.redis.url=",
				"--nexacrm.engine.embedded-port=0", "--logging.level.root=warn",
				"--nexacrm.login.max-failures-per-address=100000", "--nexacrm.imports.directory=" + imports);
		try {
			this.port = ((WebServerApplicationContext) app).getWebServer().getPort();
			log("App listening on 127.0.0.1:%d", this.port);
			this.database.checkBypassesRowLevelSecurity();
			Seed seed = new Seed(this.database, this.options.seed);
			Seed.Shape shape = new Seed.Shape(1, 2);
			seed.ensureOrgs(this.options.orgs, this.options.dealsPerOrg, shape);
			this.bigOrg = seed.ensureBigOrg(this.options.bigOrgDeals, shape);
			seed.analyze();
			log("Seeded %s", seed.summary());
			this.api = Api.signIn(this.port, Seed.BIG_OWNER, Seed.PASSWORD);

			measure(label(this.options.bigOrgDeals));
			if (this.options.bigOrgDealsLarge > this.options.bigOrgDeals) {
				seed.ensureBigOrg(this.options.bigOrgDealsLarge, shape);
				seed.analyze();
				measure(label(this.options.bigOrgDealsLarge));
			}
		}
		finally {
			app.close();
			deleteTree(imports);
		}
		String report = report((System.nanoTime() - start) / 1e9);
		System.out.println();
		System.out.println(report);
		Path out = Path.of(this.options.out).toAbsolutePath();
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		log("Wrote %s", out);
	}

	static void deleteTree(Path root) throws IOException {
		try (var paths = Files.walk(root)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/** The 1-minute load average: other work on the machine skews every figure. */
	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	private static String label(int deals) {
		return (deals % 1000 == 0) ? (deals / 1000) + "k" : String.valueOf(deals);
	}

	// ---------------------------------------------------------------- one phase

	private void measure(String label) throws Exception {
		Phase phase = new Phase(label);
		this.phases.add(phase);
		phase.loadBefore = loadAverage();
		log("== %s deals in the big organisation", label);
		JsonNode pipelines = this.api.get("/api/v1/pipelines").json();
		String pipelineId = pipelines.get(0).get("id").asText();
		String boardPath = "/api/v1/pipelines/" + pipelineId + "/board?limit=50";
		JsonNode board = this.api.get(boardPath).json();
		long cards = 0;
		for (JsonNode column : board.get("columns")) {
			cards += column.get("count").asLong();
		}
		phase.boardDeals = cards;
		log("board counts %,d deals over %d columns", cards, board.get("columns").size());

		phase.put("board first page", sample("board first page", (i) -> this.api.get(boardPath)));
		phase.put("column next page", columnPages(pipelineId, boardPath));
		phase.put("card move", moves(boardPath));

		List<String> owners = owners(board);
		phase.put("list: amount + tag, -amount",
				sample("list: amount + tag", (i) -> this.api.get("/api/v1/deals?filter=amount:gte:1000&filter=tags:has:"
						+ List.of("vip", "enterprise", "renewal").get(i % 3) + "&sort=-amount&limit=50")));
		phase.put("list: amount + owner, -amount",
				sample("list: amount + owner",
						(i) -> this.api.get("/api/v1/deals?filter=amount:gte:1000&filter=ownerId:eq:"
								+ owners.get(i % owners.size()) + "&sort=-amount&limit=50")));

		String search = "/api/v1/search?limit=10&q=";
		if (this.api.get(search + FRAGMENTS[0]).status() == 404) {
			search = "/api/v1/contacts?limit=20&q=";
			phase.notes.add("search: /api/v1/search answered 404; measured GET /api/v1/contacts?q= instead");
		}
		String searchPath = search;
		phase.searchEndpoint = searchPath.substring(0, searchPath.indexOf('?'));
		phase.put("search", sample("search", (i) -> this.api.get(searchPath + FRAGMENTS[i % FRAGMENTS.length])));

		rowLevelSecurity(phase, pipelineId, board);
		if (this.options.importRows > 0) {
			importContacts(phase);
		}
		phase.loadAfter = loadAverage();
	}

	/** Walks columns page by page from the board's cursors, like scrolling down. */
	private Stats columnPages(String pipelineId, String boardPath) throws Exception {
		JsonNode board = this.api.get(boardPath).json();
		List<String[]> start = new ArrayList<>();
		for (JsonNode column : board.get("columns")) {
			if (column.hasNonNull("nextCursor")) {
				start.add(new String[] { column.get("stage").get("id").asText(), column.get("nextCursor").asText() });
			}
		}
		if (start.isEmpty()) {
			return Stats.notAvailable("no column has a second page");
		}
		String[][] current = start.stream().map(String[]::clone).toArray(String[][]::new);
		int[] depth = new int[current.length];
		return sample("column next page", (i) -> {
			int c = i % current.length;
			Api.Response response = this.api.get("/api/v1/pipelines/" + pipelineId + "/board/stages/" + current[c][0]
					+ "?limit=50&cursor=" + current[c][1]);
			JsonNode next = response.ok() ? response.json().get("nextCursor") : null;
			if (next == null || next.isNull() || ++depth[c] >= 20) {
				current[c][1] = start.get(c)[1];
				depth[c] = 0;
			}
			else {
				current[c][1] = next.asText();
			}
			return response;
		});
	}

	/**
	 * Moves random cards of the first pages to random columns, after a random card there
	 * (or to the end), with the version the client last saw; tracks columns and versions
	 * locally so every move is one a user could make.
	 */
	private Stats moves(String boardPath) throws Exception {
		JsonNode board = this.api.get(boardPath).json();
		List<String> stages = new ArrayList<>();
		Map<String, List<String>> columns = new LinkedHashMap<>();
		Map<String, Integer> versions = new HashMap<>();
		for (JsonNode column : board.get("columns")) {
			String stage = column.get("stage").get("id").asText();
			stages.add(stage);
			List<String> ids = new ArrayList<>();
			for (JsonNode card : column.get("cards")) {
				ids.add(card.get("id").asText());
				versions.put(card.get("id").asText(), card.get("version").asInt());
			}
			columns.put(stage, ids);
		}
		List<String> nonEmpty = stages.stream().filter((s) -> columns.get(s).size() > 1).toList();
		if (nonEmpty.isEmpty()) {
			return Stats.notAvailable("no cards to move");
		}
		return sample("card move", (i) -> {
			String from = nonEmpty.get(this.random.nextInt(nonEmpty.size()));
			List<String> source = columns.get(from);
			String card = source.get(this.random.nextInt(source.size()));
			String to = (this.random.nextDouble() < 0.3) ? from : stages.get(this.random.nextInt(stages.size()));
			List<String> target = columns.get(to);
			List<String> candidates = target.stream().filter((id) -> !id.equals(card)).toList();
			String after = (candidates.isEmpty() || this.random.nextDouble() < 0.2) ? null
					: candidates.get(this.random.nextInt(candidates.size()));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("stageId", to);
			if (after != null) {
				body.put("afterDealId", after);
			}
			body.put("version", versions.get(card));
			Api.Response response = this.api.post("/api/v1/deals/" + card + "/move", body);
			if (response.ok()) {
				versions.put(card, response.json().get("version").asInt());
				source.remove(card);
				int at = (after != null) ? target.indexOf(after) + 1 : target.size();
				target.add(at, card);
			}
			else if (response.status() == 409 && response.json().at("/current/version").isInt()) {
				versions.put(card, response.json().at("/current/version").asInt());
			}
			return response;
		});
	}

	private static List<String> owners(JsonNode board) {
		List<String> owners = new ArrayList<>();
		for (JsonNode column : board.get("columns")) {
			for (JsonNode card : column.get("cards")) {
				String owner = card.path("ownerId").asText(null);
				if (owner != null && !owners.contains(owner)) {
					owners.add(owner);
				}
			}
		}
		return owners;
	}

	/**
	 * Warm-up, then up to {@code samples} timed calls within the time cap; non-2xx
	 * answers count as failures and are left out of the percentiles.
	 */
	private Stats sample(String name, Call call) throws Exception {
		long warmupEnd = System.nanoTime() + 20_000_000_000L;
		for (int i = 0; i < this.options.warmup && System.nanoTime() < warmupEnd; i++) {
			call.run(i);
		}
		long deadline = System.nanoTime() + this.options.secondsPerOperation * 1_000_000_000L;
		List<Long> nanos = new ArrayList<>();
		Map<Integer, Integer> failures = new LinkedHashMap<>();
		for (int i = 0; i < this.options.samples && System.nanoTime() < deadline; i++) {
			Api.Response response = call.run(this.options.warmup + i);
			if (response.ok()) {
				nanos.add(response.nanos());
			}
			else {
				failures.merge(response.status(), 1, Integer::sum);
				if (failures.size() == 1 && failures.get(response.status()) == 1) {
					log("  %s: first failure %d %s", name, response.status(), abbreviate(response.body()));
				}
			}
		}
		Stats stats = Stats.of(nanos, failures);
		log("  %-30s %s", name, stats.describe());
		return stats;
	}

	// ---------------------------------------------------------------- import

	/**
	 * Imports into a small organisation ("Bench org 1", then 2), as its owner, so the big
	 * organisation's lists and search keep their seeded size in the next round.
	 */
	private void importContacts(Phase phase) throws Exception {
		int orgNumber = this.phases.size();
		Api importer = this.api;
		String into = Seed.BIG_ORG;
		if (orgNumber <= this.options.orgs) {
			importer = Api.signIn(this.port, "owner@org" + orgNumber + ".bench.example", Seed.PASSWORD);
			into = Seed.ORG_PREFIX + orgNumber;
		}
		ContactImport.Result result = ContactImport.run(importer, this.options.importRows, phase.label, "SILENT",
				"CREATE", this.options.importSeconds, this.random, () -> {
				});
		if (result == null) {
			phase.importResult = "not available (POST /api/v1/imports answered 404)";
			log("  import: %s", phase.importResult);
			return;
		}
		phase.importResult = "into " + into + ", " + result.summary();
		if (result.rowsPerSecond() > 0) {
			phase.importRowsPerSecond = result.rowsPerSecond();
		}
		phase.importCompleted = result.completed();
		log("  import: %s = %,.0f rows/s", phase.importResult, result.rowsPerSecond());
	}

	// ---------------------------------------------------------------- row-level security

	/**
	 * The board's two queries, copied from {@code deal/Board.java} (visibility ALL, no
	 * filters).
	 */
	static final String BOARD_TOTALS = """
			select r.stage_id, r.currency, count(*), sum(r.amount),
			       sum(r.amount * coalesce(r.probability, s.probability) / 100.0)
			from deal r join stage s on s.org_id = r.org_id and s.stage_id = r.stage_id
			where r.org_id = ? and r.pipeline_id = ? and true group by r.stage_id, r.currency""";

	static final String BOARD_CARDS = "select s.stage_id, c.* from stage s cross join lateral (select " + """
			r.deal_id, r.title, r.amount, r.currency, r.owner_id, u.display_name, r.expected_close_date,
			r.probability, r.rank, r.version, r.tags, r.company_id, r.contact_id, r.stage_entered_at,
			r.last_activity_at, r.status""" + " from deal r left join app_user u on u.user_id = r.owner_id"
			+ " where r.org_id = s.org_id and r.stage_id = s.stage_id and true"
			+ " order by r.rank, r.deal_id limit ?) c where s.org_id = ? and s.pipeline_id = ?";

	/**
	 * The deal list's query for amount:gte:1000, tags:has:vip, sort -amount
	 * (record/Records.java).
	 */
	static final String FILTERED_LIST = """
			select r.deal_id, r.title, r.amount, r.currency, r.expected_close_date, r.probability, r.source,
			       r.pipeline_id, r.stage_id, r.rank, r.status, r.lost_reason, r.closed_at, r.contact_id, r.company_id,
			       r.lead_id, r.stage_entered_at, r.last_activity_at, r.owner_id, r.tags, r.version, r.created_at,
			       r.updated_at, r.custom::text
			from deal r where r.org_id = ? and r.amount >= ? and r.tags @> array[?]::text[]
			order by r.amount desc nulls last, r.deal_id desc limit 51""";

	/**
	 * The next page of a column, from {@code Board.column} (visibility ALL, no filters).
	 */
	static final String COLUMN_PAGE = "select " + """
			r.deal_id, r.title, r.amount, r.currency, r.owner_id, u.display_name, r.expected_close_date,
			r.probability, r.rank, r.version, r.tags, r.company_id, r.contact_id, r.stage_entered_at,
			r.last_activity_at, r.status"""
			+ " from deal r left join app_user u on u.user_id = r.owner_id where r.org_id = ? and r.stage_id = ?"
			+ " and (r.rank, r.deal_id) > (?, ?) and true order by r.rank, r.deal_id limit ?";

	/** The search's contact query for one word (search/SearchController.java). */
	static final String SEARCH_CONTACTS = """
			select r.contact_id, coalesce(r.first_name, '') || ' ' || r.last_name,
			       ts_rank(r.search, to_tsquery('simple', ?)) + similarity(coalesce(r.first_name, '') || ' ' || r.last_name, ?) as score
			from contact r where r.org_id = ?
			  and (r.search @@ to_tsquery('simple', ?) or coalesce(r.first_name, '') || ' ' || r.last_name ilike ?)
			  and true
			order by score desc, r.contact_id limit ?""";

	private void rowLevelSecurity(Phase phase, String pipelineId, JsonNode board) throws SQLException {
		UUID pipeline = UUID.fromString(pipelineId);
		JsonNode firstColumn = board.get("columns").get(0);
		JsonNode lastCard = firstColumn.get("cards").get(firstColumn.get("cards").size() - 1);
		Map<String, Query> queries = new LinkedHashMap<>();
		queries.put("board totals", new Query(BOARD_TOTALS, this.bigOrg, pipeline));
		queries.put("board cards", new Query(BOARD_CARDS, 51, this.bigOrg, pipeline));
		queries.put("filtered list", new Query(FILTERED_LIST, this.bigOrg, new java.math.BigDecimal("1000"), "vip"));
		queries.put(EXTRA + "column page",
				new Query(COLUMN_PAGE, this.bigOrg, UUID.fromString(firstColumn.get("stage").get("id").asText()),
						lastCard.get("rank").asText(), UUID.fromString(lastCard.get("id").asText()), 51));
		queries.put(EXTRA + "search contacts",
				new Query(SEARCH_CONTACTS, "schmi:*", "schmi", this.bigOrg, "schmi:*", "%schmi%", 10));
		try (Connection app = this.database.app(); Connection owner = this.database.owner()) {
			app.setAutoCommit(false);
			owner.setAutoCommit(false);
			Map<String, List<Long>> appNanos = new LinkedHashMap<>();
			Map<String, List<Long>> ownerNanos = new LinkedHashMap<>();
			queries.keySet().forEach((name) -> {
				appNanos.put(name, new ArrayList<>());
				ownerNanos.put(name, new ArrayList<>());
			});
			int warmup = Math.min(this.options.warmup, this.options.rlsSamples);
			long deadline = System.nanoTime() + 3L * this.options.secondsPerOperation * 1_000_000_000L;
			for (int i = 0; i < warmup + this.options.rlsSamples && System.nanoTime() < deadline; i++) {
				for (var entry : queries.entrySet()) {
					// the extras run every fourth round, so the measured ones get the
					// time
					boolean extra = entry.getKey().startsWith(EXTRA);
					if (extra && i % 4 != 0) {
						continue;
					}
					// alternate who goes first, so neither always finds the cache the
					// other warmed
					boolean appFirst = ((extra ? i / 4 : i) % 2) == 0;
					long first = time(appFirst ? app : owner, appFirst, entry.getValue());
					long second = time(appFirst ? owner : app, !appFirst, entry.getValue());
					if (i >= warmup) {
						appNanos.get(entry.getKey()).add(appFirst ? first : second);
						ownerNanos.get(entry.getKey()).add(appFirst ? second : first);
					}
				}
			}
			for (String name : queries.keySet()) {
				phase.rls.put(name, new Stats[] { Stats.of(appNanos.get(name), Map.of()),
						Stats.of(ownerNanos.get(name), Map.of()) });
				log("  RLS %-16s app %s | superuser %s", name, phase.rls.get(name)[0].describe(),
						phase.rls.get(name)[1].describe());
			}
			for (var entry : queries.entrySet()) {
				phase.explains.put(entry.getKey() + " (app role, RLS)", explain(app, true, entry.getValue()));
				phase.explains.put(entry.getKey() + " (superuser)", explain(owner, false, entry.getValue()));
			}
		}
	}

	private long time(Connection connection, boolean app, Query query) throws SQLException {
		if (app) {
			setOrg(connection);
		}
		long start = System.nanoTime();
		try (PreparedStatement statement = connection.prepareStatement(query.sql)) {
			bind(statement, query.params);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rs.getObject(1);
				}
			}
		}
		long nanos = System.nanoTime() - start;
		connection.commit();
		return nanos;
	}

	private String explain(Connection connection, boolean app, Query query) throws SQLException {
		if (app) {
			setOrg(connection);
		}
		StringBuilder plan = new StringBuilder();
		try (PreparedStatement statement = connection.prepareStatement("explain (analyze, buffers) " + query.sql)) {
			bind(statement, query.params);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					plan.append(rs.getString(1)).append('\n');
				}
			}
		}
		connection.commit();
		return plan.toString();
	}

	private void setOrg(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select set_config('app.org_id', ?, true)")) {
			statement.setString(1, this.bigOrg.toString());
			statement.execute();
		}
	}

	private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
		for (int i = 0; i < params.length; i++) {
			statement.setObject(i + 1, params[i]);
		}
	}

	private record Query(String sql, Object... params) {
	}

	// ---------------------------------------------------------------- report

	private String report(double seconds) {
		StringBuilder out = new StringBuilder();
		out.append("## Benchmark results, ")
			.append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
			.append("\n\n");
		out.append(String.format(Locale.ROOT,
				"%s%d small organisations x %,d deals, big organisation at %s deals; %d samples per operation after %d "
						+ "warm-up calls, one client over loopback HTTP; %d CPU cores; %.0f s in all.%n%n",
				this.options.note.isEmpty() ? "" : this.options.note + ". ", this.options.orgs,
				this.options.dealsPerOrg, String.join(" and ", this.phases.stream().map((p) -> p.label).toList()),
				this.options.samples, this.options.warmup, Runtime.getRuntime().availableProcessors(), seconds));
		out.append("| Operation |");
		this.phases.forEach((p) -> out.append(" ")
			.append(p.label)
			.append(" p50 | ")
			.append(p.label)
			.append(" p95 | ")
			.append(p.label)
			.append(" p99 |"));
		out.append(" Target | Result |\n|---|");
		this.phases.forEach((p) -> out.append("---:|---:|---:|"));
		out.append("---|---|\n");
		Phase last = this.phases.get(this.phases.size() - 1);
		for (String operation : this.phases.get(0).stats.keySet()) {
			String name = operation.equals("search") ? "search (" + last.searchEndpoint + ")" : operation;
			out.append("| ").append(name).append(" |");
			for (Phase phase : this.phases) {
				Stats stats = phase.stats.get(operation);
				out.append(" ")
					.append(ms(stats.p50))
					.append(" | ")
					.append(ms(stats.p95))
					.append(" | ")
					.append(ms(stats.p99))
					.append(" |");
			}
			Double target = target(operation);
			Stats finalStats = last.stats.get(operation);
			out.append(" ").append((target != null) ? "p95 < " + target.intValue() + " ms" : "").append(" | ");
			if (target != null && finalStats.count > 0) {
				out.append(finalStats.p95 < target ? "PASS" : "**MISS**");
			}
			for (Phase phase : this.phases) {
				Stats stats = phase.stats.get(operation);
				if (!stats.failureText().isEmpty()) {
					out.append(" (").append(phase.label).append(" ").append(stats.failureText().trim().substring(1));
				}
				if (stats.note == null && stats.count < this.options.samples) {
					out.append(" (").append(phase.label).append(": n=").append(stats.count).append(", time cap)");
				}
			}
			out.append(" |\n");
		}
		out.append("| import contacts (rows/s) |");
		for (Phase phase : this.phases) {
			out.append(" ")
				.append((phase.importRowsPerSecond != null)
						? String.format(Locale.ROOT, "%,.0f", phase.importRowsPerSecond) : "n/a")
				.append(" | | |");
		}
		out.append(" >= 20,000 rows/s | ");
		if (last.importRowsPerSecond != null) {
			out.append((last.importCompleted && last.importRowsPerSecond >= 20_000) ? "PASS" : "**MISS**");
		}
		else {
			out.append("not available");
		}
		out.append(" |\n");
		out.append("| RLS overhead, board + filtered list SQL (p50) |");
		for (Phase phase : this.phases) {
			out.append(" ").append(String.format(Locale.ROOT, "%+.1f %%", phase.rlsOverhead())).append(" | | |");
		}
		out.append(" < 10 % | ").append(last.rlsOverhead() < 10 ? "PASS" : "**MISS**").append(" |\n\n");
		out.append("Latencies in ms; PASS/MISS judged on the last column set (")
			.append(last.label)
			.append(" deals). Failures (non-2xx, e.g. 409 on a move) are listed next to the result.\n\n");

		for (Phase phase : this.phases) {
			out.append("### ").append(phase.label).append(" deals: details\n\n");
			out.append(String.format(Locale.ROOT, "- board counted %,d deals in the big organisation%n",
					phase.boardDeals));
			out.append("- load average (1 min) before / after the phase: ")
				.append(phase.loadBefore)
				.append(" / ")
				.append(phase.loadAfter)
				.append('\n');
			out.append("- import: ").append((phase.importResult != null) ? phase.importResult : "skipped").append('\n');
			phase.notes.forEach((note) -> out.append("- ").append(note).append('\n'));
			out.append("\nRow-level security, the same SQL over JDBC: app role `nexacrm_app` with `app.org_id` set ")
				.append("vs the superuser (bypasses RLS), both with the explicit `org_id = ?`:\n\n")
				.append("| Query | RLS p50 | RLS p95 | superuser p50 | superuser p95 | overhead (p50) |\n")
				.append("|---|---:|---:|---:|---:|---:|\n");
			phase.rls.forEach((name, stats) -> out.append("| ")
				.append(name)
				.append(" | ")
				.append(ms(stats[0].p50))
				.append(" | ")
				.append(ms(stats[0].p95))
				.append(" | ")
				.append(ms(stats[1].p50))
				.append(" | ")
				.append(ms(stats[1].p95))
				.append(" | ")
				.append(String.format(Locale.ROOT, "%+.1f %%", 100 * (stats[0].p50 - stats[1].p50) / stats[1].p50))
				.append(" |\n"));
			out.append('\n');
		}
		out.append("### Query plans at ").append(last.label).append(" deals\n\n");
		last.explains.forEach((name, plan) -> out.append("<details><summary>")
			.append(name)
			.append("</summary>\n\n```\n")
			.append(plan)
			.append("```\n\n</details>\n\n"));
		return out.toString();
	}

	private static Double target(String operation) {
		if (operation.startsWith("board first page")) {
			return 50.0;
		}
		if (operation.startsWith("card move")) {
			return 30.0;
		}
		if (operation.startsWith("list")) {
			return 50.0;
		}
		if (operation.startsWith("search")) {
			return 100.0;
		}
		return null;
	}

	private static String ms(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	static void log(String format, Object... args) {
		System.out.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(),
				String.format(Locale.ROOT, format, args));
	}

	@FunctionalInterface
	private interface Call {

		Api.Response run(int i) throws Exception;

	}

	/** Latency percentiles (nearest rank) in milliseconds, and failures by status. */
	record Stats(int count, double p50, double p95, double p99, Map<Integer, Integer> failures, String note) {

		static Stats of(List<Long> nanos, Map<Integer, Integer> failures) {
			long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
			return new Stats(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95),
					percentile(sorted, 0.99), failures, null);
		}

		static Stats notAvailable(String why) {
			return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Map.of(), why);
		}

		private static double percentile(long[] sorted, double p) {
			if (sorted.length == 0) {
				return Double.NaN;
			}
			int rank = (int) Math.ceil(p * sorted.length);
			return sorted[Math.max(0, rank - 1)] / 1e6;
		}

		String describe() {
			if (this.note != null) {
				return "n/a (" + this.note + ")";
			}
			return String.format(Locale.ROOT, "n=%d p50=%.1f p95=%.1f p99=%.1f ms%s", this.count, this.p50, this.p95,
					this.p99, failureText());
		}

		String failureText() {
			if (this.failures.isEmpty()) {
				return (this.note != null) ? " (" + this.note + ")" : "";
			}
			List<String> parts = new ArrayList<>();
			this.failures.forEach((status, n) -> parts.add(n + "x " + status));
			return " (failures: " + String.join(", ", parts) + ")";
		}

	}

	/** The figures of one size of the big organisation. */
	private static final class Phase {

		final String label;

		final Map<String, Stats> stats = new LinkedHashMap<>();

		final Map<String, Stats[]> rls = new LinkedHashMap<>();

		final Map<String, String> explains = new LinkedHashMap<>();

		final List<String> notes = new ArrayList<>();

		long boardDeals;

		String loadBefore;

		String loadAfter;

		String searchEndpoint;

		String importResult;

		Double importRowsPerSecond;

		boolean importCompleted;

		Phase(String label) {
			this.label = label;
		}

		void put(String operation, Stats value) {
			this.stats.put(operation, value);
		}

		/**
		 * Overhead of the summed medians of the board's two queries and the filtered
		 * list, in percent.
		 */
		double rlsOverhead() {
			double app = 0;
			double owner = 0;
			for (var entry : this.rls.entrySet()) {
				if (!entry.getKey().startsWith(EXTRA)) {
					app += entry.getValue()[0].p50;
					owner += entry.getValue()[1].p50;
				}
			}
			return 100 * (app - owner) / owner;
		}

	}

	/** Command-line options of {@code ./nexa bench}. */
	record Options(String databaseUrl, String username, String password, int orgs, int dealsPerOrg, int bigOrgDeals,
			int bigOrgDealsLarge, int samples, int warmup, int rlsSamples, int importRows, int secondsPerOperation,
			int importSeconds, String out, long seed, String note) {

		static final String USAGE = """
				Usage: ./nexa bench [options]
				  --database-url URL      bench database, DROPPED and recreated (default %s)
				  --username NAME         owner role, a superuser (default postgres)
				  --password SECRET       its password (default empty)
				  --orgs N                other organisations (default 50)
				  --deals N               deals per other organisation (default 3000)
				  --big-org-deals N       big organisation, first round (default 10000)
				  --big-org-deals-large N big organisation, second round; 0 skips it (default 100000)
				  --samples N             timed calls per operation (default 200)
				  --warmup N              untimed calls first (default 20)
				  --rls-samples N         runs of each SQL query per role (default 200)
				  --import-rows N         rows of the contacts CSV to import; 0 skips (default 200000)
				  --seconds-per-op N      time cap per operation (default 60)
				  --import-seconds N      time cap for one import (default 300)
				  --out FILE              Markdown results (default target/bench-results.md)
				  --seed N                random seed (default 42)
				  --note TEXT             a line for the report (commit, machine, what else ran)
				""".formatted(BenchDatabase.DEFAULT_URL);

		static Options parse(String[] args) {
			CommandLine line = CommandLine.parse(args, USAGE, Set.of());
			if (line == null) {
				return null;
			}
			Options options = new Options(line.text("database-url", BenchDatabase.DEFAULT_URL),
					line.text("username", "postgres"), line.text("password", ""), line.number("orgs", 50, 0),
					line.number("deals", 3000, 0), line.number("big-org-deals", 10_000, 100),
					line.number("big-org-deals-large", 100_000, 0), line.number("samples", 200, 1),
					line.number("warmup", 20, 0), line.number("rls-samples", 200, 0),
					line.number("import-rows", 200_000, 0), line.number("seconds-per-op", 60, 0),
					line.number("import-seconds", 300, 0), line.text("out", "target/bench-results.md"),
					line.number("seed", 42, 0), line.text("note", ""));
			line.requireAllTaken();
			return options;
		}

	}

}
