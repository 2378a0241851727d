package com.nexacrm.deal;

import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.nexacrm.record.RecordController;
import com.nexacrm.record.RecordServices;
import com.nexacrm.record.RecordType;
import com.nexacrm.security.RecordAction;
import com.nexacrm.security.RecordAction.Action;
import com.nexacrm.security.RecordResource;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/deals")
@RecordResource("deal")
@Tag(name = "Deals")
class DealController extends RecordController {

	private final DealMoves moves;

	DealController(RecordServices services, DealMoves moves) {
		super(services);
		this.moves = moves;
	}

	@Override
	protected RecordType type() {
		return RecordType.DEAL;
	}

	@PostMapping("/{id}/move")
	@RecordAction(Action.UPDATE)
	@Transactional
	@Operation(summary = "Move a card: stage and position in one call",
			description = "afterDealId: the card it now follows; beforeDealId: the card it now precedes; neither: the "
					+ "end of the column. version must be the card's version: a stale one is a 409 carrying the "
					+ "current card. Moving to a won or lost stage closes the deal.")
	Map<String, Object> move(@PathVariable UUID id, @Valid @RequestBody Move body) {
		return this.moves.move(id, body.stageId(), body.afterDealId(), body.beforeDealId(), body.version(),
				body.lostReason());
	}

	record Move(@NotNull UUID stageId, UUID afterDealId, UUID beforeDealId, @NotNull Integer version,
			@Size(max = 500) String lostReason) {
	}

}
