package com.nexacrm.search;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Member;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.tenant.Role;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search runs its look-up in {@code search_records}, a {@code SECURITY DEFINER} function
 * that bypasses row-level security so its indexes can be used (docs/adr/0008): it must
 * still return only the caller's organisation and only what the caller's visibility
 * allows, through the endpoint and when called directly by the app role.
 */
@IntegrationTest
class SearchIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void searchNeverReturnsAnotherOrganisationsRecords() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		String acmeContact = created(acme.owner(), "/api/v1/contacts",
				Map.of("firstName", "Quentin", "lastName", "Zorbalis", "email", "quentin@zorbalis.test"));
		String acmeCompany = created(acme.owner(), "/api/v1/companies", Map.of("name", "Zorbalis Acme"));
		String acmeLead = created(acme.owner(), "/api/v1/leads", Map.of("name", "Zorbalis Lead"));
		String globexContact = created(globex.owner(), "/api/v1/contacts",
				Map.of("firstName", "Quentin", "lastName", "Zorbalis", "email", "quentin@zorbalis.test"));
		String globexCompany = created(globex.owner(), "/api/v1/companies", Map.of("name", "Zorbalis Globex"));
		created(globex.owner(), "/api/v1/companies", Map.of("name", "Yzmerelda Globex only"));

		JsonNode words = acme.owner().get("/api/v1/search?q=zorbalis").json();
		JsonNode fragment = acme.owner().get("/api/v1/search?q=orbali").json();
		JsonNode email = acme.owner().get("/api/v1/search?q=quentin@zorbalis.test").json();
		JsonNode globexOnly = acme.owner().get("/api/v1/search?q=yzmerelda").json();

		assertThat(words.findValuesAsText("id")).containsExactlyInAnyOrder(acmeContact, acmeCompany, acmeLead);
		assertThat(fragment.findValuesAsText("id")).containsExactlyInAnyOrder(acmeContact, acmeCompany, acmeLead);
		assertThat(email.findValuesAsText("id")).containsExactly(acmeContact);
		assertThat(globexOnly.size()).isZero();
		assertThat(globex.owner().get("/api/v1/search?q=zorbalis").json().findValuesAsText("id"))
			.containsExactlyInAnyOrder(globexContact, globexCompany);
	}

	@Test
	void theFunctionReadsTheOrganisationFromTheTransactionOnly() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		String acmeContact = created(acme.owner(), "/api/v1/contacts", Map.of("lastName", "Wexcombe"));
		created(globex.owner(), "/api/v1/contacts", Map.of("lastName", "Wexcombe"));
		created(globex.owner(), "/api/v1/contacts", Map.of("lastName", "Wexcombe-Smith"));

		List<UUID> asAcme = Tenancy.run(new TenantContext(acme.id(), acme.ownerId(), Role.OWNER),
				() -> this.transactions.execute((status) -> lookUp("contact", "wexcombe")));
		List<UUID> noOrganisation = this.transactions.execute((status) -> lookUp("contact", "wexcombe"));
		List<UUID> outsideATransaction = lookUp("contact", "wexcombe");

		assertThat(asAcme).containsExactly(UUID.fromString(acmeContact));
		assertThat(noOrganisation).isEmpty();
		assertThat(outsideATransaction).isEmpty();
		List<String> arguments = this.owner.jdbc()
			.queryForList("select unnest(proargnames) from pg_proc where proname = 'search_records'", String.class);
		assertThat(arguments).as("no organisation argument: the function reads app_org() only")
			.containsExactly("kind", "words", "fragment", "pattern", "owners", "max_rows", "record_id", "score");
	}

	@Test
	void theFunctionRunsAsARoleNobodyCanSignInAsOrBecome() throws Exception {
		String appRole;
		try (Connection connection = this.dataSource.getConnection()) {
			appRole = connection.getMetaData().getUserName();
		}
		Map<String, Object> function = this.owner.jdbc().queryForMap("""
				select p.prosecdef, r.rolname, r.rolcanlogin, r.rolsuper,
				       pg_has_role(?, r.oid, 'member') as app_is_member,
				       has_function_privilege('public', p.oid, 'execute') as public_may_execute
				from pg_proc p join pg_roles r on r.oid = p.proowner where p.proname = 'search_records'""", appRole);
		assertThat(function).containsEntry("prosecdef", true)
			.containsEntry("rolname", "nexacrm_search")
			.containsEntry("rolcanlogin", false)
			.containsEntry("rolsuper", false)
			.containsEntry("app_is_member", false)
			.containsEntry("public_may_execute", false);
	}

	@Test
	void searchKeepsToTheCallersVisibility() {
		Org acme = this.fixtures.acmeOrg();
		Member rep = this.fixtures.memberOf(acme, "MEMBER");
		Member stranger = this.fixtures.memberOf(acme, "MEMBER");
		String mine = created(rep.client(), "/api/v1/contacts", Map.of("lastName", "Vantablack mine"));
		String theirs = created(stranger.client(), "/api/v1/contacts", Map.of("lastName", "Vantablack theirs"));
		String lead = created(acme.owner(), "/api/v1/leads", Map.of("name", "Vantablack lead"));

		assertThat(acme.owner().put("/api/v1/settings/visibility", Map.of("MEMBER", "OWN")).status()).isEqualTo(200);
		List<String> own = rep.client().get("/api/v1/search?q=vantablack").json().findValuesAsText("id");
		List<String> all = acme.owner().get("/api/v1/search?q=vantablack").json().findValuesAsText("id");

		assertThat(own).containsExactly(mine);
		assertThat(all).containsExactlyInAnyOrder(mine, theirs, lead);
		assertThat(acme.owner().put("/api/v1/settings/visibility", Map.of("MEMBER", "ALL")).status()).isEqualTo(200);
		assertThat(rep.client().get("/api/v1/search?q=vantablack").json().findValuesAsText("id")).contains(mine, lead)
			.hasSize(3);
	}

	private List<UUID> lookUp(String kind, String word) {
		return this.jdbc.sql("select record_id from search_records(?, ?, ?, ?, null, 50) order by record_id")
			.params(kind, "'" + word + "':*", word, "%" + word + "%")
			.query(UUID.class)
			.list();
	}

	private static String created(ApiClient client, String path, Map<String, Object> body) {
		ApiClient.Response response = client.post(path, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("id").asText();
	}

}
