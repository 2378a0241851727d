package com.nexacrm.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.workers.billing.CreateBillingCustomerWorker;
import com.nexacrm.workers.billing.DowngradeOrganisationWorker;
import com.nexacrm.workers.runtime.TenantJob;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Billing through the REST API and the billing workers, on the shared app: a new
 * organisation's trial and customer, the read-only state of an expired trial and the
 * payment that lifts it, who may do what, and bad input.
 */
@IntegrationTest
class BillingIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private CreateBillingCustomerWorker createCustomer;

	@Autowired
	private DowngradeOrganisationWorker downgrade;

	@Test
	void signUpOpensAFourteenDayTrialWithOneBillingCustomer() {
		Org acme = this.fixtures.acmeOrg();

		JsonView billing = awaitCustomer(acme);

		assertThat(billing.status()).isEqualTo("TRIALING");
		assertThat(billing.readOnly()).isFalse();
		assertThat(billing.daysLeft()).isEqualTo(14);
		assertThat(billing.trialEndsAt()).isCloseTo(Instant.now().plus(Duration.ofDays(14)),
				within(Duration.ofMinutes(5)));
		assertThat(customersOf(acme)).isEqualTo(1);
		assertThat(this.owner.jdbc()
			.queryForObject(
					"select count(*) from process_instance_owner where org_id = ? and bpmn_process_id = 'trial'",
					Long.class, acme.id()))
			.isEqualTo(1L);
		assertThat(acme.owner().get("/api/v1/billing").body()).doesNotContain(trialKeyOf(acme).toString());
	}

	@Test
	void aCustomerJobDeliveredTwiceOrRunAgainCreatesOneCustomer() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		awaitCustomer(acme);
		String recorded = customerIdOf(acme);
		var variables = new CreateBillingCustomerWorker.Variables(acme.ownerId());
		TenantJob job = new TenantJob(acme.id(), 9_000_001L, 1L, "task_create_billing_customer", 3);
		TenantJob laterJob = new TenantJob(acme.id(), 9_000_002L, 2L, "task_create_billing_customer", 3);

		var first = asSystem(acme, () -> this.createCustomer.handle(job, variables));
		var again = asSystem(acme, () -> this.createCustomer.handle(job, variables));
		// the customer was created at the provider but not recorded (a crash in between):
		// the provider's idempotency key still yields the same customer
		this.owner.jdbc().update("update billing_account set billing_customer_id = null where org_id = ?", acme.id());
		var afterCrash = asSystem(acme, () -> this.createCustomer.handle(laterJob, variables));

		assertThat(List.of(first.billingCustomerId(), again.billingCustomerId(), afterCrash.billingCustomerId()))
			.containsOnly(recorded);
		assertThat(customerIdOf(acme)).isEqualTo(recorded);
		assertThat(customersOf(acme)).isEqualTo(1);
	}

	@Test
	void anExpiredTrialMakesTheOrganisationReadOnlyUntilItPays() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		awaitCustomer(acme);
		String token = acme.owner()
			.post("/api/v1/api-keys", Map.of("name", "writer", "scopes", List.of("lead:create", "lead:read")))
			.json()
			.path("token")
			.asText();
		ApiClient key = ApiClient.withApiKey(this.fixtures.port(), token);
		assertThat(acme.owner().post("/api/v1/leads", Map.of("name", "Before")).status()).isEqualTo(201);

		downgrade(acme);
		long leads = leadsOf(acme);

		ApiClient.Response refused = acme.owner().post("/api/v1/leads", Map.of("name", "After"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.isProblem()).isTrue();
		assertThat(refused.problem()).isEqualTo("organization-read-only");
		assertThat(key.post("/api/v1/leads", Map.of("name", "By key")).problem()).isEqualTo("organization-read-only");
		assertThat(acme.owner().patch("/api/v1/organization", Map.of("name", "Renamed")).problem())
			.isEqualTo("organization-read-only");
		assertThat(leadsOf(acme)).isEqualTo(leads);
		assertThat(acme.owner().get("/api/v1/leads").status()).isEqualTo(200);
		assertThat(key.get("/api/v1/leads").status()).isEqualTo(200);
		assertThat(acme.owner().get("/api/v1/organization/export.zip").status()).isEqualTo(200);
		JsonView billing = view(acme.owner());
		assertThat(billing.status()).isEqualTo("EXPIRED");
		assertThat(billing.readOnly()).isTrue();
		assertThat(billing.daysLeft()).isNull();
		// signing in to another organisation is not a write of this one
		assertThat(acme.owner().post("/api/v1/organizations", Map.of("name", "Acme Two")).status()).isEqualTo(201);
		assertThat(acme.owner().put("/api/v1/session/organization", Map.of("organizationId", acme.id())).status())
			.isEqualTo(200);

		ApiClient.Response paid = acme.owner()
			.post("/api/v1/billing/payments", Map.of("amountCents", 4900, "currency", "EUR"));

		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
		assertThat(paid.json().path("outcome").asText()).isEqualTo("REACTIVATED");
		assertThat(view(acme.owner()).status()).isEqualTo("ACTIVE");
		assertThat(acme.owner().post("/api/v1/leads", Map.of("name", "After paying")).status()).isEqualTo(201);
		assertThat(key.post("/api/v1/leads", Map.of("name", "Key after paying")).status()).isEqualTo(201);
	}

	@Test
	void aPaymentDuringTheTrialActivatesThePlanThroughTheTrialProcess() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		awaitCustomer(acme);

		ApiClient.Response paid = acme.owner()
			.post("/api/v1/billing/payments",
					Map.of("amountCents", 4900, "currency", "EUR", "subscriptionId", "sub_test_1"));

		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
		assertThat(paid.json().path("outcome").asText()).isEqualTo("SENT_TO_TRIAL");
		await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(view(acme.owner()).status()));
		assertThat(this.owner.jdbc()
			.queryForObject("select subscription_id from billing_account where org_id = ?", String.class, acme.id()))
			.isEqualTo("sub_test_1");
		// the trial is over: the expiry can no longer downgrade a paying organisation
		downgrade(acme);
		assertThat(view(acme.owner()).readOnly()).isFalse();
	}

	@Test
	void onlyOwnersRecordPaymentsAndEveryMemberSeesThePlan() {
		Org acme = this.fixtures.acmeOrg();
		awaitCustomer(acme);
		long before = this.owner.count("billing_payment");

		for (String role : List.of("ADMIN", "MANAGER", "MEMBER", "VIEWER")) {
			ApiClient member = this.fixtures.memberOf(acme, role).client();
			ApiClient.Response payment = member.post("/api/v1/billing/payments",
					Map.of("amountCents", 100, "currency", "EUR"));
			assertThat(payment.status()).as(role + " " + payment).isEqualTo(403);
			assertThat(payment.problem()).isEqualTo("forbidden");
			assertThat(view(member).status()).isEqualTo("TRIALING");
		}

		assertThat(this.owner.count("billing_payment")).isEqualTo(before);
	}

	@Test
	void badPaymentsAreProblemsAndRecordNothing() {
		Org acme = this.fixtures.acmeOrg();
		awaitCustomer(acme);
		long before = this.owner.count("billing_payment");

		List<Object> bodies = List.of(Map.of(), Map.of("amountCents", 0, "currency", "EUR"),
				Map.of("amountCents", -5, "currency", "EUR"), Map.of("amountCents", 100, "currency", "eur"),
				Map.of("amountCents", 100, "currency", "EURO"), Map.of("amountCents", "lots", "currency", "EUR"),
				Map.of("amountCents", 100, "currency", "EUR", "subscriptionId", "x".repeat(101)),
				Map.of("amountCents", 100, "currency", "EUR", "orgId", UUID.randomUUID().toString()));
		for (Object body : bodies) {
			ApiClient.Response response = acme.owner().post("/api/v1/billing/payments", body);
			assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
			assertThat(response.isProblem()).isTrue();
		}

		assertThat(this.owner.count("billing_payment")).isEqualTo(before);
		assertThat(view(acme.owner()).status()).isEqualTo("TRIALING");
	}

	@Test
	void oneOrganisationsPaymentsAndReadOnlyStateNeverReachAnother() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		awaitCustomer(acme);
		awaitCustomer(globex);
		downgrade(globex);

		assertThat(acme.owner().post("/api/v1/leads", Map.of("name", "Acme still writes")).status()).isEqualTo(201);
		ApiClient.Response paid = acme.owner()
			.post("/api/v1/billing/payments", Map.of("amountCents", 4900, "currency", "EUR"));
		assertThat(paid.status()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(view(acme.owner()).status()));

		assertThat(view(globex.owner()).status()).isEqualTo("EXPIRED");
		assertThat(globex.owner().post("/api/v1/leads", Map.of("name", "Globex blocked")).problem())
			.isEqualTo("organization-read-only");
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from billing_payment where org_id = ?", Long.class, globex.id())).isZero();
		assertThat(view(acme.owner()).readOnly()).isFalse();
	}

	private JsonView awaitCustomer(Org org) {
		await().atMost(Duration.ofSeconds(30)).until(() -> view(org.owner()).hasBillingCustomer());
		return view(org.owner());
	}

	private void downgrade(Org org) throws Exception {
		asSystem(org,
				() -> this.downgrade.handle(new TenantJob(org.id(), 8_000_000L, 1L, "task_downgrade_organisation", 3),
						new DowngradeOrganisationWorker.Variables(customerIdOf(org))));
	}

	private static <T> T asSystem(Org org, java.util.concurrent.Callable<T> work) throws Exception {
		return Tenancy.call(TenantContext.system(org.id()), work);
	}

	private JsonView view(ApiClient client) {
		ApiClient.Response response = client.get("/api/v1/billing");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		var json = response.json();
		return new JsonView(json.path("status").asText(), json.path("readOnly").asBoolean(),
				Instant.parse(json.path("trialEndsAt").asText()),
				json.has("daysLeft") ? json.path("daysLeft").asLong() : null,
				json.path("hasBillingCustomer").asBoolean());
	}

	private long customersOf(Org org) {
		return this.owner.jdbc()
			.queryForObject("select count(*) from billing_local_customer where org_id = ?", Long.class, org.id());
	}

	private String customerIdOf(Org org) {
		return this.owner.jdbc()
			.queryForObject("select customer_id from billing_local_customer where org_id = ?", String.class, org.id());
	}

	private UUID trialKeyOf(Org org) {
		return this.owner.jdbc()
			.queryForObject("select trial_key from billing_account where org_id = ?", UUID.class, org.id());
	}

	private long leadsOf(Org org) {
		return this.owner.jdbc().queryForObject("select count(*) from lead where org_id = ?", Long.class, org.id());
	}

	private record JsonView(String status, boolean readOnly, Instant trialEndsAt, Long daysLeft,
			boolean hasBillingCustomer) {
	}

}
