package com.nexacrm.deal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import com.nexacrm.record.ListRequest;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/pipelines/{pipelineId}/board")
@Validated
@Tag(name = "Kanban", description = "The board of a pipeline, column by column")
class BoardController {

	private final Board board;

	BoardController(Board board) {
		this.board = board;
	}

	@GetMapping
	@Requires(Permission.DEAL_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Every column with its count, totals, weighted totals and first page of cards",
			description = "Filters as on the deal list (filter=ownerId:eq:me, filter=tags:has:vip, "
					+ "filter=custom.region:eq:EMEA, q=search) apply to counts, totals and cards alike.")
	Map<String, Object> board(@PathVariable UUID pipelineId, @RequestParam(required = false) List<String> filter,
			@RequestParam(required = false) @Size(max = 200) String q,
			@RequestParam(required = false) @Min(1) @Max(100) Integer limit) {
		return this.board.of(pipelineId, ListRequest.of(filter, q, null, null, null), (limit != null) ? limit : 50);
	}

	@GetMapping("/stages/{stageId}")
	@Requires(Permission.DEAL_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "The next page of one column", description = "cursor = the column's nextCursor")
	Map<String, Object> column(@PathVariable UUID pipelineId, @PathVariable UUID stageId,
			@RequestParam(required = false) List<String> filter,
			@RequestParam(required = false) @Size(max = 200) String q,
			@RequestParam(required = false) @Min(1) @Max(100) Integer limit,
			@RequestParam(required = false) @Size(max = 500) String cursor) {
		return this.board.column(pipelineId, stageId, ListRequest.of(filter, q, null, null, null),
				(limit != null) ? limit : 50, cursor);
	}

}
