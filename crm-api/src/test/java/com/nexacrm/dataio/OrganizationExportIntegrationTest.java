package com.nexacrm.dataio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-organisation archive holds the caller's organisation only, neutralised; and
 * one organisation's imports cannot be reached from another.
 */
@IntegrationTest
class OrganizationExportIntegrationTest {

	private static final String FORMULA = "=cmd|' /C calc'!A0";

	@Autowired
	private Fixtures fixtures;

	private Org acme;

	private Org globex;

	private String globexImport;

	@BeforeEach
	void twoOrganisationsWithImports() {
		this.acme = this.fixtures.acmeOrg();
		this.globex = this.fixtures.globexOrg();
		Uploads.importContacts(this.acme.owner(), this.fixtures.port(),
				ImportIntegrationTest.csv("firstName,lastName,email,tags", "Ada,Lovelace,ada@acme.test,vip",
						"Evil," + FORMULA + ",evil@acme.test,"));
		this.globexImport = Uploads.importContacts(this.globex.owner(), this.fixtures.port(),
				ImportIntegrationTest.csv("lastName,email", "Secret,s@globex.test", ",bad@globex.test"));
	}

	@Test
	void anotherOrganisationsImportAndItsErrorsAreNotFound() {
		ApiClient.Response job = this.acme.owner().get("/api/v1/imports/" + this.globexImport);
		Uploads.Download errors = Uploads.download(this.acme.owner(), this.fixtures.port(),
				"/api/v1/imports/" + this.globexImport + "/errors.csv");

		assertThat(job.status()).isEqualTo(404);
		assertThat(job.problem()).isEqualTo("not-found");
		assertThat(errors.status()).isEqualTo(404);
		assertThat(errors.text()).doesNotContain("globex");
		assertThat(this.acme.owner().get("/api/v1/imports").body()).doesNotContain(this.globexImport);
		assertThat(this.globex.owner().get("/api/v1/imports/" + this.globexImport).json().path("failed").asLong())
			.isEqualTo(1);
	}

	@Test
	void membersWithoutTheExportRightSeeOnlyTheirOwnImports() {
		Fixtures.Member manager = this.fixtures.memberOf(this.acme, "MANAGER");
		String ownerImport = this.acme.owner().get("/api/v1/imports").json().get(0).path("id").asText();

		assertThat(manager.client().get("/api/v1/imports").json()).isEmpty();
		assertThat(manager.client().get("/api/v1/imports/" + ownerImport).status()).isEqualTo(404);
	}

	@Test
	void theArchiveHoldsEveryPartOfTheCallersOrganisationOnlyNeutralised() throws IOException {
		Uploads.Download download = Uploads.download(this.acme.owner(), this.fixtures.port(),
				"/api/v1/organization/export.zip");

		assertThat(download.status()).isEqualTo(200);
		assertThat(download.contentType()).startsWith("application/zip");
		Map<String, String> files = unzip(download.body());
		assertThat(files).containsOnlyKeys("companies.csv", "contacts.csv", "leads.csv", "deals.csv", "activities.csv",
				"tasks.csv", "pipelines.csv", "custom_fields.csv", "members.csv", "manifest.json");
		assertThat(files.values()).allSatisfy((content) -> assertThat(content).doesNotContainIgnoringCase("globex"));
		List<CSVRecord> contacts = ImportIntegrationTest.parse(files.get("contacts.csv"));
		int lastName = List.of(contacts.get(0).values()).indexOf("lastName");
		assertThat(contacts).hasSize(3);
		assertThat(contacts.stream().map((row) -> row.get(lastName))).contains("Lovelace", "'" + FORMULA);
		assertThat(files.get("members.csv")).contains(this.acme.ownerEmail()).contains("OWNER");
		assertThat(ImportIntegrationTest.parse(files.get("pipelines.csv"))).hasSize(7);
		JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json"));
		assertThat(manifest.at("/organization/id").asText()).isEqualTo(this.acme.id().toString());
		assertThat(manifest.at("/organization/name").asText()).isEqualTo("Acme");
		assertThat(manifest.at("/counts/contacts.csv").asLong()).isEqualTo(2);
		assertThat(manifest.at("/counts/members.csv").asLong()).isEqualTo(1);
		assertThat(manifest.at("/counts/pipelines.csv").asLong()).isEqualTo(6);
		assertThat(manifest.path("exportedAt").asText()).isNotBlank();
		assertThat(manifest.path("notes").toString()).contains("Files");
	}

	@Test
	void onlyMembersWithTheExportRightMayDownloadTheArchive() {
		ApiClient manager = this.fixtures.memberOf(this.acme, "MANAGER").client();

		Uploads.Download refused = Uploads.download(manager, this.fixtures.port(), "/api/v1/organization/export.zip");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.text()).contains("data-export");
	}

	private static Map<String, String> unzip(byte[] archive) throws IOException {
		Map<String, String> files = new LinkedHashMap<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive), StandardCharsets.UTF_8)) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				files.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return files;
	}

}
