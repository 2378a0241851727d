package com.nexacrm.deal;

import java.util.UUID;

/**
 * A deal moved to another stage. Published inside the moving transaction; the automation
 * listens to correlate the deal's process instance.
 */
public record DealStageChanged(UUID orgId, UUID dealId, UUID pipelineId, UUID fromStageId, UUID toStageId,
		String toStageKind, UUID actorId) {
}
