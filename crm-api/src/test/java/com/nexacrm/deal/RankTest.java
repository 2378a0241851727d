package com.nexacrm.deal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RankTest {

	@Test
	void cardsAppendedOneAtATimeKeepShortIncreasingRanks() {
		// every deal created lands at the end of its column, and so does every card moved
		// into a column without neighbours: halving the space after the last card ran out
		// of digits after about 1,200 of them
		String last = null;
		for (int i = 0; i < 200_000; i++) {
			String next = Rank.between(last, null);
			if (last != null) {
				assertThat(next).isGreaterThan(last);
			}
			assertThat(next).doesNotEndWith("0");
			last = next;
		}
		assertThat(last).hasSizeLessThanOrEqualTo(5);
	}

	@Test
	void cardsPutAtTheTopOneAtATimeKeepShortDecreasingRanks() {
		String first = Rank.between(null, null);
		for (int i = 0; i < 200_000; i++) {
			String next = Rank.between(null, first);
			assertThat(next).isLessThan(first).isNotEmpty().doesNotEndWith("0");
			first = next;
		}
		assertThat(first).hasSizeLessThanOrEqualTo(5);
	}

	@Test
	void aBatchAppendedAfterTheLastCardIsIncreasingAndLeavesRoomBeforeEachCard() {
		List<String> batch = Rank.after("zzzy", 10_000);
		assertThat(batch).hasSize(10_000).isSorted().doesNotHaveDuplicates();
		assertThat(batch.get(0)).isGreaterThan("zzzy");
		String previous = "zzzy";
		for (String rank : batch) {
			assertThat(rank).doesNotEndWith("0");
			String between = Rank.between(previous, rank);
			assertThat(between).isGreaterThan(previous).isLessThan(rank);
			previous = rank;
		}
	}

	@Test
	void cardsPlacedAnywhereStayInTheOrderTheyWerePlaced() {
		Random random = new Random(42);
		List<String> column = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			int at = random.nextInt(column.size() + 1);
			String before = (at > 0) ? column.get(at - 1) : null;
			String after = (at < column.size()) ? column.get(at) : null;
			String rank = Rank.between(before, after);
			if (before != null) {
				assertThat(rank).isGreaterThan(before);
			}
			if (after != null) {
				assertThat(rank).isLessThan(after);
			}
			assertThat(rank).doesNotEndWith("0");
			column.add(at, rank);
		}
		assertThat(column).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void neighboursOutOfOrderAreRefused() {
		assertThatThrownBy(() -> Rank.between("b", "a")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Rank.between("a", "a")).isInstanceOf(IllegalArgumentException.class);
	}

}
