package com.nexacrm.workers.slack;

import java.io.IOException;

/** Port: posts a message to a Slack channel with a workspace's bot token. */
public interface SlackNotifier {

	/**
	 * Posts {@code text} (Slack mrkdwn) to the channel.
	 * @return the message's timestamp, Slack's id for it
	 * @throws NotConnected when the token or channel no longer works (revoked token, bot
	 * not in the channel): a business outcome, retrying will not help
	 * @throws IOException for anything else (HTTP 5xx, rate limit, network): retried
	 */
	String postMessage(String botToken, String channel, String text) throws NotConnected, IOException;

	/** Slack refused the token or the channel. */
	class NotConnected extends Exception {

		public NotConnected(String slackError) {
			super("Slack refused the connection: " + slackError);
		}

	}

}
