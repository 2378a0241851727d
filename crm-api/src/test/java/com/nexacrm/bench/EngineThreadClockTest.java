package com.nexacrm.bench;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineThreadClockTest {

	@Test
	void aRoundIsTheEnginesCpuPerLeadItsWaitForACoreAndTheMachinesIdleShare() {
		EngineThreadClock start = new EngineThreadClock(1_000_000_000L, 500_000_000L, 10_000, 4_000);
		// 3 s on a core and 1 s waiting for one in a 4 s round of 1,500 leads; 800 of
		// 2,000 ticks idle
		EngineThreadClock end = new EngineThreadClock(4_000_000_000L, 1_500_000_000L, 12_000, 4_800);

		assertThat(end.since(start, 1500, 4.0))
			.isEqualTo("engine 2.00 ms CPU per lead, waiting for a core 25% of the round; machine 40% idle");
	}

	@Test
	void readsThisProcessOnLinux() {
		Optional<EngineThreadClock> now = EngineThreadClock.now();

		assertThat(now).isPresent();
		assertThat(now.get().machineTicks()).isGreaterThan(0);
		assertThat(now.get().idleTicks()).isBetween(0L, now.get().machineTicks());
	}

}
