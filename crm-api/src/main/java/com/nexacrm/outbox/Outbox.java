package com.nexacrm.outbox;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The current organisation's outgoing email. */
@Repository
public class Outbox {

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Queues an email once per idempotency key.
	 * @return {@code true} when queued now, {@code false} when the key was already used
	 */
	public boolean queue(OutgoingEmail email) {
		return this.jdbc.sql("""
				insert into email_outbox (org_id, email_id, idempotency_key, to_address, subject, body, template)
				values (?, ?, ?, ?, ?, ?, ?) on conflict (org_id, idempotency_key) do nothing""")
			.params(Tenancy.orgId(), UUID.randomUUID(), email.idempotencyKey(), email.to(), email.subject(),
					email.body(), email.template())
			.update() == 1;
	}

	public List<Email> list(int limit) {
		return this.jdbc.sql("""
				select email_id, to_address, subject, body, template, status, created_at from email_outbox
				where org_id = ? order by created_at desc, email_id limit ?""")
			.params(Tenancy.orgId(), limit)
			.query((rs, n) -> new Email(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)))
			.list();
	}

	/** An email to queue. */
	public record OutgoingEmail(String to, String subject, String body, String template, String idempotencyKey) {
	}

	/** A queued email. */
	public record Email(UUID id, String to, String subject, String body, String template, String status,
			OffsetDateTime createdAt) {
	}

}
