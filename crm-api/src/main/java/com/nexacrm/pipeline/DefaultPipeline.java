package com.nexacrm.pipeline;

import java.util.List;

import com.nexacrm.organization.OrganizationCreated;
import com.nexacrm.pipeline.Pipelines.NewStage;
import com.nexacrm.pipeline.Pipelines.StageKind;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every new organisation starts with a sales pipeline it can rename, reorder and extend.
 */
@Component
class DefaultPipeline {

	private final Pipelines pipelines;

	DefaultPipeline(Pipelines pipelines) {
		this.pipelines = pipelines;
	}

	@EventListener
	void on(OrganizationCreated event) {
		this.pipelines.create("Sales", List.of(new NewStage("Lead in", 10, StageKind.OPEN, 14),
				new NewStage("Qualified", 25, StageKind.OPEN, 14), new NewStage("Proposal", 50, StageKind.OPEN, 10),
				new NewStage("Negotiation", 75, StageKind.OPEN, 7), new NewStage("Won", 100, StageKind.WON, null),
				new NewStage("Lost", 0, StageKind.LOST, null)));
	}

}
