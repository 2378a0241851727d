package com.nexacrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the embedded engine's threads spent a round, from Linux's scheduler statistics
 * ({@code /proc/self/task/<tid>/schedstat}): time on a core, and time runnable but
 * waiting for one. With the app's workers and PostgreSQL on the same two cores, the
 * second tells how much of an app round the engine lost to them; the machine's idle share
 * (from {@code /proc/stat}) tells whether the cores were full. Empty where {@code /proc}
 * has no such files.
 */
record EngineThreadClock(long runNanos, long waitNanos, long machineTicks, long idleTicks) {

	/** The engine's actor threads, named by Zeebe's actor scheduler. */
	private static final String ENGINE_THREADS = "zb-actors-";

	static Optional<EngineThreadClock> now() {
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			long run = 0;
			long wait = 0;
			for (Path task : tasks.toList()) {
				String name;
				List<String> stat;
				try {
					name = Files.readString(task.resolve("comm")).strip();
					if (!name.startsWith(ENGINE_THREADS)) {
						continue;
					}
					stat = List.of(Files.readString(task.resolve("schedstat")).strip().split(" "));
				}
				catch (IOException ex) {
					// the thread ended while listed
					continue;
				}
				run += Long.parseLong(stat.get(0));
				wait += Long.parseLong(stat.get(1));
			}
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long ticks = 0;
			for (int i = 1; i < cpu.length; i++) {
				ticks += Long.parseLong(cpu[i]);
			}
			// idle and iowait
			long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
			return Optional.of(new EngineThreadClock(run, wait, ticks, idle));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The round from {@code start} to this, for {@code leads} leads over {@code seconds}:
	 * the engine's CPU per lead, its share of the round spent waiting for a core, and the
	 * machine's idle share.
	 */
	String since(EngineThreadClock start, int leads, double seconds) {
		double cpuPerLead = (this.runNanos - start.runNanos) / 1e6 / leads;
		double waiting = (this.waitNanos - start.waitNanos) / 1e9 / seconds;
		long ticks = this.machineTicks - start.machineTicks;
		double idle = (ticks > 0) ? (double) (this.idleTicks - start.idleTicks) / ticks : 0;
		return "engine %.2f ms CPU per lead, waiting for a core %.0f%% of the round; machine %.0f%% idle"
			.formatted(cpuPerLead, 100 * waiting, 100 * idle);
	}

}
