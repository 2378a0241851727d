package com.nexacrm.deal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.pipeline.Pipelines;
import com.nexacrm.pipeline.Pipelines.Stage;
import com.nexacrm.pipeline.Pipelines.StageKind;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.Activities;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.Records;
import com.nexacrm.tenant.Tenancy;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Moves a card: stage and rank in one update, guarded by the version the client saw. A
 * stale version loses with a 409 that carries the current card; the winner's change
 * stands.
 */
@Service
public class DealMoves {

	private final JdbcClient jdbc;

	private final Pipelines pipelines;

	private final Records records;

	private final Activities activities;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	DealMoves(JdbcClient jdbc, Pipelines pipelines, Records records, Activities activities, AuditLog audit,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.pipelines = pipelines;
		this.records = records;
		this.activities = activities;
		this.audit = audit;
		this.events = events;
	}

	/**
	 * @param afterDealId the card the moved one goes below (null: top, unless
	 * beforeDealId)
	 * @param beforeDealId the card the moved one goes above (null: bottom, unless
	 * afterDealId)
	 */
	public Map<String, Object> move(UUID dealId, UUID stageId, UUID afterDealId, UUID beforeDealId, int version,
			String lostReason) {
		Map<String, Object> deal = this.records.get(RecordType.DEAL, dealId);
		Stage target = this.pipelines.stage(stageId).orElseThrow(() -> ApiProblem.notFound("Stage"));
		String rank = rankFor(dealId, target, afterDealId, beforeDealId);
		UUID fromStage = (UUID) deal.get("stageId");
		boolean stageChanges = !fromStage.equals(stageId);
		String status = target.kind().name();
		int updated = this.jdbc.sql("""
				update deal set pipeline_id = ?, stage_id = ?, rank = ?, status = ?,
				       lost_reason = case when ? = 'LOST' then coalesce(?, lost_reason) else lost_reason end,
				       closed_at = case when ? = 'OPEN' then null when status = ? then closed_at else now() end,
				       stage_entered_at = case when stage_id = ? then stage_entered_at else now() end,
				       last_activity_at = now(), version = version + 1, updated_at = now()
				where org_id = ? and deal_id = ? and version = ?""")
			.params(target.pipelineId(), stageId, rank, status, status, lostReason, status, status, stageId,
					Tenancy.orgId(), dealId, version)
			.update();
		if (updated == 0) {
			throw this.records.stale(RecordType.DEAL, dealId);
		}
		if (stageChanges) {
			Stage from = this.pipelines.stage(fromStage).orElseThrow();
			this.activities.add(RecordType.DEAL, dealId, Activities.Kind.STAGE_CHANGE,
					from.name() + " → " + target.name(), null, Map.of("fromStageId", fromStage, "toStageId", stageId),
					null);
			this.audit.record("deal", dealId, "stage-changed",
					Map.of("stageId", Map.of("from", fromStage, "to", stageId), "rank", rank));
			this.events.publishEvent(new DealStageChanged(Tenancy.orgId(), dealId, target.pipelineId(), fromStage,
					stageId, target.kind().name(), Tenancy.current().userId()));
		}
		else {
			this.audit.record("deal", dealId, "reordered", Map.of("rank", rank));
		}
		return this.records.get(RecordType.DEAL, dealId);
	}

	private String rankFor(UUID dealId, Stage target, UUID afterDealId, UUID beforeDealId) {
		String low;
		String high;
		if (afterDealId != null) {
			low = neighbour(afterDealId, target, "afterDealId");
			high = (beforeDealId != null) ? neighbour(beforeDealId, target, "beforeDealId")
					: next(target, low, dealId, true).orElse(null);
		}
		else if (beforeDealId != null) {
			high = neighbour(beforeDealId, target, "beforeDealId");
			low = next(target, high, dealId, false).orElse(null);
		}
		else {
			low = this.jdbc.sql(
					"select max(rank) from deal where org_id = ? and pipeline_id = ? and stage_id = ? and deal_id <> ?")
				.params(Tenancy.orgId(), target.pipelineId(), target.id(), dealId)
				.query(String.class)
				.list()
				.stream()
				.filter(java.util.Objects::nonNull)
				.findFirst()
				.orElse(null);
			high = null;
		}
		if (low != null && high != null && low.compareTo(high) >= 0) {
			throw new ApiProblem(ProblemType.CONFLICT, "The neighbouring cards moved; reload the column");
		}
		try {
			return Rank.between(low, high);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "The neighbouring cards moved; reload the column");
		}
	}

	private String neighbour(UUID id, Stage target, String field) {
		return this.jdbc.sql("select rank from deal where org_id = ? and deal_id = ? and stage_id = ?")
			.params(Tenancy.orgId(), id, target.id())
			.query(String.class)
			.optional()
			.orElseThrow(() -> new ApiProblem(ProblemType.CONFLICT,
					field + " is not a card of the target column any more; reload the column"));
	}

	private Optional<String> next(Stage stage, String rank, UUID exclude, boolean above) {
		String sql = above
				? "select min(rank) from deal where org_id = ? and pipeline_id = ? and stage_id = ? and rank > ? and deal_id <> ?"
				: "select max(rank) from deal where org_id = ? and pipeline_id = ? and stage_id = ? and rank < ? and deal_id <> ?";
		return this.jdbc.sql(sql)
			.params(Tenancy.orgId(), stage.pipelineId(), stage.id(), rank, exclude)
			.query(String.class)
			.list()
			.stream()
			.filter(Objects::nonNull)
			.findFirst();
	}

}
