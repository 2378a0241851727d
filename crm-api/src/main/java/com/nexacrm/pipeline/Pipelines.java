package com.nexacrm.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.record.Ids;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The current organisation's pipelines and stages. */
@Repository
public class Pipelines {

	private final JdbcClient jdbc;

	Pipelines(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<Pipeline> list() {
		Map<UUID, List<Stage>> stages = new LinkedHashMap<>();
		this.jdbc.sql(STAGES + " where org_id = ? order by pipeline_id, position")
			.param(Tenancy.orgId())
			.query((rs, n) -> stage(rs))
			.list()
			.forEach((stage) -> stages.computeIfAbsent(stage.pipelineId(), (k) -> new ArrayList<>()).add(stage));
		return this.jdbc
			.sql("select pipeline_id, name, position from pipeline where org_id = ? order by position, name")
			.param(Tenancy.orgId())
			.query((rs, n) -> new Pipeline(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
					stages.getOrDefault(rs.getObject(1, UUID.class), List.of())))
			.list();
	}

	public Optional<Pipeline> find(UUID pipelineId) {
		return list().stream().filter((p) -> p.id().equals(pipelineId)).findFirst();
	}

	/** The organisation's first pipeline, where new deals go when none is named. */
	public Optional<Pipeline> first() {
		return list().stream().findFirst();
	}

	public Optional<Stage> stage(UUID stageId) {
		return this.jdbc.sql(STAGES + " where org_id = ? and stage_id = ?")
			.params(Tenancy.orgId(), stageId)
			.query((rs, n) -> stage(rs))
			.optional();
	}

	public UUID create(String name, List<NewStage> stages) {
		UUID id = Ids.next();
		int position = this.jdbc.sql("select coalesce(max(position) + 1, 0) from pipeline where org_id = ?")
			.param(Tenancy.orgId())
			.query(Integer.class)
			.single();
		this.jdbc.sql("insert into pipeline (org_id, pipeline_id, name, position) values (?, ?, ?, ?)")
			.params(Tenancy.orgId(), id, name, position)
			.update();
		int i = 0;
		for (NewStage stage : stages) {
			addStage(id, stage, i++);
		}
		return id;
	}

	public UUID addStage(UUID pipelineId, NewStage stage, int position) {
		UUID id = Ids.next();
		this.jdbc.sql("update stage set position = position + 1 where org_id = ? and pipeline_id = ? and position >= ?")
			.params(Tenancy.orgId(), pipelineId, position)
			.update();
		this.jdbc.sql("""
				insert into stage (org_id, stage_id, pipeline_id, name, position, probability, kind, rotting_days)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Tenancy.orgId(), id, pipelineId, stage.name(), position, stage.probability(), stage.kind().name(),
					stage.rottingDays())
			.update();
		return id;
	}

	public int rename(UUID pipelineId, String name) {
		return this.jdbc.sql("update pipeline set name = ? where org_id = ? and pipeline_id = ?")
			.params(name, Tenancy.orgId(), pipelineId)
			.update();
	}

	public void updateStage(UUID stageId, NewStage stage) {
		this.jdbc
			.sql("""
					update stage set name = ?, probability = ?, kind = ?, rotting_days = ? where org_id = ? and stage_id = ?""")
			.params(stage.name(), stage.probability(), stage.kind().name(), stage.rottingDays(), Tenancy.orgId(),
					stageId)
			.update();
	}

	public void reorder(UUID pipelineId, List<UUID> stageIds) {
		int position = 0;
		for (UUID stageId : stageIds) {
			this.jdbc.sql("update stage set position = ? where org_id = ? and pipeline_id = ? and stage_id = ?")
				.params(position++, Tenancy.orgId(), pipelineId, stageId)
				.update();
		}
	}

	public long dealsIn(UUID stageId) {
		return this.jdbc.sql("select count(*) from deal where org_id = ? and stage_id = ?")
			.params(Tenancy.orgId(), stageId)
			.query(Long.class)
			.single();
	}

	public long dealsInPipeline(UUID pipelineId) {
		return this.jdbc.sql("select count(*) from deal where org_id = ? and pipeline_id = ?")
			.params(Tenancy.orgId(), pipelineId)
			.query(Long.class)
			.single();
	}

	public void deleteStage(UUID stageId) {
		this.jdbc.sql("delete from stage where org_id = ? and stage_id = ?").params(Tenancy.orgId(), stageId).update();
	}

	public void delete(UUID pipelineId) {
		this.jdbc.sql("delete from pipeline where org_id = ? and pipeline_id = ?")
			.params(Tenancy.orgId(), pipelineId)
			.update();
	}

	private static final String STAGES = """
			select stage_id, pipeline_id, name, position, probability, kind, rotting_days from stage""";

	private static Stage stage(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Stage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
				rs.getInt(5), StageKind.valueOf(rs.getString(6)), (Integer) rs.getObject(7));
	}

	public enum StageKind {

		OPEN, WON, LOST

	}

	public record Pipeline(UUID id, String name, int position, List<Stage> stages) {
	}

	public record Stage(UUID id, UUID pipelineId, String name, int position, int probability, StageKind kind,
			Integer rottingDays) {
	}

	/** A stage to create or the new settings of one. */
	public record NewStage(String name, int probability, StageKind kind, Integer rottingDays) {
	}

}
