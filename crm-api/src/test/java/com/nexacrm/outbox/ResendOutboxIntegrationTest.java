package com.nexacrm.outbox;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.workers.LocalHttpApi;
import com.nexacrm.workers.LocalHttpApi.Reply;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.tenant.TenantContext;
import com.nexacrm.workers.email.EmailSender;
import com.nexacrm.workers.email.ResendMailer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The outbox with Resend configured, against the real database and a local server
 * speaking Resend's {@code POST /emails} through Resend's SDK: every email is recorded,
 * sent once per key, marked sent with Resend's id; a failure keeps it queued with the
 * error and the retry sends it once.
 */
@IntegrationTest
class ResendOutboxIntegrationTest {

	private static final String RESEND_ID = "4ef9a417-02e9-4d39-ad75-9611e0fcc33c";

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private TransactionTemplate transactions;

	private final LocalHttpApi resend = new LocalHttpApi();

	private Outbox outbox;

	private OutboxMailer mailer;

	@BeforeEach
	void outboxWithResend() {
		EmailSender sender = new ResendMailer("re_local_test", "NexaCRM <crm@nexacrm.test>",
				URI.create(this.resend.baseUrl()));
		var senders = new StaticListableBeanFactory(Map.of("resend", sender)).getBeanProvider(EmailSender.class);
		this.outbox = new Outbox(this.jdbc, senders, this.transactionManager);
		this.mailer = new OutboxMailer(this.jdbc, this.outbox, this.transactions);
		this.resend.answer("/emails", new Reply(200, "{\"id\":\"" + RESEND_ID + "\"}"));
	}

	@AfterEach
	void stop() {
		this.resend.close();
	}

	@Test
	void anEmailStepDeliveredTwiceSendsOneEmailAndRecordsItAsSent() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		String key = "job:" + UUID.randomUUID();

		Tenancy.call(TenantContext.system(acme.id()), () -> {
			this.mailer.sendTemplate("deal-won-thank-you", acme.ownerId(), key);
			this.mailer.sendTemplate("deal-won-thank-you", acme.ownerId(), key);
			return null;
		});

		JsonNode email = outboxEmail(acme, "deal-won-thank-you");
		assertThat(email.path("status").asText()).isEqualTo("SENT");
		assertThat(email.path("provider").asText()).isEqualTo("resend");
		assertThat(email.path("providerMessageId").asText()).isEqualTo(RESEND_ID);
		assertThat(email.path("sentAt").isMissingNode()).isFalse();
		var requests = this.resend.requests("/emails");
		assertThat(requests).hasSize(1);
		assertThat(requests.get(0).headers().get("idempotency-key"))
			.isEqualTo("nexacrm-email-" + email.path("id").asText());
		assertThat(requests.get(0).headers().get("authorization")).isEqualTo("Bearer re_local_test");
		assertThat(requests.get(0).body()).contains(acme.ownerEmail()).contains(email.path("subject").asText());
	}

	@Test
	void aFailedSendStaysQueuedWithTheErrorAndTheRetrySendsItOnce() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		this.resend.answer("/emails", new Reply(500, "{\"name\":\"internal_server_error\",\"message\":\"down\"}"),
				new Reply(200, "{\"id\":\"" + RESEND_ID + "\"}"));
		TenantContext asAcme = TenantContext.system(acme.id());
		String key = "job:" + UUID.randomUUID();

		Throwable first = catchThrowable(() -> Tenancy.call(asAcme, () -> {
			this.mailer.sendTemplate("deal-won-thank-you", acme.ownerId(), key);
			return null;
		}));

		assertThat(first).isInstanceOf(EmailSender.EmailNotSent.class);
		JsonNode queued = outboxEmail(acme, "deal-won-thank-you");
		assertThat(queued.path("status").asText()).isEqualTo("QUEUED");
		assertThat(queued.path("lastError").asText()).contains("500");

		Tenancy.call(asAcme, () -> {
			this.mailer.sendTemplate("deal-won-thank-you", acme.ownerId(), key);
			this.mailer.sendTemplate("deal-won-thank-you", acme.ownerId(), key);
			return null;
		});

		JsonNode sent = outboxEmail(acme, "deal-won-thank-you");
		assertThat(sent.path("status").asText()).isEqualTo("SENT");
		assertThat(sent.has("lastError")).isFalse();
		List<Integer> attempts = this.resend.requests("/emails")
			.stream()
			.filter((r) -> r.headers().get("idempotency-key").equals("nexacrm-email-" + sent.path("id").asText()))
			.map(LocalHttpApi.Request::answered)
			.toList();
		assertThat(attempts).containsExactly(500, 200);
	}

	@Test
	void anEmailQueuedInARequestIsSentAfterTheCommitAndNotAfterARollback() throws Exception {
		Org acme = this.fixtures.acmeOrg();
		TenantContext asAcme = TenantContext.system(acme.id());

		Tenancy.call(asAcme,
				() -> this.transactions
					.execute((tx) -> this.outbox.queue(new Outbox.OutgoingEmail("new.member@acme.test",
							"You are invited", "Join us", "invitation", "invite:" + UUID.randomUUID()))));
		Tenancy.call(asAcme, () -> this.transactions.execute((tx) -> {
			this.outbox.queue(new Outbox.OutgoingEmail("never@acme.test", "Rolled back", "No", "invitation",
					"invite:" + UUID.randomUUID()));
			tx.setRollbackOnly();
			return null;
		}));

		assertThat(this.resend.requests("/emails")).hasSize(1);
		assertThat(this.resend.requests("/emails").get(0).body()).contains("new.member@acme.test");
		assertThat(outboxEmail(acme, "invitation").path("status").asText()).isEqualTo("SENT");
	}

	private static JsonNode outboxEmail(Org org, String template) {
		return StreamSupport.stream(org.owner().get("/api/v1/outbox").json().spliterator(), false)
			.filter((e) -> template.equals(e.path("template").asText()))
			.findFirst()
			.orElseThrow();
	}

}
