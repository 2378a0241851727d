package com.nexacrm.integration;

import java.util.Map;
import java.util.UUID;

import com.nexacrm.record.Activities;
import com.nexacrm.record.RecordType;
import com.nexacrm.tenant.Tenancy;
import com.nexacrm.workers.activity.DealTimeline;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The timeline worker's port: a system activity on the deal, keyed by the job. The key is
 * kept in the activity's data under a unique index, so a duplicate delivered at the same
 * moment fails (and its retry finds the activity) rather than adding a second one.
 */
@Component
class DealTimelineActivities implements DealTimeline {

	private final JdbcClient jdbc;

	private final Activities activities;

	private final TransactionTemplate transactions;

	DealTimelineActivities(JdbcClient jdbc, Activities activities, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.activities = activities;
		this.transactions = transactions;
	}

	@Override
	public boolean recordSystemActivity(UUID dealId, ActivityType type, String idempotencyKey) {
		return Boolean.TRUE.equals(this.transactions.execute((tx) -> {
			boolean dealExists = this.jdbc.sql("select exists (select 1 from deal where org_id = ? and deal_id = ?)")
				.params(Tenancy.orgId(), dealId)
				.query(Boolean.class)
				.single();
			if (!dealExists) {
				return false;
			}
			boolean recorded = this.jdbc.sql("""
					select exists (select 1 from activity where org_id = ? and data ->> 'idempotencyKey' = ?)""")
				.params(Tenancy.orgId(), idempotencyKey)
				.query(Boolean.class)
				.single();
			if (!recorded) {
				this.activities.add(RecordType.DEAL, dealId, Activities.Kind.SYSTEM, subject(type), body(type),
						Map.of("activityType", type.key(), "idempotencyKey", idempotencyKey), null);
			}
			return true;
		}));
	}

	private static String subject(ActivityType type) {
		return switch (type) {
			case SLACK_SKIPPED -> "Won deal not posted to Slack";
			case EMAIL_SKIPPED -> "Thank-you email not sent";
		};
	}

	private static String body(ActivityType type) {
		return switch (type) {
			case SLACK_SKIPPED -> "Slack is not connected for this organisation (or its token or channel no longer "
					+ "works). Connect it under Settings → Integrations to announce won deals.";
			case EMAIL_SKIPPED -> "The recipient is no longer a member of this organisation.";
		};
	}

}
