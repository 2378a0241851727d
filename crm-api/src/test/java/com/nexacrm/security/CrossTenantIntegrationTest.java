package com.nexacrm.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Endpoints;
import com.nexacrm.support.Endpoints.Endpoint;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * As Acme's owner (and with Acme's API key), reach for Globex's rows through every
 * endpoint that takes an id, and look for them in every list: 0 successes, every attempt
 * a 404, Globex's data unchanged.
 */
@IntegrationTest
class CrossTenantIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mapping;

	private Org acme;

	private Org globex;

	private Map<String, String> globexIds;

	private Map<String, String> globexRecords;

	private String globexTaskIds = "";

	@BeforeEach
	void twoOrganisations() {
		this.acme = this.fixtures.acmeOrg();
		this.globex = this.fixtures.globexOrg();
		String team = this.globex.owner()
			.post("/api/v1/teams", Map.of("name", "Globex sales"))
			.json()
			.path("id")
			.asText();
		Fixtures.Member rep = this.fixtures.memberOf(this.globex, "MEMBER");
		this.globex.owner().put("/api/v1/teams/" + team + "/members/" + rep.id(), null);
		String invitation = this.globex.owner()
			.post("/api/v1/invitations", Map.of("email", Fixtures.uniqueEmail("pending"), "role", "VIEWER"))
			.json()
			.path("id")
			.asText();
		String key = this.globex.owner()
			.post("/api/v1/api-keys", Map.of("name", "globex key", "scopes", List.of("team:read")))
			.json()
			.at("/key/id")
			.asText();
		JsonNode pipeline = this.globex.owner().get("/api/v1/pipelines").json().get(0);
		String company = created("/api/v1/companies", Map.of("name", "Globex Corp", "domain", "globex.test"));
		String contact = created("/api/v1/contacts", Map.of("lastName", "Secret", "email", "s@globex.test"));
		String lead = created("/api/v1/leads", Map.of("name", "Hot lead", "email", "hot@globex.test"));
		String deal = created("/api/v1/deals", Map.of("title", "Big deal", "amount", 1000, "currency", "EUR"));
		String task = created("/api/v1/tasks", Map.of("title", "Call Globex", "recordType", "deal", "recordId", deal));
		String field = created("/api/v1/custom-fields",
				Map.of("entity", "deal", "key", "region", "label", "Region", "type", "TEXT"));
		this.globexIds = new java.util.HashMap<>(Map.of("teamId", team, "userId", rep.id().toString(), "invitationId",
				invitation, "keyId", key, "pipelineId", pipeline.path("id").asText(), "stageId",
				pipeline.path("stages").get(1).path("id").asText(), "taskId", task, "fieldId", field));
		this.globexIds.put("viewId", created("/api/v1/task-views",
				Map.of("name", "Globex hot tasks", "filter", Map.of("view", "team", "priority", List.of("HIGH")))));
		// forms are the same for every organisation: there is no Globex form to reach
		this.globexIds.put("formKey", "globex-only-form");
		this.globexIds.put("importId", com.nexacrm.dataio.Uploads.importContacts(this.globex.owner(),
				this.fixtures.port(), "lastName,email\r\nImported,imported@globex.test\r\n"));
		this.globexIds.put("formId",
				this.globex.owner()
					.post("/api/v1/web-forms", Map.of("name", "Globex form"))
					.json()
					.at("/form/id")
					.asText());
		// Globex's own version of onboarding, and its engine-side process id
		String onboarding = this.globex.owner().get("/api/v1/automation/processes/onboarding/bpmn").body();
		ApiClient.Response version = this.globex.owner()
			.raw("POST", "/api/v1/automation/processes/onboarding/versions",
					onboarding.replace("name=\"Onboarding\"", "name=\"Globex onboarding\""), "application/xml");
		assertThat(version.status()).as(version.toString()).isEqualTo(201);
		this.globexIds.put("versionId", version.json().path("versionId").asText());
		this.globexIds.put("processId", "onboarding.o" + this.globex.id().toString().replace("-", ""));
		// Globex's onboarding instance (from its sign-up); its key stands in for an
		// incident key too: another organisation's instance is refused first
		String instance = String.valueOf(org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.until(() -> this.owner.jdbc()
				.queryForList("select process_instance_key from process_instance_owner where org_id = ?", Long.class,
						this.globex.id()),
					(keys) -> !keys.isEmpty())
			.get(0));
		this.globexIds.put("processInstanceKey", instance);
		this.globexIds.put("incidentKey", instance);
		this.globexRecords = Map.of("companies", company, "contacts", contact, "leads", lead, "deals", deal);
	}

	private String created(String path, Map<String, Object> body) {
		ApiClient.Response response = this.globex.owner().post(path, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("id").asText();
	}

	@Test
	void everyEndpointTakingAnIdAnswers404ForAnotherOrganisationsIds() {
		List<Endpoint> withIds = Endpoints.all(this.mapping)
			.stream()
			.filter((endpoint) -> endpoint.permission() != null && endpoint.hasPathVariables())
			.toList();
		assertThat(withIds).hasSizeGreaterThan(8);
		// Globex's own processes keep adding tasks to its inbox (onboarding checklist,
		// lead qualification) and may cancel them: compare the tasks there are now, by
		// what
		// another organisation could change (title, assignee, done, existence)
		this.globexTaskIds = String.join(",", this.owner.jdbc()
			.queryForList("select task_id::text from task where org_id = ?", String.class, this.globex.id()));
		String before = snapshotOfGlobex();

		List<String> leaks = new ArrayList<>();
		for (Endpoint endpoint : withIds) {
			Map<String, String> ids = new java.util.HashMap<>(this.globexIds);
			if (this.globexRecords.containsKey(endpoint.resource())) {
				ids.put("id", this.globexRecords.get(endpoint.resource()));
			}
			String path = endpoint.expand(ids);
			assertThat(path).as("every id of %s has a Globex value", endpoint).doesNotContain("{");
			ApiClient.Response response = this.acme.owner()
				.send(endpoint.method().name(), path, bodyFor(endpoint, ids), "application/json");
			if (response.status() != 404 || !response.isProblem()) {
				leaks.add(endpoint + " -> " + response);
			}
		}

		assertThat(leaks).isEmpty();
		assertThat(snapshotOfGlobex()).isEqualTo(before);
	}

	@Test
	void anApiKeyOfOneOrganisationReachesNothingOfAnother() {
		String token = this.acme.owner()
			.post("/api/v1/api-keys",
					Map.of("name", "acme all", "scopes",
							List.of("team:read", "team:update", "team:delete", "member:read", "manage-members",
									"api-key:read", "api-key:delete")))
			.json()
			.path("token")
			.asText();
		ApiClient key = ApiClient.withApiKey(this.fixtures.port(), token);
		String team = this.globexIds.get("teamId");

		assertThat(key.get("/api/v1/teams/" + team).status()).isEqualTo(404);
		assertThat(key.patch("/api/v1/teams/" + team, Map.of("name", "pwned")).status()).isEqualTo(404);
		assertThat(key.delete("/api/v1/teams/" + team).status()).isEqualTo(404);
		assertThat(key.delete("/api/v1/members/" + this.globexIds.get("userId")).status()).isEqualTo(404);
		assertThat(key.delete("/api/v1/invitations/" + this.globexIds.get("invitationId")).status()).isEqualTo(404);
		assertThat(key.delete("/api/v1/api-keys/" + this.globexIds.get("keyId")).status()).isEqualTo(404);
		assertThat(ids(key.get("/api/v1/teams").json())).doesNotContain(team);
		assertThat(ids(key.get("/api/v1/members").json(), "userId")).containsExactly(this.acme.ownerId().toString());
	}

	@Test
	void listsShowOnlyTheCallersOrganisation() {
		ApiClient acmeOwner = this.acme.owner();

		assertThat(ids(acmeOwner.get("/api/v1/teams").json())).doesNotContain(this.globexIds.get("teamId"));
		assertThat(ids(acmeOwner.get("/api/v1/members").json(), "userId"))
			.containsExactly(this.acme.ownerId().toString());
		assertThat(ids(acmeOwner.get("/api/v1/invitations").json())).doesNotContain(this.globexIds.get("invitationId"));
		assertThat(ids(acmeOwner.get("/api/v1/api-keys").json())).doesNotContain(this.globexIds.get("keyId"));
		assertThat(acmeOwner.get("/api/v1/outbox").json())
			.allSatisfy((email) -> assertThat(email.path("to").asText()).isNotEqualTo(this.globex.ownerEmail()));
		assertThat(acmeOwner.get("/api/v1/organization").json().path("id").asText())
			.isEqualTo(this.acme.id().toString());
		assertThat(ids(acmeOwner.get("/api/v1/organizations").json())).containsExactly(this.acme.id().toString());
	}

	@Test
	void aRequestBodyCannotChooseTheOrganisation() {
		ApiClient.Response response = this.acme.owner()
			.post("/api/v1/teams", Map.of("name", "smuggled", "orgId", this.globex.id().toString()));

		assertThat(response.status()).isEqualTo(400);
		assertThat(this.owner.jdbc().queryForObject("select count(*) from team where name = 'smuggled'", Long.class))
			.isZero();
	}

	private String snapshotOfGlobex() {
		UUID org = this.globex.id();
		return this.owner.jdbc()
			.queryForList(
					"""
							select 'org' as t, name as v from organization where org_id = ?
							union all select 'member', user_id || role from membership where org_id = ?
							union all select 'team', team_id || name from team where org_id = ?
							union all select 'team_member', team_id || '/' || user_id from team_member where org_id = ?
							union all select 'invitation', invitation_id || coalesce(revoked_at::text, 'open') from invitation where org_id = ?
							union all select 'key', api_key_id || coalesce(revoked_at::text, 'live') from api_key where org_id = ?
							union all select 'deal', deal_id::text || stage_id::text || rank || version from deal where org_id = ?
							union all select 'company', company_id::text || name || version from company where org_id = ?
							union all select 'contact', contact_id::text || last_name || version from contact where org_id = ?
							union all select 'lead', lead_id::text || name || status || coalesce(email, '') || tags::text || coalesce(owner_id::text, '') || custom::text from lead where org_id = ?
							union all select 'stage', stage_id::text || name || position from stage where org_id = ?
							union all select 'activity', count(*)::text from activity where org_id = ?
							union all select 'task', task_id::text || title || coalesce(assignee_id::text, '-') || (status = 'DONE') from task where org_id = ? and task_id::text = any(string_to_array(?, ','))
							union all select 'field', field_id::text || label from custom_field where org_id = ?
							union all select 'process_version', version_id::text || sha256 from process_version where org_id = ?
							union all select 'process_design', bpmn_process_id || active_version_id from process_design where org_id = ?
							union all select 'task_view', view_id::text || name || filter::text || version from task_view where org_id = ?
							order by 1, 2""",
					org, org, org, org, org, org, org, org, org, org, org, org, org, this.globexTaskIds, org, org, org,
					org)
			.toString();
	}

	/**
	 * A body of the right shape, so the attempt reaches the look-up instead of failing
	 * validation.
	 */
	private static String bodyFor(Endpoint endpoint, Map<String, String> ids) {
		String path = endpoint.path();
		String stage = "{\"name\":\"x\",\"probability\":1,\"kind\":\"OPEN\"}";
		return switch (endpoint.method()) {
			case PATCH -> path.contains("/members/") ? "{\"role\":\"VIEWER\"}"
					: path.contains("/stages/") ? stage : path.contains("/custom-fields/") ? "{\"label\":\"pwned\"}"
							: path.contains("/tasks/") ? "{\"title\":\"pwned\"}" : "{\"name\":\"pwned\"}";
			case PUT -> path.endsWith("/order") ? "{\"stageIds\":[\"" + ids.get("stageId") + "\"]}"
					: path.endsWith("/availability") ? "{\"absent\":true}"
							: path.endsWith("/automation") ? "{\"taskTitle\":\"pwned\"}" : null;
			case POST -> {
				if (path.startsWith("/api/v1/process-instances/") && path.endsWith("/move")) {
					yield "{\"from\":\"task_invite_team\",\"to\":\"task_import_data\"}";
				}
				if (path.endsWith("/move")) {
					yield "{\"stageId\":\"" + ids.get("stageId") + "\",\"version\":1}";
				}
				if (path.endsWith("/merge")) {
					yield "{\"duplicateId\":\"" + UUID.randomUUID() + "\"}";
				}
				if (path.endsWith("/activities")) {
					yield "{\"kind\":\"NOTE\",\"body\":\"x\"}";
				}
				yield path.endsWith("/stages") ? stage : "{}";
			}
			default -> null;
		};
	}

	private static List<String> ids(JsonNode list) {
		return ids(list, "id");
	}

	private static List<String> ids(JsonNode list, String field) {
		List<String> ids = new ArrayList<>();
		list.forEach((node) -> ids.add(node.path(field).asText()));
		return ids;
	}

}
