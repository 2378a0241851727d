package com.nexacrm.monitor;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ImmutableJobRecordValue;
import io.camunda.zeebe.protocol.record.value.ImmutableProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;

import com.nexacrm.support.Fixtures;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection's folded writes: a row that starts and changes within one write is
 * inserted in its last state; a row written before gets its change as an update; a job's
 * change without a state or error message keeps the ones it had.
 */
@IntegrationTest
class ProjectionRowsIntegrationTest {

	private static final long INSTANCE = 100;

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private OwnerDatabase owner;

	private JdbcTemplate jdbc;

	private UUID org;

	private String epoch;

	@BeforeEach
	void anOrganisationAndAnEpoch() {
		this.jdbc = this.owner.jdbc();
		this.org = this.fixtures.org("Rows " + UUID.randomUUID()).id();
		this.epoch = "embedded:" + UUID.randomUUID();
	}

	@Test
	void whatStartsAndEndsInOneWriteIsInsertedInItsLastState() {
		ProjectionRows rows = rows();
		rows.startInstance(process(), 1_000);
		rows.startElement(101, element("task_route_lead", BpmnElementType.SERVICE_TASK), "ACTIVE", 7, 1_000, null);
		rows.startElement(102, element("flow_routed", BpmnElementType.SEQUENCE_FLOW), "TAKEN", 8, 1_500, 1_500L);
		rows.endElement(101, "COMPLETED", 2_000);
		rows.createJob(201, job(101), 1_100);
		rows.updateJob(201, "ACTIVATED", 3, null, 1_200);
		rows.updateJob(201, "FAILED", 2, "Slack answered 500", 1_300);
		rows.updateJob(201, null, 2, null, 1_400);
		rows.endInstance(INSTANCE, "COMPLETED", 3_000);
		rows.flush();

		assertThat(row("select state, extract(epoch from ended_at) * 1000 as ended from process_instance"
				+ " where org_id = ? and engine_epoch = ? and process_instance_key = " + INSTANCE))
			.containsEntry("state", "COMPLETED")
			.containsEntry("ended", new java.math.BigDecimal("3000.000000"));
		assertThat(this.jdbc.queryForList("select element_instance_key, state, position from process_element_instance"
				+ " where org_id = ? and engine_epoch = ? order by position", this.org, this.epoch))
			.extracting((r) -> r.get("element_instance_key") + ":" + r.get("state") + ":" + r.get("position"))
			.containsExactly("101:COMPLETED:7", "102:TAKEN:8");
		assertThat(row("select state, retries, error_message, job_type from process_job"
				+ " where org_id = ? and engine_epoch = ? and job_key = 201"))
			.containsEntry("state", "FAILED")
			.containsEntry("retries", 2)
			.containsEntry("error_message", "Slack answered 500")
			.containsEntry("job_type", "route-lead");
	}

	@Test
	void rowsOfAnEarlierWriteGetTheirChangeAsAnUpdate() {
		ProjectionRows first = rows();
		first.startInstance(process(), 1_000);
		first.startElement(101, element("task_qualify_lead", BpmnElementType.USER_TASK), "ACTIVE", 7, 1_000, null);
		first.createJob(201, job(101), 1_100);
		first.updateJob(201, "FAILED", 0, "No organisation owns it", 1_200);
		first.flush();

		ProjectionRows second = rows();
		second.updateJob(201, null, 3, null, 2_000);
		second.endElement(101, "TERMINATED", 2_100);
		second.endInstance(INSTANCE, "TERMINATED", 2_200);
		second.flush();

		assertThat(row("select state from process_instance where org_id = ? and engine_epoch = ?"))
			.containsEntry("state", "TERMINATED");
		assertThat(row("select state from process_element_instance where org_id = ? and engine_epoch = ?"))
			.containsEntry("state", "TERMINATED");
		assertThat(row("select state, retries, error_message from process_job where org_id = ? and engine_epoch = ?"))
			.containsEntry("state", "FAILED")
			.containsEntry("retries", 3)
			.containsEntry("error_message", "No organisation owns it");
	}

	private ProjectionRows rows() {
		return new ProjectionRows(this.jdbc, this.org, this.epoch);
	}

	private Map<String, Object> row(String sql) {
		List<Map<String, Object>> rows = this.jdbc.queryForList(sql, this.org, this.epoch);
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

	private static ProcessInstanceRecordValue process() {
		return element("lead-to-close", BpmnElementType.PROCESS);
	}

	private static ProcessInstanceRecordValue element(String elementId, BpmnElementType type) {
		return ImmutableProcessInstanceRecordValue.builder()
			.withBpmnProcessId("lead-to-close")
			.withVersion(1)
			.withProcessDefinitionKey(5)
			.withProcessInstanceKey(INSTANCE)
			.withElementId(elementId)
			.withBpmnElementType(type)
			.withFlowScopeKey((type == BpmnElementType.PROCESS) ? -1 : INSTANCE)
			.withParentProcessInstanceKey(-1)
			.build();
	}

	private static JobRecordValue job(long elementInstanceKey) {
		return ImmutableJobRecordValue.builder()
			.withType("route-lead")
			.withRetries(3)
			.withProcessInstanceKey(INSTANCE)
			.withElementId("task_route_lead")
			.withElementInstanceKey(elementInstanceKey)
			.build();
	}

}
