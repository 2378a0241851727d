package com.nexacrm.integration;

import java.time.Duration;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Ticks "Connect Slack" on the onboarding checklist once a connection is committed: the
 * message {@code checklist-slack-connected} with the checklist's correlation key, a
 * message id so a second connection is not a second tick, and a 30-day TTL so a
 * connection made before the checklist opens is buffered (docs/processes.md).
 */
@Component
class SlackChecklistItem {

	static final String SLACK_CONNECTED = "checklist-slack-connected";

	static final Duration TTL = Duration.ofDays(30);

	private static final Logger log = LoggerFactory.getLogger(SlackChecklistItem.class);

	private final CamundaClient client;

	SlackChecklistItem(CamundaClient client) {
		this.client = client;
	}

	@TransactionalEventListener
	void on(SlackConnected event) {
		String checklistKey = event.checklistKey();
		try {
			this.client.newPublishMessageCommand()
				.messageName(SLACK_CONNECTED)
				.correlationKey(checklistKey)
				.messageId(SLACK_CONNECTED + ":" + checklistKey)
				.timeToLive(TTL)
				.send()
				.join();
		}
		catch (ClientStatusException ex) {
			if (ex.getStatusCode() != Status.Code.ALREADY_EXISTS) {
				log.warn("Could not tick the Slack item of the onboarding checklist: {}", ex.getStatus());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not tick the Slack item of the onboarding checklist", ex);
		}
	}

}
