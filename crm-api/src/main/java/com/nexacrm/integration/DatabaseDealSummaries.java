package com.nexacrm.integration;

import java.util.Optional;
import java.util.UUID;

import com.nexacrm.tenant.Tenancy;
import com.nexacrm.workers.slack.DealSummaries;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The Slack worker's view of a deal: title, amount and the owner's name. */
@Component
class DatabaseDealSummaries implements DealSummaries {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	DatabaseDealSummaries(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public Optional<DealSummary> find(UUID dealId) {
		return this.transactions.execute((tx) -> this.jdbc.sql("""
				select d.title, d.amount, d.currency, u.display_name from deal d
				left join membership m on m.org_id = d.org_id and m.user_id = d.owner_id
				left join app_user u on u.user_id = m.user_id
				where d.org_id = ? and d.deal_id = ?""")
			.params(Tenancy.orgId(), dealId)
			.query((rs, n) -> new DealSummary(rs.getString(1), rs.getBigDecimal(2), rs.getString(3), rs.getString(4)))
			.optional());
	}

}
