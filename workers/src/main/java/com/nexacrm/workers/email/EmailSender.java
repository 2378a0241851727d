package com.nexacrm.workers.email;

/**
 * Port: hands one rendered email to an email provider. The application calls it after it
 * has recorded the email in its outbox; the adapter passes the idempotency key on, so a
 * retried send is delivered once.
 */
public interface EmailSender {

	/**
	 * Sends the email.
	 * @param email what to send
	 * @param idempotencyKey the same for every attempt at this email
	 * @return the provider's id of the message
	 * @throws EmailNotSent when the provider refused or could not be reached; the job
	 * fails and is retried
	 */
	String send(Email email, String idempotencyKey) throws EmailNotSent;

	/** The name of the provider, stored with each email sent through it. */
	String provider();

	/** A rendered plain-text email. */
	record Email(String to, String subject, String text) {
	}

	/**
	 * The provider did not accept the email: a technical failure, so unchecked (the job
	 * fails and is retried).
	 */
	class EmailNotSent extends RuntimeException {

		public EmailNotSent(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
