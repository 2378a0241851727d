package com.nexacrm.workers.email;

import java.util.UUID;

/**
 * Port: sends a templated email to a member of the current organisation. Implementations
 * de-duplicate on the idempotency key, so a job delivered twice sends one email.
 */
public interface Mailer {

	/**
	 * Sends (or queues) the email.
	 * @param template the template name, for example {@code welcome}
	 * @param recipientUserId the user the email is for; must be a member of the current
	 * org
	 * @param idempotencyKey identifies this side effect across redeliveries
	 * @throws RecipientUnknown when the user is not a member of the current organisation
	 * @throws EmailSender.EmailNotSent when the email provider did not take it (retried)
	 */
	void sendTemplate(String template, UUID recipientUserId, String idempotencyKey) throws RecipientUnknown;

	/** The recipient is not a member of the organisation the job runs for. */
	class RecipientUnknown extends Exception {

		public RecipientUnknown(UUID userId) {
			super("User " + userId + " is not a member of this organisation");
		}

	}

}
