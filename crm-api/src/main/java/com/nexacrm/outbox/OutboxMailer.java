package com.nexacrm.outbox;

import java.util.UUID;

import com.nexacrm.workers.email.Mailer;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The mail port of the workers: records the email in the outbox of the job's
 * organisation, then hands it to the email provider when one is configured.
 */
@Component
class OutboxMailer implements Mailer {

	private final JdbcClient jdbc;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	OutboxMailer(JdbcClient jdbc, Outbox outbox, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.transactions = transactions;
	}

	@Override
	public void sendTemplate(String template, UUID recipientUserId, String idempotencyKey) throws RecipientUnknown {
		Boolean known = this.transactions.execute((status) -> {
			var recipient = this.jdbc.sql("""
					select u.email, u.display_name, o.name from membership m
					join app_user u using (user_id) join organization o using (org_id)
					where m.org_id = ? and m.user_id = ?""")
				.params(Tenancy.orgId(), recipientUserId)
				.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) })
				.optional();
			if (recipient.isEmpty()) {
				return false;
			}
			String[] r = recipient.get();
			this.outbox.insert(EmailTemplates.render(template, r[0], r[1], r[2], idempotencyKey));
			return true;
		});
		if (!Boolean.TRUE.equals(known)) {
			throw new RecipientUnknown(recipientUserId);
		}
		// after the commit, so a provider failure keeps the email recorded and the retry
		// sends it once
		this.outbox.send(idempotencyKey);
	}

}
