package com.nexacrm.workers.activity;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.nexacrm.workers.runtime.TenantJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code record-activity}: variables in, one call through the timeline port. */
class RecordActivityWorkerTest {

	private final UUID dealId = UUID.randomUUID();

	private final List<String> calls = new ArrayList<>();

	private final RecordActivityWorker worker = new RecordActivityWorker((deal, type, key) -> {
		this.calls.add(type + "/" + key);
		return deal.equals(this.dealId);
	});

	@Test
	void recordsTheNamedActivityUnderTheJobsKey() {
		this.worker.handle(job(42), new RecordActivityWorker.Variables("slack-skipped", this.dealId));

		assertThat(this.calls).containsExactly("SLACK_SKIPPED/job:42");
	}

	@Test
	void anUnknownActivityTypeOrMissingDealIsATechnicalFailure() {
		assertThatThrownBy(() -> this.worker.handle(job(1), new RecordActivityWorker.Variables("party", this.dealId)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.worker.handle(job(2),
				new RecordActivityWorker.Variables("email-skipped", UUID.randomUUID())))
			.isInstanceOf(IllegalStateException.class);
		assertThat(this.calls).containsExactly("EMAIL_SKIPPED/job:2");
	}

	private static TenantJob job(long key) {
		return new TenantJob(UUID.randomUUID(), key, 100, "task_record_slack_skipped", 3);
	}

}
