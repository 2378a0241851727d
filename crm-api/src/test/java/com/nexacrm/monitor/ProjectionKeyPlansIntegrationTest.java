package com.nexacrm.monitor;

import java.util.UUID;

import com.nexacrm.support.Fixtures;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection writes and the owner look-ups find their row by its key, also for an
 * engine epoch the planner's statistics have never seen (every epoch after a restart).
 * Before V13 a second index starting with the same (org_id, engine_epoch) looked as cheap
 * without statistics, and the planner walked every row of the epoch for each key.
 */
@IntegrationTest
class ProjectionKeyPlansIntegrationTest {

	private static final int ROWS = 3000;

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	private JdbcTemplate jdbc;

	private UUID org;

	private String epoch;

	@BeforeEach
	void anEpochNoStatisticsKnow() {
		this.jdbc = this.owner.jdbc();
		this.org = this.fixtures.org("Plans " + UUID.randomUUID()).id();
		this.epoch = "embedded:" + UUID.randomUUID();
		this.jdbc.update(
				"""
						insert into process_instance_owner (engine_epoch, process_instance_key, org_id, bpmn_process_id, business_key)
						select ?, g, ?, 'lead-to-close', 'lead:' || g from generate_series(1, ?) g""",
				this.epoch, this.org, ROWS);
		this.jdbc.update("""
				insert into process_instance (org_id, engine_epoch, process_instance_key, bpmn_process_id, version,
				    process_definition_key, state, started_at)
				select ?, ?, g, 'lead-to-close', 1, 1, 'ACTIVE', now() from generate_series(1, ?) g""", this.org,
				this.epoch, ROWS);
		this.jdbc.update("""
				insert into process_element_instance (org_id, engine_epoch, element_instance_key, process_instance_key,
				    element_id, element_type, state, position, started_at)
				select ?, ?, g, g / 3, 'task', 'SERVICE_TASK', 'ACTIVE', g, now() from generate_series(1, ?) g""",
				this.org, this.epoch, ROWS);
		this.jdbc.update("""
				insert into process_job (org_id, engine_epoch, job_key, process_instance_key, element_id,
				    element_instance_key, job_type, retries, state, created_at, updated_at)
				select ?, ?, g, g / 3, 'task', g, 'route-lead', 3, 'CREATED', now(), now()
				from generate_series(1, ?) g""", this.org, this.epoch, ROWS);
	}

	@Test
	void eachWriteByKeyUsesThePrimaryKey() {
		String where = " where org_id = '" + this.org + "' and engine_epoch = '" + this.epoch + "'";
		assertThat(plan(
				"update process_element_instance set state = 'COMPLETED'" + where + " and element_instance_key = 1500"))
			.contains("\"Index Name\": \"process_element_instance_pkey\"");
		assertThat(plan("update process_job set retries = 2" + where + " and job_key = 1500"))
			.contains("\"Index Name\": \"process_job_pkey\"");
		assertThat(plan("update process_instance set state = 'COMPLETED'" + where + " and process_instance_key = 1500"))
			.contains("\"Index Name\": \"process_instance_pkey\"");
	}

	@Test
	void aBatchOfOwnersIsFoundKeyByKey() {
		String plan = plan("select org_id from process_instance_owner where process_instance_key = any('{10,20,30}')"
				+ " and engine_epoch = '" + this.epoch + "'");

		assertThat(plan).contains("\"Index Name\": \"process_instance_owner_pkey\"");
		assertThat(plan).containsPattern("\"Index Cond\": \"\\(\\(process_instance_key = ANY");
	}

	private String plan(String sql) {
		return this.jdbc.queryForObject("explain (format json) " + sql, String.class);
	}

}
