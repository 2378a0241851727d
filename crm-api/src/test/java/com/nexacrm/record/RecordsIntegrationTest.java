package com.nexacrm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records through the REST API: fields, custom fields, lists, visibility, search,
 * conversion, merge.
 */
@IntegrationTest
class RecordsIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	private Org acme;

	private ApiClient admin;

	@BeforeEach
	void acme() {
		this.acme = this.fixtures.acmeOrg();
		this.admin = this.acme.owner();
	}

	@Test
	void aContactIsCreatedReadChangedWithItsVersionAndDeleted() {
		JsonNode contact = created("/api/v1/contacts", Map.of("firstName", "Ada", "lastName", "Lovelace", "email",
				"ada@example.test", "tags", List.of("VIP")));
		String path = "/api/v1/contacts/" + contact.path("id").asText();

		assertThat(contact.path("ownerId").asText()).isEqualTo(this.acme.ownerId().toString());
		assertThat(contact.path("tags").get(0).asText()).isEqualTo("vip");
		ApiClient.Response changed = this.admin.patch(path, Map.of("title", "Countess", "version", 1));
		assertThat(changed.json().path("title").asText()).isEqualTo("Countess");
		assertThat(changed.json().path("version").asInt()).isEqualTo(2);
		ApiClient.Response stale = this.admin.patch(path, Map.of("title", "Again", "version", 1));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().at("/current/title").asText()).isEqualTo("Countess");
		assertThat(this.admin.get(path + "/audit").json().findValuesAsText("action")).contains("created", "updated");
		assertThat(this.admin.delete(path).status()).isEqualTo(204);
		assertThat(this.admin.get(path).status()).isEqualTo(404);
	}

	@Test
	void deletingARecordKeepsItsTasksButUnlinksThem() {
		String company = created("/api/v1/companies", Map.of("name", "Short-lived")).path("id").asText();
		String task = created("/api/v1/tasks",
				Map.of("title", "Call them", "recordType", "company", "recordId", company))
			.path("id")
			.asText();

		assertThat(this.admin.delete("/api/v1/companies/" + company).status()).isEqualTo(204);

		JsonNode after = this.admin.get("/api/v1/tasks/" + task).json();
		assertThat(after.path("title").asText()).isEqualTo("Call them");
		assertThat(after.path("recordId").isMissingNode() || after.path("recordId").isNull()).isTrue();
	}

	@Test
	void invalidFieldsAreListedAndNothingIsWritten() {
		long before = this.owner.count("contact");

		ApiClient.Response response = this.admin.post("/api/v1/contacts",
				Map.of("email", "not-an-email", "phone", "call me", "colour", "red", "ownerId", "nope"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsText("field")).contains("lastName", "email", "phone",
				"colour", "ownerId");
		assertThat(this.owner.count("contact")).isEqualTo(before);
	}

	@Test
	void aReferenceToAnotherOrganisationsRecordIsRefused() {
		Org globex = this.fixtures.globexOrg();
		String globexCompany = globex.owner()
			.post("/api/v1/companies", Map.of("name", "Globex"))
			.json()
			.path("id")
			.asText();

		ApiClient.Response response = this.admin.post("/api/v1/contacts",
				Map.of("lastName", "Spy", "companyId", globexCompany));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsText("field")).containsExactly("companyId");
	}

	@Test
	void customFieldsAreValidatedFilteredSortedAndExported() {
		assertThat(this.admin
			.post("/api/v1/custom-fields", Map.of("entity", "deal", "key", "region", "label", "Region", "type",
					"SELECT", "options", List.of("EMEA", "APAC")))
			.status()).isEqualTo(201);
		assertThat(this.admin
			.post("/api/v1/custom-fields", Map.of("entity", "deal", "key", "seats", "label", "Seats", "type", "NUMBER"))
			.status()).isEqualTo(201);
		created("/api/v1/deals",
				Map.of("title", "Small", "currency", "EUR", "custom", Map.of("region", "emea", "seats", 5)));
		created("/api/v1/deals",
				Map.of("title", "Large", "currency", "EUR", "custom", Map.of("region", "EMEA", "seats", 50)));
		created("/api/v1/deals",
				Map.of("title", "Far", "currency", "EUR", "custom", Map.of("region", "APAC", "seats", 20)));

		ApiClient.Response wrong = this.admin.post("/api/v1/deals",
				Map.of("title", "Bad", "currency", "EUR", "custom", Map.of("region", "Mars", "seats", "many")));
		JsonNode emea = this.admin.get("/api/v1/deals?filter=custom.region:eq:EMEA&sort=-custom.seats").json();
		JsonNode big = this.admin.get("/api/v1/deals?filter=custom.seats:gte:20&sort=custom.seats").json();
		String csv = this.admin.get("/api/v1/deals/export.csv?sort=title").body();

		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("custom.region",
				"custom.seats");
		assertThat(emea.path("items").findValuesAsText("title")).containsExactly("Large", "Small");
		assertThat(big.path("items").findValuesAsText("title")).containsExactly("Far", "Large");
		assertThat(csv.lines().findFirst().orElseThrow()).contains("title", "custom.region", "custom.seats");
		assertThat(csv).contains("Far").contains("APAC");
	}

	@Test
	void pagesOfAListReturnEveryRecordOnceInOrder() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			String name = String.format("Company %02d", i);
			names.add(name);
			created("/api/v1/companies", Map.of("name", name));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = this.admin
				.get("/api/v1/companies?sort=name&limit=10" + ((cursor != null) ? "&cursor=" + cursor : ""))
				.json();
			seen.addAll(page.path("items").findValuesAsText("name"));
			cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null
					: page.path("nextCursor").asText();
		}
		while (cursor != null);
		assertThat(seen).containsExactlyElementsOf(names);
	}

	@Test
	void aBadFilterSortOrCursorIsA400() {
		assertThat(this.admin.get("/api/v1/deals?filter=nope:eq:1").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/deals?filter=amount:like:1").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/deals?filter=amount:gte:lots").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/deals?sort=-password").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/deals?cursor=garbage").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/deals?limit=5000").status()).isEqualTo(400);
	}

	@Test
	void membersSeeOnlyWhatTheirRoleSVisibilityAllowsEverywhere() {
		Fixtures.Member rep = this.fixtures.memberOf(this.acme, "MEMBER");
		Fixtures.Member teammate = this.fixtures.memberOf(this.acme, "MEMBER");
		Fixtures.Member stranger = this.fixtures.memberOf(this.acme, "MEMBER");
		String team = this.admin.post("/api/v1/teams", Map.of("name", "Field sales")).json().path("id").asText();
		this.admin.put("/api/v1/teams/" + team + "/members/" + rep.id(), null);
		this.admin.put("/api/v1/teams/" + team + "/members/" + teammate.id(), null);
		String mine = createdBy(rep.client(), "Zebra mine");
		String ours = createdBy(teammate.client(), "Zebra ours");
		String theirs = createdBy(stranger.client(), "Zebra theirs");

		assertThat(visibleContacts(rep.client())).containsExactlyInAnyOrder("Zebra mine", "Zebra ours");
		assertThat(rep.client().get("/api/v1/contacts/" + theirs).status()).isEqualTo(404);
		assertThat(rep.client().get("/api/v1/search?q=zebra").json().findValuesAsText("name"))
			.allSatisfy((name) -> assertThat(name).doesNotContain("theirs"))
			.hasSize(2);
		assertThat(rep.client().get("/api/v1/contacts/export.csv").body()).contains("Zebra ours")
			.doesNotContain("theirs");

		assertThat(this.admin.put("/api/v1/settings/visibility", Map.of("MEMBER", "OWN")).status()).isEqualTo(200);
		assertThat(visibleContacts(rep.client())).containsExactly("Zebra mine");
		assertThat(rep.client().get("/api/v1/contacts/" + ours).status()).isEqualTo(404);
		assertThat(visibleContacts(this.admin)).contains("Zebra mine", "Zebra ours", "Zebra theirs");
		assertThat(mine).isNotBlank();
	}

	@Test
	void aChangeThatTakesARecordOutOfTheCallersSightIsRefusedAndWritesNothing() {
		Fixtures.Member rep = this.fixtures.memberOf(this.acme, "MEMBER");
		Fixtures.Member stranger = this.fixtures.memberOf(this.acme, "MEMBER");
		assertThat(this.admin.put("/api/v1/settings/visibility", Map.of("MEMBER", "OWN")).status()).isEqualTo(200);
		String mine = createdBy(rep.client(), "Yak mine");

		ApiClient.Response handedOn = rep.client()
			.patch("/api/v1/contacts/" + mine, Map.of("ownerId", stranger.id().toString()));

		assertThat(handedOn.status()).isEqualTo(404);
		assertThat(rep.client().get("/api/v1/contacts/" + mine).json().path("ownerId").asText())
			.isEqualTo(rep.id().toString());
		assertThat(this.admin.put("/api/v1/settings/visibility", Map.of("MEMBER", "TEAM")).status()).isEqualTo(200);
	}

	@Test
	void searchFindsByWordPrefixAndFragmentWithinTheOrganisationOnly() {
		created("/api/v1/companies", Map.of("name", "Initech Systems", "domain", "initech.test"));
		created("/api/v1/contacts", Map.of("firstName", "Peter", "lastName", "Gibbons", "email", "peter@initech.test"));
		Org globex = this.fixtures.globexOrg();
		globex.owner().post("/api/v1/companies", Map.of("name", "Initech Clone"));

		List<String> prefix = this.admin.get("/api/v1/search?q=init").json().findValuesAsText("name");
		List<String> fragment = this.admin.get("/api/v1/search?q=bbon").json().findValuesAsText("name");
		List<String> email = this.admin.get("/api/v1/search?q=peter@initech.test").json().findValuesAsText("type");

		assertThat(prefix).contains("Initech Systems").doesNotContain("Initech Clone");
		assertThat(fragment).containsExactly("Peter Gibbons");
		assertThat(email).contains("contact");
		assertThat(this.admin.get("/api/v1/search?q=").status()).isEqualTo(400);
	}

	@Test
	void convertingALeadReusesTheContactByEmailAndTheCompanyByDomain() {
		String company = created("/api/v1/companies", Map.of("name", "Umbrella", "domain", "umbrella.test")).path("id")
			.asText();
		String contact = created("/api/v1/contacts", Map.of("lastName", "Wesker", "email", "albert@umbrella.test"))
			.path("id")
			.asText();
		String lead = created("/api/v1/leads",
				Map.of("name", "Albert Wesker", "email", "ALBERT@umbrella.test", "companyName", "Umbrella Corp"))
			.path("id")
			.asText();

		ApiClient.Response converted = this.admin.post("/api/v1/leads/" + lead + "/convert",
				Map.of("amount", 5000, "currency", "USD"));
		ApiClient.Response again = this.admin.post("/api/v1/leads/" + lead + "/convert", Map.of());

		assertThat(converted.status()).as(converted.toString()).isEqualTo(200);
		JsonNode result = converted.json();
		assertThat(result.path("contactId").asText()).isEqualTo(contact);
		assertThat(result.path("contactMatched").asBoolean()).isTrue();
		assertThat(result.path("companyId").asText()).isEqualTo(company);
		assertThat(result.at("/deal/amount").decimalValue()).isEqualByComparingTo("5000");
		assertThat(result.at("/deal/contactId").asText()).isEqualTo(contact);
		assertThat(result.at("/lead/status").asText()).isEqualTo("CONVERTED");
		assertThat(again.status()).isEqualTo(409);
	}

	@Test
	void aNewLeadWithoutMatchesGetsANewContactAndCompany() {
		String lead = created("/api/v1/leads", Map.of("name", "Ellen Ripley", "email", "ripley@weyland.test"))
			.path("id")
			.asText();

		JsonNode result = this.admin.post("/api/v1/leads/" + lead + "/convert", Map.of()).json();

		assertThat(result.path("contactMatched").asBoolean()).isFalse();
		JsonNode contact = this.admin.get("/api/v1/contacts/" + result.path("contactId").asText()).json();
		assertThat(contact.path("firstName").asText()).isEqualTo("Ellen");
		assertThat(contact.path("lastName").asText()).isEqualTo("Ripley");
		JsonNode company = this.admin.get("/api/v1/companies/" + result.path("companyId").asText()).json();
		assertThat(company.path("domain").asText()).isEqualTo("weyland.test");
	}

	@Test
	void duplicatesAreFlaggedOnCreateAndAMergeKeepsBothTimelines() {
		JsonNode keep = created("/api/v1/contacts",
				Map.of("firstName", "Sam", "lastName", "Carter", "email", "sam@sgc.test"));
		ApiClient.Response second = this.admin.post("/api/v1/contacts",
				Map.of("firstName", "Samantha", "lastName", "Carter", "email", "SAM@sgc.test", "phone", "+1 555 0100"));
		JsonNode dup = second.json();
		String keepPath = "/api/v1/contacts/" + keep.path("id").asText();
		String dupPath = "/api/v1/contacts/" + dup.path("id").asText();
		this.admin.post(keepPath + "/activities", Map.of("kind", "CALL", "subject", "First call"));
		this.admin.post(dupPath + "/activities", Map.of("kind", "NOTE", "body", "Met at the gate"));
		String deal = created("/api/v1/deals",
				Map.of("title", "Naquadah", "currency", "USD", "contactId", dup.path("id").asText()))
			.path("id")
			.asText();

		ApiClient.Response merged = this.admin.post(keepPath + "/merge",
				Map.of("duplicateId", dup.path("id").asText()));

		assertThat(dup.path("possibleDuplicates").findValuesAsText("id")).contains(keep.path("id").asText());
		assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
		assertThat(merged.json().path("phone").asText()).isEqualTo("+1 555 0100");
		assertThat(merged.json().path("firstName").asText()).isEqualTo("Sam");
		assertThat(this.admin.get(keepPath + "/timeline").json().findValuesAsText("kind")).contains("CALL", "NOTE");
		assertThat(this.admin.get(dupPath).status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/deals/" + deal).json().path("contactId").asText())
			.isEqualTo(keep.path("id").asText());
	}

	@Test
	void exportedCellsThatLookLikeFormulasAreNeutralised() {
		created("/api/v1/companies", Map.of("name", "=cmd|' /C calc'!A0"));

		String csv = this.admin.get("/api/v1/companies/export.csv").body();

		assertThat(csv).contains("'=cmd|").doesNotContain(",=cmd");
	}

	@Test
	void aViewerReadsButCannotWrite() {
		Fixtures.Member viewer = this.fixtures.memberOf(this.acme, "VIEWER");
		created("/api/v1/companies", Map.of("name", "Readable"));

		assertThat(viewer.client().get("/api/v1/companies").json().path("items")).isNotEmpty();
		assertThat(viewer.client().post("/api/v1/companies", Map.of("name", "Nope")).status()).isEqualTo(403);
	}

	private JsonNode created(String path, Map<String, Object> body) {
		ApiClient.Response response = this.admin.post(path, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private static String createdBy(ApiClient client, String lastName) {
		ApiClient.Response response = client.post("/api/v1/contacts", Map.of("lastName", lastName));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("id").asText();
	}

	private static List<String> visibleContacts(ApiClient client) {
		return client.get("/api/v1/contacts?q=zebra&limit=50").json().path("items").findValuesAsText("lastName");
	}

}
