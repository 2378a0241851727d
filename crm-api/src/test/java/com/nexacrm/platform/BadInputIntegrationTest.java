package com.nexacrm.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx problem and writes nothing. */
@IntegrationTest
class BadInputIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Test
	void malformedJsonIsA400Problem() {
		long users = this.owner.count("app_user");

		ApiClient.Response response = this.fixtures.anonymous()
			.raw("POST", "/api/v1/signup", "{\"email\": \"a@b.test\", ", "application/json");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(response.problem()).isEqualTo("malformed-request");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.");
		assertThat(this.owner.count("app_user")).isEqualTo(users);
	}

	@Test
	void anOversizedBodyIsA413ProblemWhetherDeclaredOrStreamed() {
		Org acme = this.fixtures.acmeOrg();
		long teams = this.owner.count("team");
		String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

		ApiClient.Response declared = acme.owner().raw("POST", "/api/v1/teams", huge, "application/json");

		assertThat(declared.status()).isEqualTo(413);
		assertThat(declared.problem()).isEqualTo("payload-too-large");
		assertThat(this.owner.count("team")).isEqualTo(teams);
	}

	@Test
	void unknownFieldsAndWrongTypesAreRefused() {
		Org acme = this.fixtures.acmeOrg();

		ApiClient.Response unknown = acme.owner().post("/api/v1/teams", Map.of("name", "ok", "colour", "red"));
		ApiClient.Response wrongType = acme.owner()
			.raw("PATCH", "/api/v1/members/" + acme.ownerId(), "{\"role\": 42}", "application/json");
		ApiClient.Response badId = acme.owner().get("/api/v1/teams/not-a-uuid");

		assertThat(unknown.status()).isEqualTo(400);
		assertThat(wrongType.status()).isEqualTo(400);
		assertThat(badId.status()).isEqualTo(400);
		assertThat(badId.problem()).isEqualTo("validation");
	}

	@Test
	void aWrongContentTypeIsA415Problem() {
		Org acme = this.fixtures.acmeOrg();

		ApiClient.Response response = acme.owner().raw("POST", "/api/v1/teams", "name=x", "text/plain");

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.isProblem()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-an-email", "a@b", "two@@example.test", "spaces in@example.test", "" })
	void invalidEmailsAreRefusedAtSignUpWithTheField(String email) {
		long users = this.owner.count("app_user");

		ApiClient.Response response = this.fixtures.anonymous()
			.post("/api/v1/signup",
					Map.of("email", email, "password", Fixtures.PASSWORD, "name", "X", "organizationName", "X"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.problem()).isEqualTo("validation");
		assertThat(response.json().path("errors").findValuesAsText("field")).contains("email");
		assertThat(this.owner.count("app_user")).isEqualTo(users);
	}

	@ParameterizedTest
	@ValueSource(strings = { "short", "password123", "aaaaaaaaaaaa", "1234567890" })
	void weakPasswordsAreRefused(String password) {
		long users = this.owner.count("app_user");
		long orgs = this.owner.count("organization");

		ApiClient.Response response = this.fixtures.anonymous()
			.post("/api/v1/signup", Map.of("email", Fixtures.uniqueEmail("weak"), "password", password, "name", "Weak",
					"organizationName", "Weak Ltd"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsText("field")).contains("password");
		assertThat(this.owner.count("app_user")).isEqualTo(users);
		assertThat(this.owner.count("organization")).isEqualTo(orgs);
	}

	@Test
	void missingFieldsAreListed() {
		ApiClient.Response response = this.fixtures.anonymous().post("/api/v1/signup", Map.of());

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").findValuesAsText("field")).contains("email", "password", "name",
				"organizationName");
	}

	@Test
	void aDuplicateSignUpIsA409AndCreatesNoSecondOrganisation() {
		Org acme = this.fixtures.acmeOrg();
		long orgs = this.owner.count("organization");

		ApiClient.Response response = this.fixtures.anonymous()
			.post("/api/v1/signup", Map.of("email", acme.ownerEmail().toUpperCase(), "password", Fixtures.PASSWORD,
					"name", "Again", "organizationName", "Acme again"));

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.problem()).isEqualTo("email-taken");
		assertThat(this.owner.count("organization")).isEqualTo(orgs);
	}

	@Test
	void aReusedInvitationTokenIsGone() {
		Org acme = this.fixtures.acmeOrg();
		String email = Fixtures.uniqueEmail("once");
		acme.owner().post("/api/v1/invitations", Map.of("email", email, "role", "MEMBER"));
		String token = this.fixtures.invitationToken(acme.id(), email);
		Map<String, String> body = Map.of("token", token, "name", "Once", "password", Fixtures.PASSWORD);
		assertThat(this.fixtures.anonymous().post("/api/v1/invitations/accept", body).status()).isEqualTo(200);
		long members = this.owner.count("membership");

		ApiClient.Response again = this.fixtures.anonymous().post("/api/v1/invitations/accept", body);

		assertThat(again.status()).isEqualTo(410);
		assertThat(again.problem()).isEqualTo("invitation-invalid");
		assertThat(this.owner.count("membership")).isEqualTo(members);
	}

	@Test
	void anExpiredInvitationTokenIsGoneAndCreatesNoAccount() {
		Org acme = this.fixtures.acmeOrg();
		String email = Fixtures.uniqueEmail("late");
		acme.owner().post("/api/v1/invitations", Map.of("email", email, "role", "MEMBER"));
		String token = this.fixtures.invitationToken(acme.id(), email);
		this.owner.jdbc()
			.update("update invitation set expires_at = now() - ?::interval where org_id = ?",
					Duration.ofMinutes(1).toSeconds() + " seconds", acme.id());
		long users = this.owner.count("app_user");

		ApiClient.Response response = this.fixtures.anonymous()
			.post("/api/v1/invitations/accept", Map.of("token", token, "name", "Late", "password", Fixtures.PASSWORD));

		assertThat(response.status()).isEqualTo(410);
		assertThat(this.owner.count("app_user")).isEqualTo(users);
	}

	@Test
	void aRevokedOrForgedInvitationTokenIsGone() {
		Org acme = this.fixtures.acmeOrg();
		String email = Fixtures.uniqueEmail("revoked");
		String id = acme.owner()
			.post("/api/v1/invitations", Map.of("email", email, "role", "MEMBER"))
			.json()
			.path("id")
			.asText();
		String token = this.fixtures.invitationToken(acme.id(), email);
		assertThat(acme.owner().delete("/api/v1/invitations/" + id).status()).isEqualTo(204);
		String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

		for (String attempt : List.of(token, forged, "garbage")) {
			ApiClient.Response response = this.fixtures.anonymous()
				.post("/api/v1/invitations/accept",
						Map.of("token", attempt, "name", "Revoked", "password", Fixtures.PASSWORD));
			assertThat(response.status()).as(attempt).isEqualTo(410);
		}
	}

	@Test
	void aRevokedApiKeyStopsWorkingAtOnce() {
		Org acme = this.fixtures.acmeOrg();
		ApiClient.Response created = acme.owner()
			.post("/api/v1/api-keys", Map.of("name", "ci", "scopes", List.of("team:read")));
		ApiClient key = ApiClient.withApiKey(this.fixtures.port(), created.json().path("token").asText());
		assertThat(key.get("/api/v1/teams").status()).isEqualTo(200);

		assertThat(acme.owner().delete("/api/v1/api-keys/" + created.json().at("/key/id").asText()).status())
			.isEqualTo(204);

		ApiClient.Response after = key.get("/api/v1/teams");
		assertThat(after.status()).isEqualTo(401);
		assertThat(after.problem()).isEqualTo("unauthenticated");
		assertThat(ApiClient.withApiKey(this.fixtures.port(), "nxk_forged").get("/api/v1/teams").status())
			.isEqualTo(401);
	}

	@Test
	void unknownApiPathsAreProblemsToo() {
		ApiClient.Response response = this.fixtures.anonymous().get("/api/v1/does-not-exist");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
	}

}
