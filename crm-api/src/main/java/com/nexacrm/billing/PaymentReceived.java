package com.nexacrm.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;

import org.springframework.stereotype.Component;

/**
 * Publishes {@code payment-received} for a trial, correlated by its trial key, with a
 * message id per payment and the trial's remaining time to live (see docs/processes.md).
 * A message id still buffered is refused by the engine as {@code ALREADY_EXISTS}: the
 * payment was published before, which is success.
 */
@Component
class PaymentReceived {

	static final String MESSAGE = "payment-received";

	/** A trial at or past its end still gets a moment to take the message. */
	private static final Duration MIN_TTL = Duration.ofMinutes(1);

	private final CamundaClient client;

	PaymentReceived(CamundaClient client) {
		this.client = client;
	}

	void publish(BillingAccount account, UUID paymentId, String subscriptionId) {
		Duration remaining = Duration.between(Instant.now(), account.trialEndsAt());
		Map<String, Object> variables = new HashMap<>();
		if (subscriptionId != null) {
			variables.put("subscriptionId", subscriptionId);
		}
		try {
			this.client.newPublishMessageCommand()
				.messageName(MESSAGE)
				.correlationKey(account.trialKey().toString())
				.messageId(MESSAGE + ":" + account.trialKey() + ":" + paymentId)
				.timeToLive((remaining.compareTo(MIN_TTL) > 0) ? remaining : MIN_TTL)
				.variables(variables)
				.send()
				.join();
		}
		catch (ClientStatusException ex) {
			if (ex.getStatusCode() != Status.Code.ALREADY_EXISTS) {
				throw ex;
			}
		}
	}

}
