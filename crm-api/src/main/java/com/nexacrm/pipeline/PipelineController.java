package com.nexacrm.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.pipeline.Pipelines.NewStage;
import com.nexacrm.pipeline.Pipelines.Pipeline;
import com.nexacrm.pipeline.Pipelines.StageKind;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pipelines")
@Tag(name = "Pipelines", description = "Pipelines and their ordered, editable stages")
class PipelineController {

	private final Pipelines pipelines;

	private final JdbcClient jdbc;

	private final AuditLog audit;

	PipelineController(Pipelines pipelines, JdbcClient jdbc, AuditLog audit) {
		this.pipelines = pipelines;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	@GetMapping
	@Requires(Permission.PIPELINE_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Pipelines with their stages in order")
	List<Pipeline> list() {
		return this.pipelines.list();
	}

	@GetMapping("/{pipelineId}")
	@Requires(Permission.PIPELINE_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "One pipeline with its stages")
	Pipeline get(@PathVariable UUID pipelineId) {
		return this.pipelines.find(pipelineId).orElseThrow(() -> ApiProblem.notFound("Pipeline"));
	}

	@PostMapping
	@Requires(Permission.PIPELINE_CREATE)
	@Transactional
	@Operation(summary = "Create a pipeline with its stages")
	ResponseEntity<Pipeline> create(@Valid @RequestBody NewPipeline request) {
		try {
			UUID id = this.pipelines.create(request.name().trim(),
					request.stages().stream().map(StageInput::toStage).toList());
			this.audit.record("pipeline", id, "created", Map.of("name", request.name()));
			return ResponseEntity.status(HttpStatus.CREATED).body(get(id));
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "A pipeline with this name already exists");
		}
	}

	@PatchMapping("/{pipelineId}")
	@Requires(Permission.PIPELINE_UPDATE)
	@Transactional
	@Operation(summary = "Rename a pipeline")
	Pipeline rename(@PathVariable UUID pipelineId, @Valid @RequestBody Rename request) {
		try {
			if (this.pipelines.rename(pipelineId, request.name().trim()) == 0) {
				throw ApiProblem.notFound("Pipeline");
			}
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "A pipeline with this name already exists");
		}
		this.audit.record("pipeline", pipelineId, "renamed", Map.of("name", request.name()));
		return get(pipelineId);
	}

	@DeleteMapping("/{pipelineId}")
	@Requires(Permission.PIPELINE_DELETE)
	@Transactional
	@Operation(summary = "Delete a pipeline that has no deals")
	ResponseEntity<Void> delete(@PathVariable UUID pipelineId) {
		get(pipelineId);
		if (this.pipelines.dealsInPipeline(pipelineId) > 0) {
			throw new ApiProblem(ProblemType.CONFLICT, "The pipeline still has deals; move or delete them first");
		}
		this.pipelines.delete(pipelineId);
		this.audit.record("pipeline", pipelineId, "deleted", Map.of());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{pipelineId}/stages")
	@Requires(Permission.PIPELINE_UPDATE)
	@Transactional
	@Operation(summary = "Add a stage at a position (the end when none is given)")
	ResponseEntity<Pipeline> addStage(@PathVariable UUID pipelineId, @Valid @RequestBody StageInput request) {
		Pipeline pipeline = get(pipelineId);
		int position = (request.position() != null) ? Math.min(request.position(), pipeline.stages().size())
				: pipeline.stages().size();
		this.pipelines.addStage(pipelineId, request.toStage(), position);
		return ResponseEntity.status(HttpStatus.CREATED).body(get(pipelineId));
	}

	@PatchMapping("/{pipelineId}/stages/{stageId}")
	@Requires(Permission.PIPELINE_UPDATE)
	@Transactional
	@Operation(summary = "Change a stage's name, probability, type or rotting threshold")
	Pipeline updateStage(@PathVariable UUID pipelineId, @PathVariable UUID stageId,
			@Valid @RequestBody StageInput request) {
		stageOf(pipelineId, stageId);
		this.pipelines.updateStage(stageId, request.toStage());
		this.audit.record("stage", stageId, "updated", Map.of("name", request.name()));
		return get(pipelineId);
	}

	@PutMapping("/{pipelineId}/stages/order")
	@Requires(Permission.PIPELINE_UPDATE)
	@Transactional
	@Operation(summary = "Reorder the stages: all stage ids of the pipeline in their new order")
	Pipeline reorder(@PathVariable UUID pipelineId, @Valid @RequestBody Order request) {
		Pipeline pipeline = get(pipelineId);
		var current = new HashSet<>(pipeline.stages().stream().map(Pipelines.Stage::id).toList());
		if (!current.equals(new HashSet<>(request.stageIds())) || request.stageIds().size() != current.size()) {
			throw new ApiProblem(ProblemType.VALIDATION, "stageIds must list every stage of the pipeline once");
		}
		this.pipelines.reorder(pipelineId, request.stageIds());
		return get(pipelineId);
	}

	@DeleteMapping("/{pipelineId}/stages/{stageId}")
	@Requires(Permission.PIPELINE_UPDATE)
	@Transactional
	@Operation(summary = "Delete a stage", description = "A stage with deals needs moveDealsTo: another stage of "
			+ "the same pipeline, where its deals go (after that stage's cards).")
	ResponseEntity<Void> deleteStage(@PathVariable UUID pipelineId, @PathVariable UUID stageId,
			@RequestParam(required = false) UUID moveDealsTo) {
		Pipeline pipeline = get(pipelineId);
		stageOf(pipelineId, stageId);
		if (pipeline.stages().size() == 1) {
			throw new ApiProblem(ProblemType.CONFLICT, "A pipeline keeps at least one stage");
		}
		long deals = this.pipelines.dealsIn(stageId);
		if (deals > 0) {
			if (moveDealsTo == null) {
				throw new ApiProblem(ProblemType.CONFLICT,
						"The stage has " + deals + " deals; say where they go with moveDealsTo",
						Map.of("deals", deals));
			}
			if (moveDealsTo.equals(stageId)) {
				throw new ApiProblem(ProblemType.VALIDATION, "moveDealsTo must be another stage");
			}
			Pipelines.Stage target = stageOf(pipelineId, moveDealsTo);
			moveAll(stageId, target);
		}
		this.pipelines.deleteStage(stageId);
		this.audit.record("stage", stageId, "deleted", Map.of("dealsMovedTo", String.valueOf(moveDealsTo)));
		return ResponseEntity.noContent().build();
	}

	/**
	 * Appends every deal of a stage after the target's last card, keeping their order.
	 */
	private void moveAll(UUID from, Pipelines.Stage target) {
		UUID org = Tenancy.orgId();
		String last = this.jdbc.sql("select max(rank) from deal where org_id = ? and pipeline_id = ? and stage_id = ?")
			.params(org, target.pipelineId(), target.id())
			.query(String.class)
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
		this.jdbc.sql("""
				insert into activity (org_id, activity_id, record_type, record_id, kind, subject, data, actor_id)
				select org_id, gen_random_uuid(), 'deal', deal_id, 'STAGE_CHANGE', 'Stage deleted: moved to ' || ?,
				       jsonb_build_object('fromStageId', stage_id, 'toStageId', ?::uuid), ?
				from deal where org_id = ? and stage_id = ?""")
			.params(target.name(), target.id(), Tenancy.current().userId(), org, from)
			.update();
		this.jdbc.sql("""
				update deal d set stage_id = ?, rank = coalesce(?, '') || 'V' || lpad(m.n::text, 10, '0') || 'V',
				       status = ?, closed_at = case when ? = 'OPEN' then null else coalesce(d.closed_at, now()) end,
				       stage_entered_at = now(), version = d.version + 1, updated_at = now()
				from (select deal_id, row_number() over (order by rank, deal_id) as n
				      from deal where org_id = ? and stage_id = ?) m
				where d.org_id = ? and d.deal_id = m.deal_id""")
			.params(target.id(), last, target.kind().name(), target.kind().name(), org, from, org)
			.update();
	}

	private Pipelines.Stage stageOf(UUID pipelineId, UUID stageId) {
		return this.pipelines.stage(stageId)
			.filter((stage) -> stage.pipelineId().equals(pipelineId))
			.orElseThrow(() -> ApiProblem.notFound("Stage"));
	}

	record NewPipeline(@NotBlank @Size(max = 100) String name,
			@NotEmpty @Size(max = 30) List<@Valid StageInput> stages) {
	}

	record Rename(@NotBlank @Size(max = 100) String name) {
	}

	record Order(@NotEmpty @Size(max = 30) List<@NotNull UUID> stageIds) {
	}

	/** A stage's settings; {@code position} only when adding. */
	record StageInput(@NotBlank @Size(max = 100) String name, @NotNull @Min(0) @Max(100) Integer probability,
			@NotNull StageKind kind, @Min(1) @Max(3650) Integer rottingDays, @Min(0) Integer position) {

		NewStage toStage() {
			return new NewStage(this.name.trim(), this.probability, this.kind, this.rottingDays);
		}

	}

}
