package com.nexacrm.workers.slack;

import java.util.UUID;

import com.nexacrm.workers.runtime.BusinessOutcome;
import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code post-slack-message}: posts the {@code deal-won} message to the
 * organisation's Slack channel, once per job. Without a working connection the job ends
 * with the BPMN error {@code slack-not-connected} and the process records a skipped
 * activity instead.
 */
public class PostSlackMessageWorker implements JobWorker<PostSlackMessageWorker.Variables> {

	/** BPMN error code modelled on the post-slack-message task. */
	public static final String SLACK_NOT_CONNECTED = "slack-not-connected";

	static final String DEAL_WON = "deal-won";

	private final SlackConnections connections;

	private final DealSummaries deals;

	private final SlackNotifier notifier;

	public PostSlackMessageWorker(SlackConnections connections, DealSummaries deals, SlackNotifier notifier) {
		this.connections = connections;
		this.deals = deals;
		this.notifier = notifier;
	}

	@Override
	public String type() {
		return "post-slack-message";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) throws Exception {
		if (!DEAL_WON.equals(variables.template()) || variables.dealId() == null) {
			throw new IllegalArgumentException("post-slack-message needs template deal-won and a dealId");
		}
		if (this.connections.posted(job.idempotencyKey())) {
			return null;
		}
		var connection = this.connections.current()
			.orElseThrow(() -> new BusinessOutcome(SLACK_NOT_CONNECTED, "This organisation has not connected Slack"));
		var deal = this.deals.find(variables.dealId())
			.orElseThrow(() -> new IllegalStateException("Deal " + variables.dealId() + " does not exist"));
		try {
			String ts = this.notifier.postMessage(connection.botToken(), connection.channel(),
					DealWonMessage.text(deal));
			this.connections.recordPost(job.idempotencyKey(), connection.channel(), ts);
		}
		catch (SlackNotifier.NotConnected ex) {
			throw new BusinessOutcome(SLACK_NOT_CONNECTED, ex.getMessage());
		}
		return null;
	}

	/** The job's variables. */
	public record Variables(String template, UUID dealId, UUID ownerUserId) {
	}

}
