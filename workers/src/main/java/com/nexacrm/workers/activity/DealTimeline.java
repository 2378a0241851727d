package com.nexacrm.workers.activity;

import java.util.UUID;

/** Port: the timeline of a deal of the current organisation. */
public interface DealTimeline {

	/**
	 * Adds a system activity to the deal's timeline, once per idempotency key.
	 * @return {@code false} when the deal does not exist
	 */
	boolean recordSystemActivity(UUID dealId, ActivityType type, String idempotencyKey);

	/** The activities a process records, as named in the models. */
	enum ActivityType {

		/**
		 * The won deal was not posted to Slack: the organisation has not connected it.
		 */
		SLACK_SKIPPED("slack-skipped"),

		/** The thank-you email was not sent: its recipient is not a member any more. */
		EMAIL_SKIPPED("email-skipped");

		private final String key;

		ActivityType(String key) {
			this.key = key;
		}

		public String key() {
			return this.key;
		}

		public static ActivityType of(String key) {
			for (ActivityType type : values()) {
				if (type.key.equals(key)) {
					return type;
				}
			}
			throw new IllegalArgumentException("Unknown activityType " + key);
		}

	}

}
