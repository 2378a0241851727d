package com.nexacrm.outbox;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexacrm.tenant.Tenancy;
import com.nexacrm.workers.email.EmailSender;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The current organisation's outgoing email. Every email is recorded here first; with an
 * email provider configured it is then sent through it, once per email (the provider gets
 * the email's id as idempotency key), and marked {@code SENT} with the provider's id.
 */
@Repository
public class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	private final JdbcClient jdbc;

	private final ObjectProvider<EmailSender> senders;

	private final TransactionTemplate separately;

	Outbox(JdbcClient jdbc, ObjectProvider<EmailSender> senders, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.senders = senders;
		this.separately = new TransactionTemplate(transactions);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Queues an email once per idempotency key. With a provider configured it is sent
	 * once the caller's transaction has committed; if that fails it stays {@code QUEUED}
	 * with the error.
	 * @return {@code true} when queued now, {@code false} when the key was already used
	 */
	public boolean queue(OutgoingEmail email) {
		boolean queued = insert(email);
		if (queued) {
			sendAfterCommit(email.idempotencyKey());
		}
		return queued;
	}

	/**
	 * Sends the recorded email with this key through the provider: now, or, inside a
	 * transaction (which may hold the email uncommitted), once it has committed.
	 * @throws EmailSender.EmailNotSent when sent now and the provider did not take it
	 */
	void send(String idempotencyKey) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			sendAfterCommit(idempotencyKey);
		}
		else {
			deliver(idempotencyKey);
		}
	}

	private void sendAfterCommit(String key) {
		if (this.senders.getIfAvailable() == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				try {
					deliver(key);
				}
				catch (RuntimeException ex) {
					log.warn("Email {} stays queued: {}", key, ex.getMessage());
				}
			}
		});
	}

	/** Records an email once per idempotency key; sends nothing. */
	boolean insert(OutgoingEmail email) {
		return this.jdbc.sql("""
				insert into email_outbox (org_id, email_id, idempotency_key, to_address, subject, body, template)
				values (?, ?, ?, ?, ?, ?, ?) on conflict (org_id, idempotency_key) do nothing""")
			.params(Tenancy.orgId(), UUID.randomUUID(), email.idempotencyKey(), email.to(), email.subject(),
					email.body(), email.template())
			.update() == 1;
	}

	/**
	 * Sends the recorded email with this key through the provider, unless it was sent
	 * already or no provider is configured. Runs its own transactions around the call.
	 * @throws EmailSender.EmailNotSent when the provider did not take it; the error is
	 * kept with the email
	 */
	void deliver(String idempotencyKey) {
		EmailSender sender = this.senders.getIfAvailable();
		if (sender == null) {
			return;
		}
		UUID orgId = Tenancy.orgId();
		Pending pending = this.separately.execute((tx) -> this.jdbc.sql("""
				select email_id, to_address, subject, body, status from email_outbox
				where org_id = ? and idempotency_key = ?""")
			.params(orgId, idempotencyKey)
			.query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getString(4), rs.getString(5)))
			.optional()
			.orElse(null));
		if (pending == null || "SENT".equals(pending.status())) {
			return;
		}
		String providerId;
		try {
			providerId = sender.send(new EmailSender.Email(pending.to(), pending.subject(), pending.body()),
					"nexacrm-email-" + pending.emailId());
		}
		catch (EmailSender.EmailNotSent ex) {
			this.separately.executeWithoutResult((tx) -> this.jdbc
				.sql("update email_outbox set last_error = left(?, 500) where org_id = ? and email_id = ?")
				.params(ex.getMessage(), orgId, pending.emailId())
				.update());
			throw ex;
		}
		this.separately.executeWithoutResult((tx) -> this.jdbc.sql("""
				update email_outbox set status = 'SENT', provider = ?, provider_message_id = ?, sent_at = now(),
				    last_error = null
				where org_id = ? and email_id = ?""")
			.params(sender.provider(), providerId, orgId, pending.emailId())
			.update());
	}

	public List<Email> list(int limit) {
		return this.jdbc.sql("""
				select email_id, to_address, subject, body, template, status, created_at, provider,
				       provider_message_id, sent_at, last_error
				from email_outbox where org_id = ? order by created_at desc, email_id limit ?""")
			.params(Tenancy.orgId(), limit)
			.query((rs, n) -> new Email(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8),
					rs.getString(9), rs.getObject(10, OffsetDateTime.class), rs.getString(11)))
			.list();
	}

	/** An email to queue. */
	public record OutgoingEmail(String to, String subject, String body, String template, String idempotencyKey) {
	}

	/**
	 * A recorded email.
	 *
	 * @param status {@code QUEUED} (kept here, or not yet taken by the provider) or
	 * {@code SENT}
	 * @param provider the provider that took it, e.g. {@code resend}
	 * @param providerMessageId the provider's id of the message
	 * @param lastError why the provider did not take it, while it is queued
	 */
	public record Email(UUID id, String to, String subject, String body, String template, String status,
			OffsetDateTime createdAt, String provider, String providerMessageId, OffsetDateTime sentAt,
			String lastError) {
	}

	private record Pending(UUID emailId, String to, String subject, String body, String status) {
	}

}
