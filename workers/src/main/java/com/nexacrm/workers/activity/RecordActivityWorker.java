package com.nexacrm.workers.activity;

import java.util.UUID;

import com.nexacrm.workers.runtime.JobWorker;
import com.nexacrm.workers.runtime.TenantJob;

/**
 * Handles {@code record-activity}: adds a system activity (for example "Slack not
 * connected, won deal not posted") to the deal's timeline, once per job.
 */
public class RecordActivityWorker implements JobWorker<RecordActivityWorker.Variables> {

	private final DealTimeline timeline;

	public RecordActivityWorker(DealTimeline timeline) {
		this.timeline = timeline;
	}

	@Override
	public String type() {
		return "record-activity";
	}

	@Override
	public Class<Variables> variablesType() {
		return Variables.class;
	}

	@Override
	public Object handle(TenantJob job, Variables variables) {
		if (variables.activityType() == null || variables.dealId() == null) {
			throw new IllegalArgumentException("record-activity needs the variables activityType and dealId");
		}
		var type = DealTimeline.ActivityType.of(variables.activityType());
		if (!this.timeline.recordSystemActivity(variables.dealId(), type, job.idempotencyKey())) {
			throw new IllegalStateException("Deal " + variables.dealId() + " does not exist");
		}
		return null;
	}

	/** The job's variables. */
	public record Variables(String activityType, UUID dealId) {
	}

}
