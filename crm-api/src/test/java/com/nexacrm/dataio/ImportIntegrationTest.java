package com.nexacrm.dataio;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.Ids;
import com.nexacrm.record.RecordCreated;
import com.nexacrm.record.RecordSchemas;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.support.RecordedEvents;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * CSV imports end to end: upload, background batches, counters, error report, dedupe,
 * deals on the board, events, resume after a crash, and bad files refused with nothing
 * written.
 */
@IntegrationTest
class ImportIntegrationTest {

	private static final String CONTACTS_HEADER = "First,Last,E-mail,Region,Tags";

	private static final String CONTACTS_MAPPING = """
			{"First":"firstName","Last":"lastName","E-mail":"email","Region":"custom.region","Tags":"tags"}""";

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private RecordedEvents events;

	@Autowired
	private ImportSettings settings;

	@Autowired
	private ImportRunner runner;

	@Autowired
	private ImportJobs jobs;

	@Autowired
	private RecordSchemas schemas;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private ObjectMapper json;

	@Test
	void aContactsFileIsImportedWithCustomFieldsTagsAndTheImporterAsOwner() {
		Org acme = this.fixtures.acmeOrg();
		regionField(acme);

		ApiClient.Response started = upload(acme, Map.of("entity", "contact", "mapping", CONTACTS_MAPPING),
				csv(CONTACTS_HEADER, "Ada,Lovelace,ada@acme.test,EMEA,vip;engineer", "Alan,Turing,alan@acme.test,,",
						"Grace,Hopper,grace@acme.test,AMER,navy"));

		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.json().path("status").asText()).isEqualTo("QUEUED");
		assertThat(started.json().path("entity").asText()).isEqualTo("contact");
		JsonNode job = Uploads.awaitEnd(acme.owner(), started.json().path("id").asText());
		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.path("rowsRead").asLong()).isEqualTo(3);
		assertThat(job.path("inserted").asLong()).isEqualTo(3);
		assertThat(job.path("failed").asLong()).isZero();
		assertThat(job.path("startedAt").isMissingNode()).isFalse();
		assertThat(job.path("finishedAt").isMissingNode()).isFalse();
		Map<String, Object> ada = this.owner.jdbc()
			.queryForMap("select first_name, owner_id, custom->>'region' as region, array_to_string(tags, ';') as tags"
					+ " from contact where org_id = ? and email = 'ada@acme.test'", acme.id());
		assertThat(ada).containsEntry("first_name", "Ada")
			.containsEntry("owner_id", acme.ownerId())
			.containsEntry("region", "EMEA")
			.containsEntry("tags", "vip;engineer");
		assertThat(this.owner.jdbc()
			.queryForObject("select custom::text from contact where org_id = ? and email = 'alan@acme.test'",
					String.class, acme.id()))
			.isEqualTo("{}");
		JsonNode emea = acme.owner().get("/api/v1/contacts?filter=custom.region:eq:EMEA").json().path("items");
		assertThat(emea).hasSize(1);
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from audit_log where org_id = ? and entity_id = ?::uuid and action = ?",
					Long.class, acme.id(), job.path("id").asText(), "imported"))
			.as("one audit entry per batch")
			.isEqualTo(1L);
		assertThat(acme.owner().get("/api/v1/imports").json().get(0).path("id").asText())
			.isEqualTo(job.path("id").asText());
	}

	@Test
	void withoutAMappingHeadersNamedLikeFieldsMapThemselves() {
		Org acme = this.fixtures.acmeOrg();

		JsonNode job = imported(acme, Map.of("entity", "company"),
				csv("name,Domain,industry,Unrelated", "Acme Corp,acme.test,Tools,ignored"));

		assertThat(job.path("inserted").asLong()).as(job.toString()).isEqualTo(1);
		assertThat(job.path("mapping").path("Domain").asText()).isEqualTo("domain");
		assertThat(job.path("mapping").has("Unrelated")).isFalse();
		assertThat(this.owner.jdbc()
			.queryForObject("select domain || '/' || industry from company where org_id = ?", String.class, acme.id()))
			.isEqualTo("acme.test/Tools");
	}

	@Test
	void dedupeSkipLeavesExistingRecordsAndLaterCopiesAlone() {
		Org acme = this.fixtures.acmeOrg();
		existingContact(acme, "Old", "dup@acme.test");

		JsonNode job = imported(acme, Map.of("entity", "contact", "dedupe", "SKIP"), duplicatesFile());

		assertThat(job.path("inserted").asLong()).as(job.toString()).isEqualTo(1);
		assertThat(job.path("skipped").asLong()).isEqualTo(2);
		assertThat(titles(acme)).containsExactlyInAnyOrder("dup@acme.test=Old", "new@acme.test=First");
	}

	@Test
	void dedupeUpdateChangesTheMatchingRecordsMappedColumns() {
		Org acme = this.fixtures.acmeOrg();
		String existing = existingContact(acme, "Old", "dup@acme.test");

		JsonNode job = imported(acme, Map.of("entity", "contact", "dedupe", "UPDATE"), duplicatesFile());

		assertThat(job.path("inserted").asLong()).as(job.toString()).isEqualTo(1);
		assertThat(job.path("updated").asLong()).isEqualTo(2);
		assertThat(titles(acme)).containsExactlyInAnyOrder("dup@acme.test=Updated", "new@acme.test=Second");
		JsonNode updated = acme.owner().get("/api/v1/contacts/" + existing).json();
		assertThat(updated.path("version").asInt()).isEqualTo(2);
		assertThat(updated.path("firstName").asText()).as("a blank cell keeps the value").isEqualTo("Kept");
	}

	@Test
	void dedupeCreateInsertsEveryRow() {
		Org acme = this.fixtures.acmeOrg();
		existingContact(acme, "Old", "dup@acme.test");

		JsonNode job = imported(acme, Map.of("entity", "contact", "dedupe", "CREATE"), duplicatesFile());

		assertThat(job.path("inserted").asLong()).as(job.toString()).isEqualTo(3);
		assertThat(titles(acme)).hasSize(4);
	}

	@Test
	void dedupeSkipMatchesCopiesInTheNextBatchWhileTheBatchBeforeIsStillBeingWritten() {
		Org acme = this.fixtures.acmeOrg();
		existingContact(acme, "Old", "e4500@acme.test");

		JsonNode job = imported(acme, Map.of("entity", "contact", "dedupe", "SKIP"), acrossBatchesFile());

		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.path("rowsRead").asLong()).isEqualTo(5000);
		assertThat(job.path("inserted").asLong()).isEqualTo(5000 - 150 - 1);
		assertThat(job.path("skipped").asLong()).isEqualTo(150 + 1);
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) - count(distinct email_key) from contact where org_id = ?", Long.class,
					acme.id()))
			.as("every email once")
			.isZero();
		assertThat(lastNames(acme, "e1950@acme.test", "e2120@acme.test", "e4500@acme.test"))
			.as("the first row with an email is the one kept")
			.containsExactly("Row1950", "Row2120", "Existing");
	}

	@Test
	void dedupeUpdateAppliesCopiesInTheNextBatchAfterTheBatchBeforeHasCommitted() {
		Org acme = this.fixtures.acmeOrg();
		existingContact(acme, "Old", "e4500@acme.test");

		JsonNode job = imported(acme, Map.of("entity", "contact", "dedupe", "UPDATE"), acrossBatchesFile());

		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.path("inserted").asLong()).isEqualTo(5000 - 150 - 1);
		assertThat(job.path("updated").asLong()).isEqualTo(150 + 1);
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) - count(distinct email_key) from contact where org_id = ?", Long.class,
					acme.id()))
			.isZero();
		assertThat(lastNames(acme, "e1950@acme.test", "e2120@acme.test", "e4500@acme.test"))
			.as("the last row with an email wins")
			.containsExactly("Row2050", "Row4020", "Row4500");
	}

	@Test
	void aRowTheDatabaseRefusesFailsAloneAndItsCopyInTheNextBatchIsImported() {
		Org acme = this.fixtures.acmeOrg();
		StringBuilder file = new StringBuilder("lastName,email\r\n");
		for (int i = 1; i <= 2000; i++) {
			file.append((i == 1990) ? "Refused" : "Row" + i).append(",e").append(i).append("@acme.test\r\n");
		}
		file.append("Again,e1990@acme.test\r\n");
		// a row that passes validation and that the database refuses: the batch
		// statement fails, then this row alone
		this.owner.jdbc().execute("""
				create function refuse_import_row() returns trigger language plpgsql as $$
				begin
				    raise exception 'refused by the test' using errcode = '23514';
				end $$;
				create trigger refuse_import_row before insert on contact for each row
				    when (new.last_name = 'Refused') execute function refuse_import_row()""");
		JsonNode job;
		try {
			job = imported(acme, Map.of("entity", "contact", "dedupe", "SKIP"), file.toString());
		}
		finally {
			this.owner.jdbc().execute("drop trigger refuse_import_row on contact; drop function refuse_import_row()");
		}

		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.path("inserted").asLong()).isEqualTo(2000);
		assertThat(job.path("failed").asLong()).isEqualTo(1);
		assertThat(job.path("skipped").asLong()).isZero();
		assertThat(lastNames(acme, "e1990@acme.test")).containsExactly("Again");
		List<CSVRecord> report = parse(Uploads
			.download(acme.owner(), this.fixtures.port(), "/api/v1/imports/" + job.path("id").asText() + "/errors.csv")
			.text());
		assertThat(report).hasSize(2);
		assertThat(report.get(1).get(0)).isEqualTo("1990");
		assertThat(report.get(1).get(1)).isEqualTo("could not be saved: refused by the test");
	}

	@Test
	void whenABatchCannotCommitTheBatchWrittenAlongsideItRollsBackToo() {
		Org acme = this.fixtures.acmeOrg();
		StringBuilder file = new StringBuilder("lastName,email\r\n");
		for (int i = 1; i <= 5000; i++) {
			file.append("Row").append(i).append(",e").append(i).append("@acme.test\r\n");
		}
		// the first batch's audit entry is refused, also when the batch is written again
		// row by row, so that batch fails as a whole
		this.owner.jdbc().execute("""
				create function refuse_first_import_batch() returns trigger language plpgsql as $$
				begin
				    raise exception 'refused by the test';
				end $$;
				create trigger refuse_first_import_batch before insert on audit_log for each row
				    when (new.org_id = '%s' and new.action = 'imported' and new.changes ->> 'rows' = '1-2000')
				    execute function refuse_first_import_batch()""".formatted(acme.id()));
		JsonNode job;
		try {
			job = imported(acme, Map.of("entity", "contact", "dedupe", "CREATE"), file.toString());
		}
		finally {
			this.owner.jdbc()
				.execute(
						"drop trigger refuse_first_import_batch on audit_log; drop function refuse_first_import_batch()");
		}

		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("FAILED");
		assertThat(job.path("rowsRead").asLong()).isZero();
		assertThat(job.path("inserted").asLong()).isZero();
		assertThat(contacts(acme)).as("no later batch committed without the first").isZero();
	}

	@Test
	void anUnbalancedQuoteFailsTheJobAtThatRowKeepingTheWholeBatchesBeforeIt() {
		Org acme = this.fixtures.acmeOrg();
		StringBuilder file = new StringBuilder("First name,Last name,Email\r\n");
		for (int i = 1; i <= 5000; i++) {
			file.append("P,Person ").append(i).append(",p").append(i).append("@acme.test\r\n");
		}
		file.append("Broken,\"Quote,broken@acme.test\r\n");
		for (int i = 1; i <= 100; i++) {
			file.append("Q,After ").append(i).append(",q").append(i).append("@acme.test\r\n");
		}

		JsonNode job = imported(acme, Map.of("entity", "contact", "mode", "SILENT"), file.toString());

		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("FAILED");
		assertThat(job.path("message").asText()).contains("Data row 5001").contains("5000 rows read: 5000 inserted");
		assertThat(job.path("rowsRead").asLong()).isEqualTo(5000);
		assertThat(job.path("inserted").asLong()).isEqualTo(5000);
		assertThat(contacts(acme)).as("every row before the broken one, none after").isEqualTo(5000);
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from contact where org_id = ? and last_name like 'After%'", Long.class,
					acme.id()))
			.isZero();
		assertThat(Files.exists(this.settings.fileOf(acme.id(), UUID.fromString(job.path("id").asText())))).isFalse();
	}

	@Test
	void aFileThatIsNotUtf8IsRefusedWithNothingWritten() {
		Org acme = this.fixtures.acmeOrg();
		byte[] latin1 = csv("First,Last,Email", "J\u00fcrgen,M\u00fcller,jm@acme.test")
			.getBytes(StandardCharsets.ISO_8859_1);

		ApiClient.Response response = Uploads.importBytes(acme.owner(), this.fixtures.port(),
				Map.of("entity", "contact"), latin1);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.problem()).isEqualTo("validation");
		assertThat(response.json().path("detail").asText()).contains("not UTF-8");
		assertNothingWritten(acme);
	}

	@Test
	void bytesThatAreNotUtf8PastTheCheckedMegabyteFailTheJobThereKeepingTheRowsBefore() throws IOException {
		Org acme = this.fixtures.acmeOrg();
		java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
		file.write("Last name,Email\r\n".getBytes(StandardCharsets.UTF_8));
		int good = 0;
		while (file.size() < CsvFiles.CHECKED_BYTES + 100_000) {
			good++;
			file.write(("Person " + good + ",p" + good + "@acme.test\r\n").getBytes(StandardCharsets.UTF_8));
		}
		file.write("M\u00fcller,m@acme.test\r\n".getBytes(StandardCharsets.ISO_8859_1));
		file.write("After,after@acme.test\r\n".getBytes(StandardCharsets.UTF_8));

		ApiClient.Response started = Uploads.importBytes(acme.owner(), this.fixtures.port(),
				Map.of("entity", "contact", "mode", "SILENT"), file.toByteArray());

		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		JsonNode job = Uploads.awaitEnd(acme.owner(), started.json().path("id").asText());
		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("FAILED");
		assertThat(job.path("message").asText()).contains("not UTF-8");
		long inserted = job.path("inserted").asLong();
		assertThat(inserted).as("the rows before the bad bytes, give or take the decoder's read-ahead")
			.isBetween(good - 1000L, (long) good);
		assertThat(job.path("message").asText()).contains("Data row " + (inserted + 1));
		assertThat(contacts(acme)).isEqualTo(inserted);
	}

	@Test
	void aUtf8FileWithAByteOrderMarkIsFine() {
		Org acme = this.fixtures.acmeOrg();
		byte[] text = csv("lastName,email", "M\u00fcller,m@acme.test").getBytes(StandardCharsets.UTF_8);
		byte[] withBom = new byte[text.length + 3];
		withBom[0] = (byte) 0xEF;
		withBom[1] = (byte) 0xBB;
		withBom[2] = (byte) 0xBF;
		System.arraycopy(text, 0, withBom, 3, text.length);

		ApiClient.Response response = Uploads.importBytes(acme.owner(), this.fixtures.port(),
				Map.of("entity", "contact"), withBom);

		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		JsonNode job = Uploads.awaitEnd(acme.owner(), response.json().path("id").asText());
		assertThat(job.path("inserted").asLong()).as(job.toString()).isEqualTo(1);
		assertThat(this.owner.jdbc()
			.queryForObject("select last_name from contact where org_id = ?", String.class, acme.id()))
			.isEqualTo("M\u00fcller");
	}

	@Test
	void requiredFieldsLeftUnmappedAreListedAndNothingIsWritten() {
		Org acme = this.fixtures.acmeOrg();

		ApiClient.Response contacts = upload(acme, Map.of("entity", "contact", "mapping", "{\"Mail\":\"email\"}"),
				csv("Mail,Name", "a@acme.test,A"));
		ApiClient.Response deals = upload(acme, Map.of("entity", "deal"), csv("Amount,Notes", "10,x"));

		assertThat(contacts.status()).isEqualTo(400);
		assertThat(contacts.problem()).isEqualTo("validation");
		assertThat(contacts.json().path("errors").findValuesAsText("field")).containsExactly("lastName");
		assertThat(deals.status()).isEqualTo(400);
		assertThat(deals.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("title",
				"currency");
		assertThat(deals.json().path("detail").asText()).contains("title").contains("currency");
		assertNothingWritten(acme);
	}

	@Test
	void badRequestsAreRefusedWithNothingWritten() {
		Org acme = this.fixtures.acmeOrg();
		String file = csv("Last", "X");

		ApiClient.Response entity = upload(acme, Map.of("entity", "invoice"), file);
		ApiClient.Response target = upload(acme, Map.of("entity", "contact", "mapping", "{\"Last\":\"version\"}"),
				file);
		ApiClient.Response column = upload(acme,
				Map.of("entity", "contact", "mapping", "{\"Last\":\"lastName\",\"Nope\":\"email\"}"), file);
		ApiClient.Response mapping = upload(acme, Map.of("entity", "contact", "mapping", "[1,2]"), file);
		ApiClient.Response dedupe = upload(acme, Map.of("entity", "contact", "dedupe", "MERGE"), file);
		ApiClient.Response empty = upload(acme, Map.of("entity", "contact"), "");
		ApiClient.Response json = acme.owner().post("/api/v1/imports", Map.of("entity", "contact"));

		assertThat(List.of(entity, target, column, mapping, dedupe, empty)).allSatisfy((response) -> {
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.problem()).isEqualTo("validation");
		});
		assertThat(target.json().path("errors").findValuesAsText("field")).contains("mapping.Last");
		assertThat(column.json().path("errors").findValuesAsText("field")).contains("mapping.Nope");
		assertThat(json.status()).isEqualTo(415);
		assertThat(json.problem()).isEqualTo("unsupported-media-type");
		assertNothingWritten(acme);
	}

	@Test
	void importingNeedsTheRecordTypesPermissionsAndASignedInMember() {
		Org acme = this.fixtures.acmeOrg();
		ApiClient member = this.fixtures.memberOf(acme, "MEMBER").client();
		ApiClient manager = this.fixtures.memberOf(acme, "MANAGER").client();
		String token = acme.owner()
			.post("/api/v1/api-keys", Map.of("name", "import", "scopes", List.of("data-import", "contact:create")))
			.json()
			.path("token")
			.asText();
		String file = csv("lastName", "X");

		ApiClient.Response byMember = Uploads.importCsv(member, this.fixtures.port(), Map.of("entity", "contact"),
				file);
		ApiClient.Response byKey = ApiClient.withApiKey(this.fixtures.port(), token)
			.raw("POST", "/api/v1/imports", "--b--\r\n", "multipart/form-data; boundary=b");
		ApiClient.Response byManager = Uploads.importCsv(manager, this.fixtures.port(),
				Map.of("entity", "contact", "dedupe", "UPDATE"), file);

		assertThat(byMember.status()).isEqualTo(403);
		assertThat(byKey.status()).as(byKey.toString()).isEqualTo(403);
		assertThat(byKey.json().path("detail").asText()).contains("signed-in member");
		assertThat(byManager.status()).as(byManager.toString()).isEqualTo(202);
		Uploads.awaitEnd(manager, byManager.json().path("id").asText());
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from import_job where org_id = ?", Long.class, acme.id())).isEqualTo(1L);
	}

	@Test
	void aHundredThousandRowsWithTenThousandBadOnesAreImportedAndReported(@TempDir Path directory) throws IOException {
		Org acme = this.fixtures.acmeOrg();
		Path file = directory.resolve("big.csv");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("First name,Last name,Email,Phone,Title\r\n");
			for (int i = 1; i <= 100_000; i++) {
				String email = (i % 10 == 0) ? "not-an-email-" + i : "person" + i + "@big.test";
				out.write("First" + i + ",Last" + i + "," + email + ",+49 30 " + i + ",Engineer\r\n");
			}
		}

		ApiClient.Response started = Uploads.importFile(acme.owner(), this.fixtures.port(),
				Map.of("entity", "contact", "mode", "SILENT"), file);

		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		JsonNode job = Uploads.awaitEnd(acme.owner(), started.json().path("id").asText());
		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.path("inserted").asLong()).isEqualTo(90_000);
		assertThat(job.path("failed").asLong()).isEqualTo(10_000);
		assertThat(contacts(acme)).isEqualTo(90_000);
		Uploads.Download report = Uploads.download(acme.owner(), this.fixtures.port(),
				"/api/v1/imports/" + job.path("id").asText() + "/errors.csv");
		assertThat(report.status()).isEqualTo(200);
		assertThat(report.contentType()).startsWith("text/csv");
		List<CSVRecord> rows = parse(report.text());
		assertThat(rows).hasSize(10_001);
		assertThat(rows.get(0).values()).containsExactly("row_number", "message", "raw");
		assertThat(rows.get(1).get(0)).isEqualTo("10");
		assertThat(rows.get(1).get(1)).contains("email");
		assertThat(rows.get(1).get(2)).isEqualTo("First10,Last10,not-an-email-10,+49 30 10,Engineer");
	}

	@Test
	void aFormulaIsStoredAsWrittenAndNeutralisedInExportsAndTheErrorReport() {
		Org acme = this.fixtures.acmeOrg();
		String formula = "=cmd|' /C calc'!A0";

		JsonNode job = imported(acme, Map.of("entity", "contact"),
				csv("firstName,lastName,email", "Evil," + formula + ",evil@acme.test", "@SUM(1+1),Bad,not-an-email"));

		assertThat(job.path("inserted").asLong()).as(job.toString()).isEqualTo(1);
		assertThat(this.owner.jdbc()
			.queryForObject("select last_name from contact where org_id = ?", String.class, acme.id()))
			.isEqualTo(formula);
		List<CSVRecord> export = parse(
				Uploads.download(acme.owner(), this.fixtures.port(), "/api/v1/contacts/export.csv").text());
		int lastName = List.of(export.get(0).values()).indexOf("lastName");
		assertThat(export.get(1).get(lastName)).isEqualTo("'" + formula);
		List<CSVRecord> errors = parse(Uploads
			.download(acme.owner(), this.fixtures.port(), "/api/v1/imports/" + job.path("id").asText() + "/errors.csv")
			.text());
		assertThat(errors.get(1).get(2)).isEqualTo("'@SUM(1+1),Bad,not-an-email");
	}

	@Test
	void dealsLandInTheirStagesAtTheEndOfEachColumnWithTheStagesStatus() {
		Org acme = this.fixtures.acmeOrg();
		JsonNode pipeline = acme.owner().get("/api/v1/pipelines").json().get(0);
		String leadIn = stageId(pipeline, "Lead in");
		String proposal = stageId(pipeline, "Proposal");
		String existing = acme.owner()
			.post("/api/v1/deals", Map.of("title", "Existing", "amount", 1, "currency", "EUR"))
			.json()
			.path("id")
			.asText();

		JsonNode job = imported(acme,
				Map.of("entity", "deal", "mapping",
						"{\"Title\":\"title\",\"Amount\":\"amount\",\"Currency\":\"currency\",\"Stage\":\"stage\","
								+ "\"Stage id\":\"stageId\"}"),
				csv("Title,Amount,Currency,Stage,Stage id", "A,100,EUR,,", "B,200,eur,qualified,", "C,300,USD,Won,",
						"D,50,EUR,Nowhere,", "E,10,EUR,,", "F,20,EUR,," + proposal));

		assertThat(job.path("inserted").asLong()).as(job.toString()).isEqualTo(5);
		assertThat(job.path("failed").asLong()).isEqualTo(1);
		Map<String, Map<String, Object>> deals = new java.util.HashMap<>();
		this.owner.jdbc()
			.queryForList("select d.title, s.name as stage, d.status, d.rank, d.closed_at, d.pipeline_id::text as p"
					+ " from deal d join stage s on s.org_id = d.org_id and s.stage_id = d.stage_id where d.org_id = ?",
					acme.id())
			.forEach((row) -> deals.put((String) row.get("title"), row));
		assertThat(deals.get("A")).containsEntry("stage", "Lead in").containsEntry("status", "OPEN");
		assertThat(deals.get("B")).containsEntry("stage", "Qualified");
		assertThat(deals.get("C")).containsEntry("stage", "Won").containsEntry("status", "WON");
		assertThat(deals.get("C").get("closed_at")).isNotNull();
		assertThat(deals.get("F")).containsEntry("stage", "Proposal");
		assertThat(deals).doesNotContainKey("D");
		assertThat(deals.values()).allSatisfy((deal) -> {
			assertThat(deal.get("p")).isEqualTo(pipeline.path("id").asText());
			assertThat((String) deal.get("rank")).doesNotEndWith("0");
		});
		String existingRank = (String) deals.get("Existing").get("rank");
		assertThat(List.of(existingRank, (String) deals.get("A").get("rank"), (String) deals.get("E").get("rank")))
			.as("appended after the column's last card, in file order")
			.isSorted();
		assertThat(existingRank).isNotEqualTo(deals.get("A").get("rank"));
		JsonNode board = acme.owner().get("/api/v1/pipelines/" + pipeline.path("id").asText() + "/board").json();
		assertThat(board.toString()).contains(existing).contains(leadIn);
		assertThat(parse(Uploads
			.download(acme.owner(), this.fixtures.port(), "/api/v1/imports/" + job.path("id").asText() + "/errors.csv")
			.text()).get(1).get(1)).contains("'Nowhere'");
	}

	@Test
	void normalImportsAnnounceEveryNewRecordAndSilentOnesNone() {
		Org acme = this.fixtures.acmeOrg();

		imported(acme, Map.of("entity", "lead", "mode", "NORMAL"),
				csv("name,email", "One,one@acme.test", "Two,two@acme.test", "Three,three@acme.test"));
		List<RecordCreated> afterNormal = created(acme);
		imported(acme, Map.of("entity", "lead", "mode", "SILENT"), csv("name,email", "Four,four@acme.test"));

		assertThat(afterNormal).hasSize(3).allSatisfy((event) -> assertThat(event.imported()).isTrue());
		assertThat(afterNormal).extracting((event) -> event.id().toString())
			.containsExactlyInAnyOrderElementsOf(this.owner.jdbc()
				.queryForList("select lead_id::text from lead where org_id = ? and name <> 'Four'", String.class,
						acme.id()));
		assertThat(created(acme)).hasSize(3);
		assertThat(
				this.owner.jdbc().queryForObject("select count(*) from lead where org_id = ?", Long.class, acme.id()))
			.isEqualTo(4L);
	}

	@Test
	void aJobLeftRunningByACrashResumesFromItsCheckpoint() throws IOException {
		Org acme = this.fixtures.acmeOrg();
		UUID importId = Ids.next();
		StringBuilder text = new StringBuilder("Last,Email\n");
		for (int i = 1; i <= 5000; i++) {
			text.append("Row").append(i).append(",r").append(i).append("@acme.test\n");
		}
		Path file = this.settings.fileOf(acme.id(), importId);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
		this.owner.jdbc()
			.update("""
					insert into import_job (org_id, import_id, entity, status, mode, dedupe, mapping, file_name,
					                        file_bytes, rows_read, inserted, created_by, started_at)
					values (?, ?, 'contact', 'RUNNING', 'SILENT', 'SKIP', '{"Last":"lastName","Email":"email"}',
					        'crashed.csv', ?, 2500, 2500, ?, now())""", acme.id(), importId, Files.size(file),
					acme.ownerId());

		assertThat(this.runner.resumePending()).isPositive();

		JsonNode job = Uploads.awaitEnd(acme.owner(), importId.toString());
		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.path("rowsRead").asLong()).isEqualTo(5000);
		assertThat(job.path("inserted").asLong()).isEqualTo(5000);
		assertThat(contacts(acme)).as("only the rows after the checkpoint").isEqualTo(2500);
		assertThat(this.owner.jdbc()
			.queryForObject("select min(substring(last_name from 4)::int) from contact where org_id = ?", Integer.class,
					acme.id()))
			.isEqualTo(2501);
		// the runner deletes the file right after the job's end commits
		await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(file));
	}

	@Test
	void aFileOverTheSizeLimitIsRefusedBeforeAnythingIsWritten() {
		Org acme = this.fixtures.acmeOrg();
		ImportIntake small = new ImportIntake(
				new ImportSettings(this.settings.directory(), DataSize.ofKilobytes(1), 2000, 1, 2), this.jobs,
				this.schemas, this.transactions, this.json);
		byte[] content = csv("lastName", "x".repeat(2048)).getBytes(StandardCharsets.UTF_8);
		MockMultipartFile declared = new MockMultipartFile("file", "big.csv", "text/csv", content);
		MockMultipartFile understated = new MockMultipartFile("file", "big.csv", "text/csv", content) {
			@Override
			public long getSize() {
				return 10;
			}
		};
		TenantContext asOwner = new TenantContext(acme.id(), acme.ownerId(), Role.OWNER);

		for (MockMultipartFile file : List.of(declared, understated)) {
			Throwable refused = Tenancy.run(asOwner, () -> catchThrowable(
					() -> small.accept(new ImportIntake.Upload("contact", null, null, null, file))));
			assertThat(refused).isInstanceOf(ApiProblem.class);
			assertThat(((ApiProblem) refused).type()).isEqualTo(ProblemType.TOO_LARGE);
		}
		assertNothingWritten(acme);
	}

	// fixtures and helpers

	private void regionField(Org org) {
		ApiClient.Response field = org.owner()
			.post("/api/v1/custom-fields",
					Map.of("entity", "contact", "key", "region", "label", "Region", "type", "TEXT"));
		assertThat(field.status()).as(field.toString()).isEqualTo(201);
	}

	private String existingContact(Org org, String title, String email) {
		ApiClient.Response created = org.owner()
			.post("/api/v1/contacts",
					Map.of("firstName", "Kept", "lastName", "Existing", "email", email, "title", title));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asText();
	}

	/** An existing email in another case, a new one, and the new one again. */
	private static String duplicatesFile() {
		return csv("firstName,lastName,email,title", ",Dup,DUP@acme.test,Updated", "New,Person,new@acme.test,First",
				"New,Again,New@Acme.test,Second");
	}

	/**
	 * 5,000 rows of e1..e5000@acme.test in batches of 2,000, except: rows 2001-2100
	 * repeat the emails of rows 1901-2000 (the batch before's last rows), rows 4001-4050
	 * repeat those of rows 2101-2150; each row's last name is Row + its number.
	 */
	private static String acrossBatchesFile() {
		StringBuilder file = new StringBuilder("lastName,email\r\n");
		for (int i = 1; i <= 5000; i++) {
			int email = (i > 2000 && i <= 2100) ? i - 100 : (i > 4000 && i <= 4050) ? i - 1900 : i;
			file.append("Row").append(i).append(",e").append(email).append("@acme.test\r\n");
		}
		return file.toString();
	}

	private List<String> lastNames(Org org, String... emails) {
		return Stream.of(emails)
			.map((email) -> this.owner.jdbc()
				.queryForObject("select string_agg(last_name, ',') from contact where org_id = ? and email_key = ?",
						String.class, org.id(), email))
			.toList();
	}

	private List<String> titles(Org org) {
		return this.owner.jdbc()
			.queryForList("select lower(email) || '=' || title from contact where org_id = ?", String.class, org.id());
	}

	private ApiClient.Response upload(Org org, Map<String, String> parts, String csv) {
		return Uploads.importCsv(org.owner(), this.fixtures.port(), parts, csv);
	}

	private JsonNode imported(Org org, Map<String, String> parts, String csv) {
		ApiClient.Response started = upload(org, parts, csv);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		return Uploads.awaitEnd(org.owner(), started.json().path("id").asText());
	}

	private List<RecordCreated> created(Org org) {
		return this.events.of(RecordCreated.class).stream().filter((event) -> event.orgId().equals(org.id())).toList();
	}

	private long contacts(Org org) {
		return this.owner.jdbc().queryForObject("select count(*) from contact where org_id = ?", Long.class, org.id());
	}

	private void assertNothingWritten(Org org) {
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from import_job where org_id = ?", Long.class, org.id())).isZero();
		assertThat(contacts(org)).isZero();
		Path directory = this.settings.directory().resolve(org.id().toString());
		if (Files.isDirectory(directory)) {
			try (Stream<Path> files = Files.list(directory)) {
				assertThat(files.toList()).as("files left for %s", org.name()).isEmpty();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private static String stageId(JsonNode pipeline, String name) {
		for (JsonNode stage : pipeline.path("stages")) {
			if (stage.path("name").asText().equals(name)) {
				return stage.path("id").asText();
			}
		}
		throw new IllegalArgumentException(name);
	}

	static String csv(String... lines) {
		return (lines.length == 0) ? "" : String.join("\r\n", lines) + "\r\n";
	}

	static List<CSVRecord> parse(String text) {
		try {
			return CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
