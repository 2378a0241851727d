package com.nexacrm.sales;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.camunda.client.CamundaClient;
import jakarta.annotation.PreDestroy;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.deal.DealStageChanged;
import com.nexacrm.pipeline.Pipelines;

import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every stage change of a deal becomes the {@code deal-stage-changed} message its
 * lead-to-close instance waits for, correlated by the deal's id (read from our own
 * record, never from a request). Published after the move commits, with a message id so a
 * retried publish is not correlated twice, and a time to live so an instance busy in a
 * worker at that moment still gets it.
 */
@Component
class StageChangeMessages {

	private static final Logger log = LoggerFactory.getLogger(StageChangeMessages.class);

	static final String MESSAGE = "deal-stage-changed";

	static final Duration TIME_TO_LIVE = Duration.ofHours(1);

	private final CamundaClient client;

	private final Pipelines pipelines;

	/**
	 * One thread, so messages go out in the order the moves committed, and off the
	 * request thread, so a move does not wait for the engine.
	 */
	private final ExecutorService publisher = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("stage-change-messages").daemon().factory());

	StageChangeMessages(CamundaClient client, Pipelines pipelines) {
		this.client = client;
		this.pipelines = pipelines;
	}

	@PreDestroy
	void close() throws InterruptedException {
		this.publisher.shutdown();
		this.publisher.awaitTermination(10, TimeUnit.SECONDS);
	}

	/**
	 * In the moving transaction: reads the new stage (under the tenant's row-level
	 * security), then publishes once the move has committed.
	 */
	@EventListener
	void on(DealStageChanged event) {
		Pipelines.Stage stage = this.pipelines.stage(event.toStageId()).orElse(null);
		if (stage == null) {
			return;
		}
		UUID eventId = UUID.randomUUID();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				StageChangeMessages.this.publisher.execute(() -> {
					try {
						publish(event.dealId(), stage, eventId);
					}
					catch (RuntimeException ex) {
						log.error("Could not publish the stage change of deal {} to its process", event.dealId(), ex);
					}
				});
			}
		});
	}

	void publish(UUID dealId, Pipelines.Stage stage, UUID eventId) {
		try {
			this.client.newPublishMessageCommand()
				.messageName(MESSAGE)
				.correlationKey(dealId.toString())
				.messageId(MESSAGE + ":" + dealId + ":" + eventId)
				.timeToLive(TIME_TO_LIVE)
				.variables(Map.of("stageId", stage.id().toString(), "stageKind", stage.kind().name(), "rotDuration",
						SalesStepsService.rotDuration(stage)))
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
