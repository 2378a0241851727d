package com.nexacrm.bench;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.nexacrm.record.Ids;
import org.postgresql.PGConnection;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Generates realistic CRM data straight into PostgreSQL with {@code COPY}, as the owner
 * role (a superuser, so forced row-level security does not apply): organisations with
 * members, roles and teams, the default sales pipeline, companies, contacts, deals spread
 * over the stages and their activities.
 * <p>
 * Counts are targets, not increments: a second run with the same options adds nothing,
 * and a larger {@code --big-org-deals} grows the big organisation to that size.
 * {@code --reset} drops the database first. Every seeded user's password is
 * {@link #PASSWORD}; the big organisation's owner signs in as {@link #BIG_OWNER}.
 */
public final class Seed {

	/** The password of every seeded user. */
	public static final String PASSWORD = "bench passphrase 2024";

	/** The owner of the big organisation: the account the benchmark signs in as. */
	public static final String BIG_OWNER = "owner@bigco.bench.example";

	static final String BIG_ORG = "Bigco (bench)";

	static final String ORG_PREFIX = "Bench org ";

	/** Tags seeded on deals; the benchmark filters on them. */
	static final List<String> DEAL_TAGS = List.of("vip", "enterprise", "smb", "renewal", "upsell", "partner", "q-push");

	private static final double[] DEAL_TAG_ODDS = { 0.12, 0.2, 0.25, 0.15, 0.1, 0.08, 0.05 };

	static final List<String> FIRST_NAMES = List.of("Ada", "Alan", "Anna", "Ben", "Carla", "Chen", "Daniel", "Elena",
			"Emma", "Felix", "Grace", "Hannah", "Hugo", "Ines", "Ivan", "Jana", "Jonas", "Julia", "Karim", "Laura",
			"Lena", "Lucas", "Maria", "Marta", "Max", "Mia", "Nadia", "Noah", "Olga", "Omar", "Paul", "Pia", "Rosa",
			"Sami", "Sara", "Sofia", "Tom", "Uma", "Victor", "Yara", "Zoe", "Liam", "Nina", "Erik", "Aiko", "Priya");

	static final List<String> LAST_NAMES = List.of("Schmidt", "Schmitz", "Anderson", "Andersen", "Kowalski", "Garcia",
			"Martin", "Martinez", "Rossi", "Russo", "Dubois", "Lefevre", "Novak", "Horvat", "Jansen", "de Vries",
			"Nielsen", "Olsen", "Johansson", "Lindqvist", "Murphy", "Kelly", "Smith", "Taylor", "Brown", "Wilson",
			"Tanaka", "Suzuki", "Kim", "Park", "Nguyen", "Tran", "Silva", "Santos", "Costa", "Fischer", "Weber",
			"Meyer", "Wagner", "Becker", "Hoffmann", "Keller", "Moreau", "Bernard", "Popescu", "Ivanova");

	private static final List<String> COMPANY_WORDS = List.of("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
			"Tyrell", "Cyberdyne", "Soylent", "Hooli", "Vandelay", "Wonka", "Aperture", "Nakatomi", "Oscorp", "Monarch",
			"Dunder", "Sterling", "Pied", "Massive", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware",
			"Adatum", "Proseware", "Lucerne", "Margie", "Woodgrove");

	private static final List<String> COMPANY_KINDS = List.of("Labs", "Systems", "Logistics", "Foods", "Energy",
			"Analytics", "Consulting", "Media", "Health", "Robotics", "Finance", "Retail", "Software", "Motors");

	private static final List<String> COMPANY_FORMS = List.of("GmbH", "Ltd", "Inc", "AG", "SAS", "BV", "AB", "");

	private static final List<String> INDUSTRIES = List.of("Software", "Manufacturing", "Retail", "Healthcare",
			"Finance", "Logistics", "Energy", "Media", "Education", "Hospitality");

	private static final List<String> PRODUCTS = List.of("Annual licence", "Pilot", "Expansion", "Renewal",
			"Platform upgrade", "Support plan", "Onboarding package", "Enterprise seats", "Data migration", "Training");

	private static final List<String> TITLES = List.of("CEO", "CTO", "Head of Sales", "Procurement Manager",
			"IT Director", "Operations Lead", "CFO", "Product Manager", "Office Manager", "VP Marketing");

	private static final List<String> SOURCES = List.of("Website", "Referral", "Outbound", "Event", "Partner",
			"Inbound call");

	private static final List<String> LOST_REASONS = List.of("Price", "Competitor", "No budget", "Timing",
			"No decision");

	private static final List<String> TEAM_NAMES = List.of("North", "South", "Enterprise", "Mid-market", "Inbound");

	/**
	 * Stages of the default pipeline, as {@code pipeline/DefaultPipeline} creates them.
	 */
	private static final List<StageSpec> DEFAULT_STAGES = List.of(new StageSpec("Lead in", 10, "OPEN", 14, 30),
			new StageSpec("Qualified", 25, "OPEN", 14, 22), new StageSpec("Proposal", 50, "OPEN", 10, 15),
			new StageSpec("Negotiation", 75, "OPEN", 7, 10), new StageSpec("Won", 100, "WON", null, 13),
			new StageSpec("Lost", 0, "LOST", null, 10));

	private static final String RANK_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final int FLUSH_BYTES = 24 << 20;

	private final BenchDatabase database;

	private final Random random;

	private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

	private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private final Map<Table, Long> created = new EnumMap<>(Table.class);

	Seed(BenchDatabase database, long randomSeed) {
		this.database = database;
		this.random = new Random(randomSeed);
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		if (options == null) {
			return;
		}
		long start = System.nanoTime();
		BenchDatabase database = new BenchDatabase(options.databaseUrl, options.username, options.password);
		if (options.reset) {
			database.recreate();
			System.out.println("Recreated database " + database.name());
		}
		else {
			database.createIfMissing();
		}
		database.migrate();
		database.checkBypassesRowLevelSecurity();
		Seed seed = new Seed(database, options.randomSeed);
		Shape shape = new Shape(options.contactsPerDeal, options.activitiesPerDeal);
		seed.ensureOrgs(options.orgs, options.dealsPerOrg, shape);
		if (options.bigOrgDeals > 0) {
			seed.ensureBigOrg(options.bigOrgDeals, shape);
		}
		seed.analyze();
		System.out.printf(Locale.ROOT, "Seeded %s in %.1f s%n", seed.summary(), (System.nanoTime() - start) / 1e9);
		System.out.println("Every seeded user's password: \"" + PASSWORD + "\"; big organisation owner: " + BIG_OWNER);
	}

	/** Rows created so far by this seeder, per table. */
	String summary() {
		List<String> parts = new ArrayList<>();
		this.created.forEach((table, rows) -> parts.add(String.format(Locale.ROOT, "%,d %s", rows, table.plural)));
		return parts.isEmpty() ? "nothing (the data is already there)" : String.join(", ", parts);
	}

	Map<Table, Long> created() {
		return this.created;
	}

	/**
	 * Makes sure there are {@code count} small organisations ("Bench org N") with
	 * {@code dealsPerOrg} deals each; creates only the missing ones.
	 */
	void ensureOrgs(int count, int dealsPerOrg, Shape shape) throws SQLException {
		long start = System.nanoTime();
		int existing;
		try (Connection connection = this.database.owner()) {
			existing = (int) single(connection,
					"select count(*) from organization where name like '" + ORG_PREFIX + "%'");
		}
		if (existing >= count) {
			System.out.println(existing + " bench organisations exist already");
			return;
		}
		long dealsBefore = this.created.getOrDefault(Table.DEAL, 0L);
		try (Connection connection = this.database.owner()) {
			connection.setAutoCommit(false);
			Copy copy = new Copy(connection);
			for (int n = existing + 1; n <= count; n++) {
				String domain = "org" + n + ".bench.example";
				Org org = newOrg(copy, ORG_PREFIX + n, 5 + this.random.nextInt(16), "owner@" + domain, domain);
				addCompanies(copy, org, Math.max(5, dealsPerOrg / 4));
				addDeals(copy, org, dealsPerOrg, shape, Map.of());
			}
			copy.flush();
		}
		System.out.printf(Locale.ROOT, "Created %d organisations with %,d deals in %.1f s%n", count - existing,
				this.created.getOrDefault(Table.DEAL, 0L) - dealsBefore, (System.nanoTime() - start) / 1e9);
	}

	/**
	 * Makes sure the big organisation exists with at least {@code deals} deals, adding
	 * the missing ones at the end of their columns.
	 * @return the organisation's id
	 */
	UUID ensureBigOrg(int deals, Shape shape) throws SQLException {
		long start = System.nanoTime();
		try (Connection connection = this.database.owner()) {
			connection.setAutoCommit(false);
			Copy copy = new Copy(connection);
			Org org = loadOrg(connection, BIG_ORG);
			if (org == null) {
				org = newOrg(copy, BIG_ORG, 20, BIG_OWNER, "bigco.bench.example");
			}
			long existing = single(connection, "select count(*) from deal where org_id = '" + org.id + "'");
			int missing = (int) Math.max(0, deals - existing);
			if (missing == 0) {
				copy.flush();
				System.out.printf(Locale.ROOT, "%s has %,d deals already%n", BIG_ORG, existing);
				return org.id;
			}
			addCompanies(copy, org, Math.max(5, missing / 4));
			addDeals(copy, org, missing, shape, lastRanks(connection, org));
			copy.flush();
			System.out.printf(Locale.ROOT, "%s: added %,d deals (now %,d) in %.1f s%n", BIG_ORG, missing,
					existing + missing, (System.nanoTime() - start) / 1e9);
			return org.id;
		}
	}

	/**
	 * Fresh statistics and visibility maps, as autovacuum would have them in production.
	 */
	void analyze() throws SQLException {
		long start = System.nanoTime();
		try (Connection connection = this.database.owner(); Statement statement = connection.createStatement()) {
			statement.execute("vacuum (analyze)");
		}
		System.out.printf(Locale.ROOT, "vacuum (analyze) in %.1f s%n", (System.nanoTime() - start) / 1e9);
	}

	private Org newOrg(Copy copy, String name, int memberCount, String ownerEmail, String domain) {
		Org org = new Org(Ids.next(), Ids.next());
		OffsetDateTime founded = this.now.minusDays(120 + this.random.nextInt(200));
		copy.row(Table.ORGANIZATION, org.id, name, "UTC", founded);
		List<UUID> teams = new ArrayList<>();
		int teamCount = 2 + this.random.nextInt(3);
		for (int i = 0; i < teamCount; i++) {
			UUID team = Ids.next();
			teams.add(team);
			copy.row(Table.TEAM, org.id, team, TEAM_NAMES.get(i), founded);
		}
		for (int i = 0; i < memberCount; i++) {
			String first = pick(FIRST_NAMES);
			String last = pick(LAST_NAMES);
			String email = (i == 0) ? ownerEmail
					: (first + "." + last.replace(" ", "") + "." + i + "@" + domain).toLowerCase(Locale.ROOT);
			String role = (i == 0) ? "OWNER"
					: (i == 1) ? "ADMIN" : (i == 2) ? "MANAGER" : (i == memberCount - 1 && memberCount >= 6) ? "VIEWER"
							: (this.random.nextDouble() < 0.1) ? "MANAGER" : "MEMBER";
			UUID user = Ids.next();
			copy.row(Table.APP_USER, user, email, first + " " + last, this.encoder.encode(PASSWORD), founded);
			copy.row(Table.MEMBERSHIP, org.id, user, role, founded);
			if (role.equals("MANAGER") || role.equals("MEMBER")) {
				copy.row(Table.TEAM_MEMBER, org.id, teams.get(this.random.nextInt(teams.size())), user);
			}
			if (!role.equals("VIEWER")) {
				org.sellers.add(user);
			}
		}
		copy.row(Table.PIPELINE, org.id, org.pipelineId, "Sales", 0, founded);
		int position = 0;
		for (StageSpec spec : DEFAULT_STAGES) {
			Stage stage = new Stage(Ids.next(), spec.name, spec.probability, spec.kind, spec.rottingDays, spec.weight);
			copy.row(Table.STAGE, org.id, stage.id, org.pipelineId, spec.name, position++, spec.probability, spec.kind,
					spec.rottingDays);
			org.stages.add(stage);
		}
		return org;
	}

	/** The organisation's members, first pipeline and companies, or null when absent. */
	private Org loadOrg(Connection connection, String name) throws SQLException {
		UUID orgId;
		try (var statement = connection.prepareStatement("select org_id from organization where name = ?")) {
			statement.setString(1, name);
			ResultSet rs = statement.executeQuery();
			if (!rs.next()) {
				return null;
			}
			orgId = rs.getObject(1, UUID.class);
		}
		UUID pipelineId = uuids(connection,
				"select pipeline_id from pipeline where org_id = ? order by position, name limit 1", orgId)
			.get(0);
		Org org = new Org(orgId, pipelineId);
		org.sellers.addAll(uuids(connection,
				"select user_id from membership where org_id = ? and role <> 'VIEWER' order by user_id", orgId));
		org.companies.addAll(uuids(connection, "select company_id from company where org_id = ?", orgId));
		try (var statement = connection.prepareStatement("""
				select stage_id, name, probability, kind, rotting_days from stage
				where org_id = ? and pipeline_id = ? order by position""")) {
			statement.setObject(1, orgId);
			statement.setObject(2, pipelineId);
			ResultSet rs = statement.executeQuery();
			while (rs.next()) {
				String stageName = rs.getString(2);
				int weight = DEFAULT_STAGES.stream()
					.filter((spec) -> spec.name.equals(stageName))
					.mapToInt(StageSpec::weight)
					.findFirst()
					.orElse(10);
				org.stages.add(new Stage(rs.getObject(1, UUID.class), stageName, rs.getInt(3), rs.getString(4),
						(Integer) rs.getObject(5), weight));
			}
		}
		try (var statement = connection.prepareStatement("select name, domain from company where org_id = ?")) {
			statement.setObject(1, orgId);
			ResultSet rs = statement.executeQuery();
			while (rs.next()) {
				org.companyNames.add(rs.getString(1));
				org.companyDomains.add(rs.getString(2));
			}
		}
		return org;
	}

	/** Each stage's highest rank: new cards go after it. */
	private static Map<UUID, String> lastRanks(Connection connection, Org org) throws SQLException {
		Map<UUID, String> ranks = new HashMap<>();
		try (var statement = connection
			.prepareStatement("select stage_id, max(rank) from deal where org_id = ? group by stage_id")) {
			statement.setObject(1, org.id);
			ResultSet rs = statement.executeQuery();
			while (rs.next()) {
				ranks.put(rs.getObject(1, UUID.class), rs.getString(2));
			}
		}
		return ranks;
	}

	private void addCompanies(Copy copy, Org org, int count) {
		for (int i = 0; i < count; i++) {
			UUID id = Ids.next();
			String word = pick(COMPANY_WORDS);
			String kind = pick(COMPANY_KINDS);
			String form = pick(COMPANY_FORMS);
			int number = org.companies.size() + 1;
			String name = word + " " + kind + (form.isEmpty() ? "" : " " + form) + " " + number;
			String domain = (word + "-" + kind + number + ".example").toLowerCase(Locale.ROOT);
			OffsetDateTime createdAt = this.now.minusDays(90 + this.random.nextInt(90));
			String[] tags = (this.random.nextDouble() < 0.4) ? new String[] { "customer" }
					: (this.random.nextDouble() < 0.3) ? new String[] { "prospect" } : new String[0];
			copy.row(Table.COMPANY, org.id, id, name, domain, phone(), pick(INDUSTRIES), pick(org.sellers), tags,
					createdAt, createdAt);
			org.companies.add(id);
			org.companyNames.add(name);
			org.companyDomains.add(domain);
		}
	}

	/**
	 * Deals over the stages (more in the early ones), each with its contacts and
	 * activities; ranks continue after {@code lastRanks} in every column.
	 */
	private void addDeals(Copy copy, Org org, int count, Shape shape, Map<UUID, String> lastRanks) throws SQLException {
		int totalWeight = org.stages.stream().mapToInt(Stage::weight).sum();
		Map<UUID, Integer> counters = new HashMap<>();
		for (int d = 0; d < count; d++) {
			Stage stage = weightedStage(org, totalWeight);
			int companyIndex = this.random.nextInt(org.companies.size());
			UUID company = org.companies.get(companyIndex);
			String companyName = org.companyNames.get(companyIndex);
			String domain = org.companyDomains.get(companyIndex);
			UUID owner = pick(org.sellers);

			OffsetDateTime stageEntered = this.now.minusMinutes(this.random.nextInt(90 * 24 * 60));
			OffsetDateTime createdAt = stageEntered.minusMinutes(this.random.nextInt(30 * 24 * 60));
			OffsetDateTime lastActivity = lastActivity(stage, stageEntered);
			boolean open = stage.kind.equals("OPEN");

			UUID contact = null;
			for (int c = 0; c < shape.contactsPerDeal; c++) {
				UUID id = Ids.next();
				String first = pick(FIRST_NAMES);
				String last = pick(LAST_NAMES);
				String email = (first + "." + last.replace(" ", "") + "@" + domain).toLowerCase(Locale.ROOT);
				String[] tags = (this.random.nextDouble() < 0.3) ? new String[] { "newsletter" }
						: (this.random.nextDouble() < 0.15) ? new String[] { "decision-maker" } : new String[0];
				copy.row(Table.CONTACT, org.id, id, first, last, email, phone(), pick(TITLES), company, owner, tags,
						createdAt, createdAt);
				if (contact == null) {
					contact = id;
				}
			}

			int counter = counters.merge(stage.id, 1, Integer::sum);
			String rank = lastRanks.getOrDefault(stage.id, "") + rank(counter);
			LocalDate expectedClose = open ? this.now.toLocalDate().plusDays(this.random.nextInt(140) - 20)
					: stageEntered.toLocalDate();
			Integer probability = (this.random.nextDouble() < 0.15)
					? Math.max(0, Math.min(100, stage.probability + this.random.nextInt(21) - 10)) : null;
			UUID deal = Ids.next();
			copy.row(Table.DEAL, org.id, deal, companyName + " - " + pick(PRODUCTS), amount(), currency(),
					expectedClose, probability, owner, (this.random.nextDouble() < 0.8) ? pick(SOURCES) : null,
					org.pipelineId, stage.id, rank, stage.kind, stage.kind.equals("LOST") ? pick(LOST_REASONS) : null,
					open ? null : stageEntered, contact, company, dealTags(), createdAt, lastActivity, stageEntered,
					lastActivity);

			for (int a = 0; a < shape.activitiesPerDeal; a++) {
				long span = Math.max(1, Duration.between(createdAt, lastActivity).toMinutes());
				OffsetDateTime at = (a == shape.activitiesPerDeal - 1) ? lastActivity
						: createdAt.plusMinutes((long) (this.random.nextDouble() * span));
				String kind = activityKind();
				copy.row(Table.ACTIVITY, org.id, Ids.next(), "deal", deal, kind, subject(kind),
						(this.random.nextDouble() < 0.5) ? "Discussed scope, timeline and budget; next step agreed."
								: null,
						owner, at, at);
			}
			copy.flushIfLarge();
		}
	}

	/**
	 * Open deals: about a quarter rot (no activity for longer than the stage allows);
	 * closed deals: activity up to the close.
	 */
	private OffsetDateTime lastActivity(Stage stage, OffsetDateTime stageEntered) {
		long sinceEntered = Math.max(1, Duration.between(stageEntered, this.now).toMinutes());
		if (stage.rottingDays != null) {
			long rottenAfter = stage.rottingDays * 24L * 60;
			if (this.random.nextDouble() < 0.25 && sinceEntered > rottenAfter + 60) {
				return stageEntered.plusMinutes((long) (this.random.nextDouble() * (sinceEntered - rottenAfter - 60)));
			}
			long window = Math.min(sinceEntered, rottenAfter - 60);
			return this.now.minusMinutes((long) (this.random.nextDouble() * window));
		}
		return stageEntered.plusMinutes((long) (this.random.nextDouble() * Math.min(sinceEntered, 3 * 24 * 60)));
	}

	private Stage weightedStage(Org org, int totalWeight) {
		int roll = this.random.nextInt(totalWeight);
		for (Stage stage : org.stages) {
			roll -= stage.weight;
			if (roll < 0) {
				return stage;
			}
		}
		return org.stages.get(0);
	}

	/**
	 * A fixed-width base-62 counter ending in {@code V}: strictly increasing, and never
	 * ending in {@code 0}, so the app can always place a card between two seeded ones.
	 */
	static String rank(int counter) {
		char[] digits = new char[5];
		int value = counter;
		for (int i = digits.length - 1; i >= 0; i--) {
			digits[i] = RANK_DIGITS.charAt(value % 62);
			value /= 62;
		}
		return new String(digits) + "V";
	}

	/** Log-normal around 12,000 with a long tail, rounded to tens. */
	private BigDecimal amount() {
		double value = Math.exp(Math.log(12_000) + 1.1 * this.random.nextGaussian());
		value = Math.max(100, Math.min(5_000_000, value));
		return BigDecimal.valueOf(Math.round(value / 10) * 10L).setScale(2, RoundingMode.UNNECESSARY);
	}

	private String currency() {
		double roll = this.random.nextDouble();
		return (roll < 0.45) ? "EUR" : (roll < 0.8) ? "USD" : (roll < 0.95) ? "GBP" : (roll < 0.98) ? "CHF" : "SEK";
	}

	private String[] dealTags() {
		Set<String> tags = new LinkedHashSet<>();
		for (int i = 0; i < DEAL_TAGS.size(); i++) {
			if (this.random.nextDouble() < DEAL_TAG_ODDS[i]) {
				tags.add(DEAL_TAGS.get(i));
			}
		}
		return tags.toArray(String[]::new);
	}

	private String activityKind() {
		double roll = this.random.nextDouble();
		return (roll < 0.35) ? "CALL" : (roll < 0.7) ? "EMAIL" : (roll < 0.85) ? "MEETING" : "NOTE";
	}

	private String subject(String kind) {
		return switch (kind) {
			case "CALL" -> "Call with " + pick(FIRST_NAMES);
			case "EMAIL" -> "Follow-up: " + pick(PRODUCTS).toLowerCase(Locale.ROOT);
			case "MEETING" -> "Meeting: " + pick(List.of("discovery", "demo", "pricing", "kick-off"));
			default -> "Note";
		};
	}

	private String phone() {
		return String.format(Locale.ROOT, "+%d %03d %07d", 30 + this.random.nextInt(20), this.random.nextInt(1000),
				this.random.nextInt(10_000_000));
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static long single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static List<UUID> uuids(Connection connection, String sql, UUID orgId) throws SQLException {
		List<UUID> ids = new ArrayList<>();
		try (var statement = connection.prepareStatement(sql)) {
			statement.setObject(1, orgId);
			ResultSet rs = statement.executeQuery();
			while (rs.next()) {
				ids.add(rs.getObject(1, UUID.class));
			}
		}
		return ids;
	}

	/** How many related rows each deal gets. */
	record Shape(int contactsPerDeal, int activitiesPerDeal) {
	}

	private record StageSpec(String name, int probability, String kind, Integer rottingDays, int weight) {
	}

	private record Stage(UUID id, String name, int probability, String kind, Integer rottingDays, int weight) {
	}

	/** What deals of an organisation are generated from. */
	private static final class Org {

		final UUID id;

		final UUID pipelineId;

		final List<UUID> sellers = new ArrayList<>();

		final List<Stage> stages = new ArrayList<>();

		final List<UUID> companies = new ArrayList<>();

		final List<String> companyNames = new ArrayList<>();

		final List<String> companyDomains = new ArrayList<>();

		Org(UUID id, UUID pipelineId) {
			this.id = id;
			this.pipelineId = pipelineId;
		}

	}

	/** The tables seeded, in foreign-key order (the order they are copied in). */
	enum Table {

		ORGANIZATION("organization", "organisations", "org_id, name, time_zone, created_at"),

		APP_USER("app_user", "users", "user_id, email, display_name, password_hash, created_at"),

		MEMBERSHIP("membership", "memberships", "org_id, user_id, role, created_at"),

		TEAM("team", "teams", "org_id, team_id, name, created_at"),

		TEAM_MEMBER("team_member", "team members", "org_id, team_id, user_id"),

		PIPELINE("pipeline", "pipelines", "org_id, pipeline_id, name, position, created_at"),

		STAGE("stage", "stages", "org_id, stage_id, pipeline_id, name, position, probability, kind, rotting_days"),

		COMPANY("company", "companies",
				"org_id, company_id, name, domain, phone, industry, owner_id, tags, created_at, updated_at"),

		CONTACT("contact", "contacts",
				"org_id, contact_id, first_name, last_name, email, phone, title, company_id, owner_id, tags, "
						+ "created_at, updated_at"),

		DEAL("deal", "deals",
				"org_id, deal_id, title, amount, currency, expected_close_date, probability, owner_id, source, "
						+ "pipeline_id, stage_id, rank, status, lost_reason, closed_at, contact_id, company_id, tags, "
						+ "created_at, updated_at, stage_entered_at, last_activity_at"),

		ACTIVITY("activity", "activities",
				"org_id, activity_id, record_type, record_id, kind, subject, body, actor_id, occurred_at, created_at");

		final String name;

		final String plural;

		final String columns;

		Table(String name, String plural, String columns) {
			this.name = name;
			this.plural = plural;
			this.columns = columns;
		}

	}

	/**
	 * Rows buffered per table in COPY text format, written in foreign-key order whenever
	 * the buffers grow large, so a row's references are always in the database first.
	 */
	private final class Copy {

		private final Connection connection;

		private final Map<Table, StringBuilder> buffers = new EnumMap<>(Table.class);

		private final Map<Table, Integer> pending = new EnumMap<>(Table.class);

		private long size;

		Copy(Connection connection) {
			this.connection = connection;
		}

		void row(Table table, Object... values) {
			StringBuilder buffer = this.buffers.computeIfAbsent(table, (t) -> new StringBuilder(1 << 16));
			int before = buffer.length();
			for (int i = 0; i < values.length; i++) {
				if (i > 0) {
					buffer.append('\t');
				}
				append(buffer, values[i]);
			}
			buffer.append('\n');
			this.size += buffer.length() - before;
			this.pending.merge(table, 1, Integer::sum);
		}

		void flushIfLarge() throws SQLException {
			if (this.size > FLUSH_BYTES) {
				flush();
			}
		}

		void flush() throws SQLException {
			var copyApi = this.connection.unwrap(PGConnection.class).getCopyAPI();
			for (Table table : Table.values()) {
				StringBuilder buffer = this.buffers.get(table);
				if (buffer == null || buffer.isEmpty()) {
					continue;
				}
				try {
					copyApi.copyIn("copy " + table.name + " (" + table.columns + ") from stdin",
							new ByteArrayInputStream(buffer.toString().getBytes(StandardCharsets.UTF_8)));
				}
				catch (java.io.IOException ex) {
					throw new SQLException("COPY into " + table.name + " failed", ex);
				}
				Seed.this.created.merge(table, (long) this.pending.get(table), Long::sum);
				buffer.setLength(0);
				this.pending.remove(table);
			}
			this.connection.commit();
			this.size = 0;
		}

		private static void append(StringBuilder buffer, Object value) {
			if (value == null) {
				buffer.append("\\N");
			}
			else if (value instanceof String[] array) {
				buffer.append('{');
				for (int i = 0; i < array.length; i++) {
					if (i > 0) {
						buffer.append(',');
					}
					buffer.append('"').append(array[i]).append('"');
				}
				buffer.append('}');
			}
			else if (value instanceof BigDecimal number) {
				buffer.append(number.toPlainString());
			}
			else {
				String text = value.toString();
				for (int i = 0; i < text.length(); i++) {
					char c = text.charAt(i);
					switch (c) {
						case '\\' -> buffer.append("\\\\");
						case '\t' -> buffer.append("\\t");
						case '\n' -> buffer.append("\\n");
						case '\r' -> buffer.append("\\r");
						default -> buffer.append(c);
					}
				}
			}
		}

	}

	/** Command-line options of {@code ./nexa seed}. */
	record Options(String databaseUrl, String username, String password, int orgs, int dealsPerOrg, int bigOrgDeals,
			int contactsPerDeal, int activitiesPerDeal, boolean reset, long randomSeed) {

		static final String USAGE = """
				Usage: ./nexa seed [options]
				  --database-url URL        JDBC URL (default %s)
				  --username NAME           owner role, a superuser (default postgres)
				  --password SECRET         its password (default empty: trust authentication)
				  --orgs N                  small organisations "Bench org 1..N" (default 50)
				  --deals N                 deals per small organisation (default 2000)
				  --big-org-deals N         deals of the big organisation "%s" (default 100000; 0: none)
				  --contacts-per-deal N     contacts created with each deal (default 1)
				  --activities-per-deal N   calls, emails, meetings, notes per deal (default 2)
				  --seed N                  random seed (default 42)
				  --reset                   drop and recreate the database first
				Counts are targets: a second run adds only what is missing.
				Every user's password is "%s"; the big organisation's owner is %s.
				""".formatted(BenchDatabase.DEFAULT_URL, BIG_ORG, PASSWORD, BIG_OWNER);

		/** The options, or null after printing the usage. */
		static Options parse(String[] args) {
			CommandLine line = CommandLine.parse(args, USAGE, Set.of("reset"));
			if (line == null) {
				return null;
			}
			Options options = new Options(line.text("database-url", BenchDatabase.DEFAULT_URL),
					line.text("username", "postgres"), line.text("password", ""), line.number("orgs", 50, 0),
					line.number("deals", 2000, 0), line.number("big-org-deals", 100_000, 0),
					line.number("contacts-per-deal", 1, 0), line.number("activities-per-deal", 2, 0),
					line.flag("reset"), Long.parseLong(line.text("seed", "42")));
			line.requireAllTaken();
			return options;
		}

	}

}
