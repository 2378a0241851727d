package io.camunda.zeebe.process.test.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded engine's log: reads in order, seeks as the log contract says, compacts.
 */
class CompactingLogStorageTest {

	private final CompactingLogStorage log = new CompactingLogStorage();

	@Test
	void aSeekLandsOnTheBlockHoldingThePositionOrTheLastBelowIt() {
		threeBlocks();
		LogStorageReader reader = this.log.newReader();

		reader.seek(5);
		assertThat(firstBytes(reader)).containsExactly(4, 7);
		reader.seek(-1);
		assertThat(firstBytes(reader)).containsExactly(1, 4, 7);
		reader.seek(100);
		assertThat(firstBytes(reader)).containsExactly(7);
	}

	@Test
	void compactingDropsTheBlocksWhollyBelowThePositionAndReadersGoOn() {
		threeBlocks();
		LogStorageReader reader = this.log.newReader();
		reader.seek(-1);
		assertThat(reader.next().getByte(0)).isEqualTo((byte) 1);

		this.log.compactBelow(7);

		assertThat(this.log.blockCount()).isEqualTo(1);
		assertThat(firstBytes(reader)).containsExactly(7);
		assertThat(this.log.appendedCount()).isEqualTo(3);
		assertThatThrownBy(reader::next).isInstanceOf(java.util.NoSuchElementException.class);
	}

	@Test
	void eachAppendIsCommittedAndTold() {
		List<Long> committed = new ArrayList<>();
		int[] told = new int[1];
		this.log.addCommitListener(() -> told[0]++);
		this.log.append(1, 3, ByteBuffer.wrap(new byte[] { 1 }), new LogStorage.AppendListener() {
			@Override
			public void onCommit(long index, long highestPosition) {
				committed.add(highestPosition);
			}
		});

		assertThat(committed).containsExactly(3L);
		assertThat(told[0]).isEqualTo(1);
	}

	private void threeBlocks() {
		this.log.append(1, 3, ByteBuffer.wrap(new byte[] { 1 }), new LogStorage.AppendListener() {
		});
		this.log.append(4, 6, ByteBuffer.wrap(new byte[] { 4 }), new LogStorage.AppendListener() {
		});
		this.log.append(7, 9, ByteBuffer.wrap(new byte[] { 7 }), new LogStorage.AppendListener() {
		});
	}

	private static List<Integer> firstBytes(LogStorageReader reader) {
		List<Integer> bytes = new ArrayList<>();
		while (reader.hasNext()) {
			bytes.add((int) reader.next().getByte(0));
		}
		return bytes;
	}

}
