package com.nexacrm.workers.email;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nexacrm.workers.LocalHttpApi;
import com.nexacrm.workers.LocalHttpApi.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Resend adapter through Resend's SDK, against a local server speaking its API. */
class ResendMailerTest {

	private final LocalHttpApi resend = new LocalHttpApi();

	private final ResendMailer mailer = new ResendMailer("re_test_key", "NexaCRM <crm@nexacrm.test>",
			URI.create(this.resend.baseUrl()));

	@AfterEach
	void stop() {
		this.resend.close();
	}

	@Test
	void sendsThroughPostEmailsWithTheKeyAndTheIdempotencyKey() throws Exception {
		this.resend.answer("/emails", new Reply(200, "{\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}"));

		String id = this.mailer.send(new EmailSender.Email("jane@acme.test", "Welcome", "Hi Jane"), "email-1");

		assertThat(id).isEqualTo("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794");
		var request = this.resend.requests("/emails").get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.headers().get("authorization")).isEqualTo("Bearer re_test_key");
		assertThat(request.headers().get("idempotency-key")).isEqualTo("email-1");
		JsonNode body = new ObjectMapper().readTree(request.body());
		assertThat(body.path("from").asText()).isEqualTo("NexaCRM <crm@nexacrm.test>");
		assertThat(body.path("to").get(0).asText()).isEqualTo("jane@acme.test");
		assertThat(body.path("subject").asText()).isEqualTo("Welcome");
		assertThat(body.path("text").asText()).isEqualTo("Hi Jane");
	}

	@Test
	void aRefusalIsEmailNotSent() {
		this.resend.answer("/emails", new Reply(500, "{\"name\":\"internal_server_error\",\"message\":\"down\"}"));

		assertThatThrownBy(() -> this.mailer.send(new EmailSender.Email("jane@acme.test", "Hi", "Hi"), "email-2"))
			.isInstanceOf(EmailSender.EmailNotSent.class)
			.hasMessageContaining("500");
	}

	@Test
	void anUnreachableServerIsEmailNotSent() {
		this.resend.close();

		assertThatThrownBy(() -> this.mailer.send(new EmailSender.Email("jane@acme.test", "Hi", "Hi"), "email-3"))
			.isInstanceOf(EmailSender.EmailNotSent.class);
	}

}
