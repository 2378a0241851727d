package com.nexacrm.integration;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;
import com.nexacrm.workers.slack.SlackConnections;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The current organisation's Slack connection, with its bot token encrypted at rest, and
 * the posts made through it. Also the Slack worker's port: each call runs in its own
 * transaction, as the worker calls Slack between them.
 */
@Repository
class SlackWorkspaces implements SlackConnections {

	private final JdbcClient jdbc;

	private final SlackTokenCipher cipher;

	private final TransactionTemplate transactions;

	SlackWorkspaces(JdbcClient jdbc, SlackTokenCipher cipher, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.transactions = transactions;
	}

	/** Connects or re-connects the current organisation; call in a transaction. */
	Status connect(String botToken, String channel, UUID connectedBy) {
		UUID orgId = Tenancy.orgId();
		this.jdbc.sql("""
				insert into slack_connection (org_id, channel, bot_token, token_last4, connected_by)
				values (?, ?, ?, ?, ?)
				on conflict (org_id) do update set channel = excluded.channel, bot_token = excluded.bot_token,
				    token_last4 = excluded.token_last4, connected_by = excluded.connected_by, connected_at = now()""")
			.params(orgId, channel, this.cipher.encrypt(orgId, botToken),
					botToken.substring(Math.max(0, botToken.length() - 4)), connectedBy)
			.update();
		return status();
	}

	/**
	 * @return whether there was a connection to remove; call in a transaction
	 */
	boolean disconnect() {
		return this.jdbc.sql("delete from slack_connection where org_id = ?").param(Tenancy.orgId()).update() == 1;
	}

	/** The connection as the API shows it: never the token. */
	Status status() {
		return this.jdbc.sql("select channel, token_last4, connected_at from slack_connection where org_id = ?")
			.param(Tenancy.orgId())
			.query((rs, n) -> new Status(true, rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
			.optional()
			.orElse(new Status(false, null, null, null));
	}

	@Override
	public Optional<Connection> current() {
		UUID orgId = Tenancy.orgId();
		return this.transactions
			.execute((tx) -> this.jdbc.sql("select bot_token, channel from slack_connection where org_id = ?")
				.param(orgId)
				.query((rs, n) -> new Connection(this.cipher.decrypt(orgId, rs.getBytes(1)), rs.getString(2)))
				.optional());
	}

	@Override
	public boolean posted(String idempotencyKey) {
		return Boolean.TRUE.equals(this.transactions.execute((tx) -> this.jdbc
			.sql("select exists (select 1 from slack_post where org_id = ? and idempotency_key = ?)")
			.params(Tenancy.orgId(), idempotencyKey)
			.query(Boolean.class)
			.single()));
	}

	@Override
	public void recordPost(String idempotencyKey, String channel, String messageTs) {
		this.transactions.executeWithoutResult((tx) -> this.jdbc.sql("""
				insert into slack_post (org_id, idempotency_key, channel, message_ts) values (?, ?, ?, ?)
				on conflict (org_id, idempotency_key) do nothing""")
			.params(Tenancy.orgId(), idempotencyKey, channel, messageTs)
			.update());
	}

	/**
	 * What the API shows about the connection.
	 *
	 * @param connected whether the organisation connected Slack
	 * @param channel the channel posts go to
	 * @param tokenLast4 the last four characters of the bot token, to tell tokens apart
	 * @param connectedAt when it was connected
	 */
	record Status(boolean connected, String channel, String tokenLast4, OffsetDateTime connectedAt) {
	}

}
