package io.camunda.zeebe.process.test.engine;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The embedded engine's log, in memory, that lets go of the blocks every reader has
 * passed. zeebe-process-test's log keeps every block the engine ever wrote, so an app
 * that runs for weeks in embedded mode would hold its whole history on the heap, and the
 * garbage collector walked it again and again (a third of a core in the automation
 * benchmark). A broker truncates its log after a snapshot; here the engine's state is in
 * RocksDB and nothing replays the log, so a block can go once the stream processor and
 * the app's record reader are both past it.
 * <p>
 * It extends zeebe-process-test's log only because the engine's idle monitor takes that
 * type; none of the parent's storage is used. Blocks are keyed by their lowest position
 * in a concurrent map, so appends (the engine's writer) and reads (its processor, the
 * record reader) on different threads need no further locking.
 */
final class CompactingLogStorage extends InMemoryLogStorage {

	private final ConcurrentSkipListMap<Long, Block> blocks = new ConcurrentSkipListMap<>();

	private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();

	private final AtomicLong appended = new AtomicLong();

	@Override
	public LogStorageReader newReader() {
		return new Reader();
	}

	@Override
	public void append(long lowestPosition, long highestPosition, BufferWriter writer, AppendListener listener) {
		ByteBuffer buffer = ByteBuffer.allocate(writer.getLength());
		writer.write(new UnsafeBuffer(buffer), 0);
		append(lowestPosition, highestPosition, buffer, listener);
	}

	@Override
	public void append(long lowestPosition, long highestPosition, ByteBuffer buffer, AppendListener listener) {
		this.blocks.put(lowestPosition, new Block(highestPosition, buffer));
		long index = this.appended.incrementAndGet();
		listener.onWrite(index, highestPosition);
		listener.onCommit(index, highestPosition);
		this.commitListeners.forEach(CommitListener::onCommit);
	}

	@Override
	public void addCommitListener(CommitListener listener) {
		this.commitListeners.add(listener);
	}

	@Override
	public void removeCommitListener(CommitListener listener) {
		this.commitListeners.remove(listener);
	}

	/** Drops every block whose records all lie below {@code position}. */
	void compactBelow(long position) {
		for (Map.Entry<Long, Block> first = this.blocks.firstEntry(); first != null
				&& first.getValue().highestPosition() < position; first = this.blocks.firstEntry()) {
			this.blocks.remove(first.getKey());
		}
	}

	/** Blocks held now. */
	int blockCount() {
		return this.blocks.size();
	}

	/** Blocks appended since the start. */
	long appendedCount() {
		return this.appended.get();
	}

	private record Block(long highestPosition, ByteBuffer buffer) {
	}

	/**
	 * Reads blocks in position order. After a seek, the first block is the one holding
	 * the position or, when none does, the last one below it (the contract of
	 * {@link LogStorageReader#seek}); a block dropped meanwhile is skipped.
	 */
	private final class Reader implements LogStorageReader {

		/** The lowest position of the block last returned. */
		private long last = Long.MIN_VALUE;

		@Override
		public void seek(long position) {
			Long block = (position < 0) ? null : CompactingLogStorage.this.blocks.floorKey(position);
			this.last = (block != null) ? block - 1 : Long.MIN_VALUE;
		}

		@Override
		public boolean hasNext() {
			return CompactingLogStorage.this.blocks.higherKey(this.last) != null;
		}

		@Override
		public DirectBuffer next() {
			Map.Entry<Long, Block> next = CompactingLogStorage.this.blocks.higherEntry(this.last);
			if (next == null) {
				throw new NoSuchElementException();
			}
			this.last = next.getKey();
			return new UnsafeBuffer(next.getValue().buffer());
		}

		@Override
		public void close() {
		}

	}

}
