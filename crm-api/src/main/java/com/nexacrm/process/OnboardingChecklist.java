package com.nexacrm.process;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.audit.AuditRecorded;
import com.nexacrm.organization.ChecklistKeys;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ticks the owner's onboarding checklist off when the thing is done in the app: the first
 * invitation sent, an import finished, a pipeline created or edited. Each is the
 * checklist message of docs/processes.md, correlated by the org's checklist key,
 * published after the change commits with a long time to live (an item done before the
 * checklist opens is buffered) and a message id (published again, it is not correlated
 * twice).
 */
@Component
class OnboardingChecklist {

	private static final Logger log = LoggerFactory.getLogger(OnboardingChecklist.class);

	static final Duration TIME_TO_LIVE = Duration.ofDays(30);

	private static final Set<String> PIPELINE_ENTITIES = Set.of("pipeline", "stage");

	private final CamundaClient client;

	private final ChecklistKeys checklistKeys;

	OnboardingChecklist(CamundaClient client, ChecklistKeys checklistKeys) {
		this.client = client;
		this.checklistKeys = checklistKeys;
	}

	@EventListener
	void on(AuditRecorded change) {
		Optional<String> message = itemOf(change);
		if (message.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		String checklistKey = this.checklistKeys.of(change.orgId());
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				publish(message.get(), checklistKey);
			}
		});
	}

	static Optional<String> itemOf(AuditRecorded change) {
		if ("invitation".equals(change.entity()) && "created".equals(change.action())) {
			return Optional.of("checklist-team-invited");
		}
		if ("import".equals(change.entity()) && "completed".equals(change.action())) {
			return Optional.of("checklist-data-imported");
		}
		if (PIPELINE_ENTITIES.contains(change.entity()) && !"deleted".equals(change.action())) {
			return Optional.of("checklist-pipeline-set-up");
		}
		if ("slack-connection".equals(change.entity()) && "connected".equals(change.action())) {
			return Optional.of("checklist-slack-connected");
		}
		return Optional.empty();
	}

	void publish(String message, String checklistKey) {
		publish(message, checklistKey, "");
	}

	/**
	 * @param idSuffix added to the message id, so a re-publish for a restored instance is
	 * a new message
	 */
	void publish(String message, String checklistKey, String idSuffix) {
		try {
			this.client.newPublishMessageCommand()
				.messageName(message)
				.correlationKey(checklistKey)
				.messageId(message + ":" + checklistKey + idSuffix)
				.timeToLive(TIME_TO_LIVE)
				.send()
				.join();
		}
		catch (ClientStatusException ex) {
			if (ex.getStatusCode() != Status.Code.ALREADY_EXISTS) {
				log.error("Could not tick the onboarding checklist item {}", message, ex);
			}
		}
		catch (RuntimeException ex) {
			log.error("Could not tick the onboarding checklist item {}", message, ex);
		}
	}

}
