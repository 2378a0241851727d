package com.nexacrm.account;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A new user's path through the REST API: sign up, sign in and out, invite, switch. */
@IntegrationTest
class AccountsIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Test
	void signUpCreatesTheUserTheOrganisationAndAnOwnerSession() {
		Org acme = this.fixtures.acmeOrg();

		JsonNode session = acme.owner().get("/api/v1/session").json();
		assertThat(session.at("/user/email").asText()).isEqualTo(acme.ownerEmail());
		assertThat(session.at("/activeOrganization/name").asText()).isEqualTo("Acme");
		assertThat(session.at("/activeOrganization/role").asText()).isEqualTo("OWNER");
		assertThat(session.at("/csrfToken").asText()).isNotBlank();
		assertThat(acme.owner().cookie("nexa_session")).isPresent();
		String hash = this.owner.jdbc()
			.queryForObject("select password_hash from app_user where lower(email) = lower(?)", String.class,
					acme.ownerEmail());
		assertThat(hash).startsWith("$2").doesNotContain(Fixtures.PASSWORD);
	}

	@Test
	void signInAndOut() {
		Org acme = this.fixtures.acmeOrg();
		ApiClient browser = this.fixtures.anonymous();

		ApiClient.Response login = browser.post("/api/v1/session",
				Map.of("email", acme.ownerEmail().toUpperCase(), "password", Fixtures.PASSWORD));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(browser.get("/api/v1/organization").json().path("name").asText()).isEqualTo("Acme");

		assertThat(browser.delete("/api/v1/session").status()).isEqualTo(204);
		ApiClient.Response after = browser.get("/api/v1/organization");
		assertThat(after.status()).isEqualTo(401);
		assertThat(after.problem()).isEqualTo("unauthenticated");
	}

	@Test
	void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
		Org acme = this.fixtures.acmeOrg();
		ApiClient.Response wrongPassword = this.fixtures.anonymous()
			.post("/api/v1/session", Map.of("email", acme.ownerEmail(), "password", "not the password at all"));
		ApiClient.Response unknownUser = this.fixtures.anonymous()
			.post("/api/v1/session", Map.of("email", Fixtures.uniqueEmail("nobody"), "password", Fixtures.PASSWORD));

		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(unknownUser.status()).isEqualTo(401);
		assertThat(wrongPassword.json().path("detail")).isEqualTo(unknownUser.json().path("detail"));
	}

	@Test
	void sign_inIsThrottledAfterRepeatedFailures() {
		Org acme = this.fixtures.acmeOrg();
		ApiClient attacker = this.fixtures.anonymous();
		for (int i = 0; i < 5; i++) {
			assertThat(attacker.post("/api/v1/session", Map.of("email", acme.ownerEmail(), "password", "guess-" + i))
				.status()).isEqualTo(401);
		}
		ApiClient.Response blocked = attacker.post("/api/v1/session",
				Map.of("email", acme.ownerEmail(), "password", Fixtures.PASSWORD));

		assertThat(blocked.status()).isEqualTo(429);
		assertThat(blocked.problem()).isEqualTo("rate-limited");
		assertThat(blocked.retryAfter()).isNotBlank();
	}

	@Test
	void anInvitedColleagueJoinsFromTheEmailedLinkAndCanSwitchOrganisations() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		ApiClient.Response invited = acme.owner()
			.post("/api/v1/invitations", Map.of("email", globex.ownerEmail(), "role", "MANAGER"));
		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		String token = this.fixtures.invitationToken(acme.id(), globex.ownerEmail());

		JsonNode preview = this.fixtures.anonymous().post("/api/v1/invitations/preview", Map.of("token", token)).json();
		assertThat(preview.path("organizationName").asText()).isEqualTo("Acme");
		assertThat(preview.path("accountExists").asBoolean()).isTrue();

		ApiClient.Response accepted = globex.owner().post("/api/v1/invitations/accept", Map.of("token", token));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		assertThat(accepted.json().at("/activeOrganization/id").asText()).isEqualTo(acme.id().toString());
		assertThat(accepted.json().at("/activeOrganization/role").asText()).isEqualTo("MANAGER");
		assertThat(accepted.json().path("organizations")).hasSize(2);

		ApiClient.Response switched = globex.owner()
			.put("/api/v1/session/organization", Map.of("organizationId", globex.id().toString()));
		assertThat(switched.json().at("/activeOrganization/name").asText()).isEqualTo("Globex");
		assertThat(globex.owner().get("/api/v1/organization").json().path("name").asText()).isEqualTo("Globex");
	}

	@Test
	void aNewPersonCreatesTheirAccountFromTheLink() {
		Org acme = this.fixtures.acmeOrg();
		Fixtures.Member rep = this.fixtures.memberOf(acme, "MEMBER");

		JsonNode session = rep.client().get("/api/v1/session").json();
		assertThat(session.at("/activeOrganization/id").asText()).isEqualTo(acme.id().toString());
		assertThat(session.at("/activeOrganization/role").asText()).isEqualTo("MEMBER");
		assertThat(acme.owner().get("/api/v1/members").json()).extracting((m) -> m.path("email").asText())
			.contains(rep.email());
	}

	@Test
	void switchingToAnOrganisationYouDoNotBelongToIsNotFound() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();

		ApiClient.Response response = acme.owner()
			.put("/api/v1/session/organization", Map.of("organizationId", globex.id().toString()));

		assertThat(response.status()).isEqualTo(404);
		assertThat(acme.owner().get("/api/v1/organization").json().path("name").asText()).isEqualTo("Acme");
	}

	@Test
	void aUserCreatesASecondOrganisationAndOwnsIt() {
		Org acme = this.fixtures.acmeOrg();

		ApiClient.Response created = acme.owner().post("/api/v1/organizations", Map.of("name", "Acme Labs"));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().at("/activeOrganization/name").asText()).isEqualTo("Acme Labs");
		assertThat(created.json().at("/activeOrganization/role").asText()).isEqualTo("OWNER");
		assertThat(acme.owner().get("/api/v1/organizations").json()).hasSize(2);
	}

	@Test
	void theLastOwnerCannotBeDemotedRemovedOrLeave() {
		Org acme = this.fixtures.acmeOrg();
		String me = "/api/v1/members/" + acme.ownerId();

		ApiClient.Response demote = acme.owner().patch(me, Map.of("role", "ADMIN"));
		ApiClient.Response remove = acme.owner().delete(me);
		ApiClient.Response leave = acme.owner().post("/api/v1/organization/leave", Map.of());

		assertThat(demote.status()).isEqualTo(409);
		assertThat(demote.problem()).isEqualTo("last-owner");
		assertThat(remove.status()).isEqualTo(409);
		assertThat(leave.status()).isEqualTo(409);
		assertThat(acme.owner().get(me).json().path("role").asText()).isEqualTo("OWNER");
	}

	@Test
	void withASecondOwnerTheFirstMayStepDown() {
		Org acme = this.fixtures.acmeOrg();
		Fixtures.Member admin = this.fixtures.memberOf(acme, "ADMIN");
		assertThat(acme.owner().patch("/api/v1/members/" + admin.id(), Map.of("role", "OWNER")).status())
			.isEqualTo(200);

		ApiClient.Response demote = acme.owner().patch("/api/v1/members/" + acme.ownerId(), Map.of("role", "ADMIN"));

		assertThat(demote.status()).isEqualTo(200);
		assertThat(demote.json().path("role").asText()).isEqualTo("ADMIN");
	}

	@Test
	void anAdminCannotTouchOwners() {
		Org acme = this.fixtures.acmeOrg();
		Fixtures.Member admin = this.fixtures.memberOf(acme, "ADMIN");

		ApiClient.Response promote = admin.client().patch("/api/v1/members/" + admin.id(), Map.of("role", "OWNER"));
		ApiClient.Response removeOwner = admin.client().delete("/api/v1/members/" + acme.ownerId());

		assertThat(promote.status()).isEqualTo(403);
		assertThat(removeOwner.status()).isEqualTo(403);
	}

	@Test
	void aRemovedMemberLosesAccessAtOnce() {
		Org acme = this.fixtures.acmeOrg();
		Fixtures.Member rep = this.fixtures.memberOf(acme, "MEMBER");
		assertThat(rep.client().get("/api/v1/members").status()).isEqualTo(200);

		assertThat(acme.owner().delete("/api/v1/members/" + rep.id()).status()).isEqualTo(204);

		ApiClient.Response after = rep.client().get("/api/v1/members");
		assertThat(after.status()).isEqualTo(403);
		assertThat(after.problem()).isEqualTo("no-organization");
	}

	@Test
	void stateChangingCallsWithASessionNeedTheCsrfToken() {
		Org acme = this.fixtures.acmeOrg();
		long teams = this.owner.count("team");

		ApiClient.Response forged = acme.owner().withoutCsrf().post("/api/v1/teams", Map.of("name", "forged"));

		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.problem()).isEqualTo("csrf");
		assertThat(this.owner.count("team")).isEqualTo(teams);
	}

	@Test
	void aCrossSiteAcceptanceDoesNotActAsTheSignedInUser() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		acme.owner().post("/api/v1/invitations", Map.of("email", globex.ownerEmail(), "role", "VIEWER"));
		String token = this.fixtures.invitationToken(acme.id(), globex.ownerEmail());

		ApiClient.Response forged = globex.owner()
			.withoutCsrf()
			.post("/api/v1/invitations/accept", Map.of("token", token));

		assertThat(forged.status()).isEqualTo(400);
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from membership where org_id = ? and user_id = ?", Long.class, acme.id(),
					globex.ownerId()))
			.isZero();
	}

}
