package io.camunda.zeebe.process.test.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.protocol.impl.record.CopiedRecord;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * NexaCRM's embedded engine: zeebe-process-test's in-process engine (its gRPC gateway and
 * engine wiring) with the engine state kept in RocksDB, Zeebe's own state store, instead
 * of zeebe-process-test's map, and an in-memory log that lets go of what has been read
 * ({@link CompactingLogStorage}).
 * <p>
 * Why: zeebe-process-test's state map copies the whole state on every prefix scan, which
 * the engine does several times per command, so each command costs time in proportion to
 * everything the engine holds; with a few thousand open leads the engine fell to a
 * handful of instances per second, and under concurrent load the map threw
 * {@code ConcurrentModificationException}. RocksDB keeps the cost per command flat. See
 * {@code docs/adr/0002-engine-and-run-modes.md}.
 * <p>
 * It lives in zeebe-process-test's package because the parts it wires are package private
 * there; the engine's behaviour (clock, record stream, idle detection) is unchanged. The
 * state directory is temporary and deleted when the engine stops: as before, embedded
 * engine state does not outlive the process (the app brings open records back after a
 * restart).
 */
public final class RocksDbStateEngine extends InMemoryEngine {

	private static final int PARTITION = 1;

	private final Path stateDirectory;

	private final StreamProcessor processor;

	private final CompactingLogStorage log;

	private final LogRecords records;

	private final Server inProcess;

	private final String inProcessName;

	private RocksDbStateEngine(Server server, StreamProcessor processor, GrpcToLogStreamGateway gateway,
			ZeebeDb<ZbColumnFamilies> state, LogStream logStream, CompactingLogStorage log, ActorScheduler scheduler,
			LogRecords records, ControlledActorClock clock, EngineStateMonitor monitor, Path stateDirectory) {
		super(server, processor, gateway, state, logStream, scheduler, records, clock, monitor);
		this.stateDirectory = stateDirectory;
		this.processor = processor;
		this.log = log;
		this.records = records;
		this.inProcessName = "nexacrm-engine-" + UUID.randomUUID();
		// the gateway's handlers only write a command to the log: run them on the
		// caller's
		// thread
		this.inProcess = InProcessServerBuilder.forName(this.inProcessName)
			.directExecutor()
			.addService(gateway)
			.build();
	}

	/**
	 * The name of the engine's in-process gRPC server, the same gateway as its port
	 * serves: a client in this JVM reaches the engine without a socket, HTTP/2 framing or
	 * protobuf encoding (see {@code InProcessChannelBuilder}).
	 */
	public String inProcessName() {
		return this.inProcessName;
	}

	@Override
	public void start() {
		super.start();
		try {
			this.inProcess.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded engine's in-process gateway", ex);
		}
	}

	/**
	 * An engine whose gateway will listen on the given port (on the loopback address: see
	 * {@code LoopbackGrpcServerProvider}), not yet started.
	 * @param port the gateway port
	 * @param memoryLimitBytes RocksDB's memory budget (block cache and write buffers)
	 * @param keepRecordHistory whether {@link #getRecordStreamSource()} keeps every
	 * record (for tests that read the engine's history); it grows without end
	 */
	public static RocksDbStateEngine create(int port, long memoryLimitBytes, boolean keepRecordHistory) {
		Path directory;
		try {
			directory = Files.createTempDirectory("nexacrm-engine-state-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the embedded engine's state directory", ex);
		}
		ControlledActorClock clock = new ControlledActorClock();
		ActorScheduler scheduler = ActorScheduler.newActorScheduler().setActorClock(clock).build();
		scheduler.start();
		CompactingLogStorage logStorage = new CompactingLogStorage();
		LogStream log = LogStream.builder()
			.withPartitionId(PARTITION)
			.withLogStorage(logStorage)
			.withClock(clock)
			.withMeterRegistry(new SimpleMeterRegistry())
			.build();
		CommandWriter commands = new CommandWriter(log.newLogStreamWriter());
		CommandSender partitions = new CommandSender(commands);
		GatewayRequestStore requests = new GatewayRequestStore();
		InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(commands);
		GrpcToLogStreamGateway gateway = new GrpcToLogStreamGateway(commands, PARTITION, 1, port, requests,
				jobStreamer);
		Server server = ServerBuilder.forPort(port).addService(gateway).build();
		ZeebeDb<ZbColumnFamilies> state = new ZeebeRocksDbFactory<ZbColumnFamilies>(
				new RocksDbConfiguration().setMemoryLimit(memoryLimitBytes), new ConsistencyChecksSettings(),
				new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, PARTITION),
				SimpleMeterRegistry::new)
			.createDb(directory.toFile());
		SecurityConfiguration security = new SecurityConfiguration();
		security.getAuthorizations().setEnabled(false);
		Engine engine = new Engine((context) -> EngineProcessors.createEngineProcessors(context, 1,
				new SubscriptionCommandSender(context.getPartitionId(), partitions), partitions,
				FeatureFlags.createDefault(), jobStreamer, SearchClientsProxy.noop(),
				new BrokerRequestAuthorizationConverter(security)), new EngineConfiguration(), security);
		StreamProcessor processor = StreamProcessor.builder()
			.logStream(log)
			.zeebeDb(state)
			.commandResponseWriter(new GrpcResponseWriter(gateway, requests, null))
			.partitionCommandSender(partitions)
			.recordProcessors(List.of(engine))
			.actorSchedulingService(scheduler)
			.clock(new ControllableStreamClockImpl(clock))
			.meterRegistry(new SimpleMeterRegistry())
			.build();
		return new RocksDbStateEngine(server, processor, gateway, state, log, logStorage, scheduler,
				new LogRecords(log.newLogStreamReader(), keepRecordHistory), clock,
				new EngineStateMonitor(logStorage, processor), directory);
	}

	/**
	 * The engine's records not handed on yet, at most {@code max}, in log order; each is
	 * handed on once. The log then lets go of what both this reader and the engine's
	 * processor have passed.
	 */
	public List<Record<?>> poll(int max) {
		List<Record<?>> records = this.records.poll(max);
		long processed;
		try {
			processed = this.processor.getLastProcessedPositionAsync().join(5, TimeUnit.SECONDS);
		}
		catch (RuntimeException ex) {
			// stopping, or too busy to answer: compact on a later poll
			return records;
		}
		this.log.compactBelow(Math.min(processed, this.records.handedOn()));
		return records;
	}

	/** Blocks the in-memory log holds now, for tests of its compaction. */
	public int logBlocks() {
		return this.log.blockCount();
	}

	/** Blocks ever appended to the in-memory log, for tests of its compaction. */
	public long logBlocksAppended() {
		return this.log.appendedCount();
	}

	/**
	 * The engine's records, read from its log as they are appended. Each record's value
	 * is created for its own value type; zeebe-process-test's source builds one of every
	 * value type for each record, which made reading the log cost about a third of the
	 * app's CPU under load.
	 * <p>
	 * The app's record reader takes them with {@link #poll}, once each. The whole history
	 * ({@link #getRecords()}, zeebe-process-test's contract, which its assertions read)
	 * is kept only when asked for: it grows with every record, without end.
	 */
	static final class LogRecords implements RecordStreamSource {

		private final LogStreamReader reader;

		private final List<Record<?>> history;

		private final Deque<Record<?>> unpolled = new ArrayDeque<>();

		private long lastPosition = -1;

		private long handedOn = -1;

		LogRecords(LogStreamReader reader, boolean keepHistory) {
			this.reader = reader;
			this.history = keepHistory ? new ArrayList<>() : null;
		}

		synchronized List<Record<?>> poll(int max) {
			read();
			List<Record<?>> batch = new ArrayList<>(Math.min(max, this.unpolled.size()));
			while (batch.size() < max && !this.unpolled.isEmpty()) {
				Record<?> record = this.unpolled.poll();
				batch.add(record);
				this.handedOn = record.getPosition();
			}
			return batch;
		}

		/** The position of the last record handed on by {@link #poll}. */
		synchronized long handedOn() {
			return this.handedOn;
		}

		@Override
		public synchronized Iterable<Record<?>> getRecords() {
			if (this.history == null) {
				throw new IllegalStateException(
						"The embedded engine keeps no record history (nexacrm.engine.keep-record-history)");
			}
			read();
			return List.copyOf(this.history);
		}

		private void read() {
			if (this.lastPosition < 0) {
				this.reader.seekToFirstEvent();
			}
			else {
				this.reader.seekToNextEvent(this.lastPosition);
			}
			while (this.reader.hasNext()) {
				LoggedEvent event = this.reader.next();
				RecordMetadata metadata = new RecordMetadata();
				event.readMetadata(metadata);
				UnifiedRecordValue value = UnifiedRecordValue.fromValueType(metadata.getValueType());
				event.readValue(value);
				Record<?> record = new CopiedRecord<>(value, metadata, event.getKey(), PARTITION, event.getPosition(),
						event.getSourceEventPosition(), event.getTimestamp());
				this.unpolled.add(record);
				if (this.history != null) {
					this.history.add(record);
				}
				this.lastPosition = event.getPosition();
			}
		}

	}

	/** Stops the engine and deletes its state. */
	@Override
	public void stop() {
		try {
			this.inProcess.shutdownNow();
			super.stop();
		}
		finally {
			deleteStateDirectory();
		}
	}

	private void deleteStateDirectory() {
		try (Stream<Path> files = Files.walk(this.stateDirectory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete the embedded engine's state at " + this.stateDirectory, ex);
		}
	}

}
