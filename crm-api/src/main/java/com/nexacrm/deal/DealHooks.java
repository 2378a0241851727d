package com.nexacrm.deal;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.pipeline.Pipelines;
import com.nexacrm.pipeline.Pipelines.Stage;
import com.nexacrm.pipeline.Pipelines.StageKind;
import com.nexacrm.record.Activities;
import com.nexacrm.record.FieldErrors;
import com.nexacrm.record.RecordHooks;
import com.nexacrm.record.RecordType;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A new deal lands in a pipeline (the first one unless named), in a stage of it (the
 * first open one unless named), at the end of that column; its status follows the stage.
 * Stage and pipeline change only through a move, which keeps rank, version and the
 * timeline right.
 */
@Component
class DealHooks implements RecordHooks {

	private final Pipelines pipelines;

	private final JdbcClient jdbc;

	private final Activities activities;

	DealHooks(Pipelines pipelines, JdbcClient jdbc, Activities activities) {
		this.pipelines = pipelines;
		this.jdbc = jdbc;
		this.activities = activities;
	}

	@Override
	public RecordType type() {
		return RecordType.DEAL;
	}

	@Override
	public void beforeCreate(Map<String, Object> columns, FieldErrors errors) {
		UUID pipelineId = (UUID) columns.get("pipeline_id");
		UUID stageId = (UUID) columns.get("stage_id");
		Stage stage;
		if (stageId != null) {
			stage = this.pipelines.stage(stageId).orElse(null);
			if (stage == null) {
				errors.add("stageId", "not found in this organisation");
				return;
			}
			if (pipelineId != null && !pipelineId.equals(stage.pipelineId())) {
				errors.add("stageId", "is not a stage of the pipeline");
				return;
			}
		}
		else {
			var pipeline = (pipelineId != null) ? this.pipelines.find(pipelineId) : this.pipelines.first();
			if (pipeline.isEmpty()) {
				errors.add("pipelineId",
						(pipelineId != null) ? "not found in this organisation" : "create a pipeline first");
				return;
			}
			stage = pipeline.get()
				.stages()
				.stream()
				.filter((s) -> s.kind() == StageKind.OPEN)
				.findFirst()
				.orElse(pipeline.get().stages().get(0));
		}
		columns.put("pipeline_id", stage.pipelineId());
		columns.put("stage_id", stage.id());
		columns.put("rank", Rank.between(lastRank(stage), null));
		columns.put("status", stage.kind().name());
		if (stage.kind() != StageKind.OPEN) {
			columns.put("closed_at", OffsetDateTime.now());
		}
	}

	@Override
	public void afterCreate(UUID id, Map<String, Object> record) {
		this.activities.add(RecordType.DEAL, id, Activities.Kind.SYSTEM, "Deal created", null, Map.of(), null);
	}

	@Override
	public void beforeUpdate(UUID id, Map<String, Object> columns, FieldErrors errors) {
		for (String column : new String[] { "pipeline_id", "stage_id" }) {
			if (columns.containsKey(column)) {
				errors.add(column.equals("stage_id") ? "stageId" : "pipelineId",
						"changes through POST /api/v1/deals/{id}/move");
			}
		}
	}

	/**
	 * The column's last rank; with the pipeline in the condition the board index answers
	 * it.
	 */
	String lastRank(Stage stage) {
		return this.jdbc.sql("select max(rank) from deal where org_id = ? and pipeline_id = ? and stage_id = ?")
			.params(Tenancy.orgId(), stage.pipelineId(), stage.id())
			.query(String.class)
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

}
