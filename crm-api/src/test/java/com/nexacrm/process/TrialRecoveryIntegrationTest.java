package com.nexacrm.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;

import com.nexacrm.billing.BillingAccounts;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a restart of the embedded engine the trial instances are gone and their bindings
 * name the old epoch. Simulated here: the instance is cancelled in the engine and its
 * binding moved to an old epoch; recovery then starts the trial again where it waited,
 * with the same trial key and end date, and creates no second customer.
 */
@IntegrationTest
class TrialRecoveryIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private Trial trial;

	@Autowired
	private CamundaClient client;

	@Autowired
	private ZeebeTestEngine engine;

	@Autowired
	private BillingAccounts accounts;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void aRunningTrialIsBroughtBackWaitingForThePaymentWithItsCustomer() {
		Org acme = this.fixtures.acmeOrg();
		await().atMost(WAIT)
			.until(() -> acme.owner().get("/api/v1/billing").json().path("hasBillingCustomer").asBoolean());
		long before = trialInstanceOf(acme);
		simulateRestart(acme, before);
		assertThat(trialing()).contains(acme.id());

		boolean recovered = this.trial.recover(acme.id());

		assertThat(recovered).isTrue();
		long after = trialInstanceOf(acme);
		assertThat(after).isNotEqualTo(before);
		await().atMost(WAIT).until(() -> activated(after).contains("task_await_payment"));
		assertThat(activated(after)).doesNotContain("task_create_billing_customer");
		assertThat(this.trial.recover(acme.id())).as("a second recovery while the instance runs").isFalse();
		assertThat(customersOf(acme)).isEqualTo(1L);

		// the recovered instance takes the payment: same trial key
		ApiClient.Response paid = acme.owner()
			.post("/api/v1/billing/payments", Map.of("amountCents", 4900, "currency", "EUR"));
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
		await().atMost(WAIT)
			.until(() -> "ACTIVE".equals(acme.owner().get("/api/v1/billing").json().path("status").asText()));
		// the subscription is active once the step's effect commits; the step's
		// completion, and the end event after it, come just after
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(activated(after)).contains("task_activate_subscription", "end_converted"));
	}

	@Test
	void aTrialWithoutItsCustomerYetStartsFromTheBeginningAndAFinishedOneNotAtAll() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		await().atMost(WAIT).until(() -> customersOf(acme) == 1 && customersOf(globex) == 1);
		String customer = this.owner.jdbc()
			.queryForObject("select billing_customer_id from billing_account where org_id = ?", String.class,
					acme.id());
		simulateRestart(acme, trialInstanceOf(acme));
		// the customer was created but the step's completion was lost with the engine
		this.owner.jdbc().update("update billing_account set billing_customer_id = null where org_id = ?", acme.id());
		assertThat(globex.owner()
			.post("/api/v1/billing/payments", Map.of("amountCents", 4900, "currency", "EUR"))
			.status()).isEqualTo(201);
		await().atMost(WAIT)
			.until(() -> "ACTIVE".equals(globex.owner().get("/api/v1/billing").json().path("status").asText()));
		simulateRestart(globex, trialInstanceOf(globex));

		assertThat(this.trial.recover(acme.id())).isTrue();
		assertThat(this.trial.recover(globex.id())).as("an active plan needs no trial").isFalse();

		long after = trialInstanceOf(acme);
		await().atMost(WAIT).until(() -> activated(after).contains("task_await_payment"));
		assertThat(activated(after)).contains("task_create_billing_customer");
		assertThat(customersOf(acme)).isEqualTo(1L);
		assertThat(this.owner.jdbc()
			.queryForObject("select billing_customer_id from billing_account where org_id = ?", String.class,
					acme.id()))
			.isEqualTo(customer);
		assertThat(trialing()).doesNotContain(globex.id());
	}

	private List<java.util.UUID> trialing() {
		return this.transactions.execute((status) -> this.accounts.trialingOrganizations());
	}

	/** What a restart leaves: no instance in the engine, a binding of an old epoch. */
	private void simulateRestart(Org org, long instance) {
		try {
			this.client.newCancelInstanceCommand(instance).send().join();
		}
		catch (ClientStatusException ex) {
			// a trial that already ended has no instance to cancel
			assertThat(ex.getStatusCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
		}
		this.owner.jdbc()
			.update("update process_instance_owner set engine_epoch = 'embedded:before-restart' "
					+ "where org_id = ? and bpmn_process_id = 'trial'", org.id());
	}

	/** The organisation's trial instance in this engine epoch. */
	private long trialInstanceOf(Org org) {
		return this.owner.jdbc()
			.queryForObject("""
					select process_instance_key from process_instance_owner
					where org_id = ? and bpmn_process_id = 'trial' and engine_epoch <> 'embedded:before-restart'""",
					Long.class, org.id());
	}

	private long customersOf(Org org) {
		return this.owner.jdbc()
			.queryForObject("select count(*) from billing_local_customer where org_id = ?", Long.class, org.id());
	}

	private List<String> activated(long instance) {
		return StreamSupport
			.stream(RecordStream.of(com.nexacrm.support.EngineRecords.copyOf(this.engine))
				.processInstanceRecords()
				.spliterator(), false)
			.filter((record) -> record.getValue().getProcessInstanceKey() == instance
					&& record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
			.map((record) -> record.getValue().getElementId())
			.toList();
	}

}
