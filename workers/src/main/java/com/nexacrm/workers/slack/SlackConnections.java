package com.nexacrm.workers.slack;

import java.util.Optional;

/**
 * Port: the current organisation's Slack connection and the posts already made for it, so
 * that a job delivered twice posts once.
 */
public interface SlackConnections {

	/** The connection of the current organisation, if it connected Slack. */
	Optional<Connection> current();

	/** Whether a post was already recorded under this idempotency key. */
	boolean posted(String idempotencyKey);

	/** Records a successful post; recording the same key again changes nothing. */
	void recordPost(String idempotencyKey, String channel, String messageTs);

	/** A bot token and the channel to post to. */
	record Connection(String botToken, String channel) {

		@Override
		public String toString() {
			return "Connection[channel=" + this.channel + "]";
		}

	}

}
