package dev.alternator.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by kind — load threads, JIT compilers, garbage
 * collector, everything else (HTTP client I/O threads, SDK executors, JVM internals) —
 * read from {@code /proc/self/task} (Linux; elsewhere every figure is 0). Splits a
 * process-CPU figure so that a window in which the JIT was still compiling is visible as
 * such rather than as a slower client. Resolution is the kernel's clock tick (10 ms).
 */
final class ThreadCpu {

	/** The kind of the load runner's request threads. */
	static final String LOAD = "load";

	/** Kinds, in reporting order. */
	static final List<String> KINDS = List.of(LOAD, "jit", "gc", "other");

	private static final Path TASKS = Path.of("/proc/self/task");

	private static final long NANOS_PER_TICK = 10_000_000L;

	private final Map<String, Long> ticksByThread;

	private ThreadCpu(Map<String, Long> ticksByThread) {
		this.ticksByThread = ticksByThread;
	}

	/** Reads every thread's CPU time now. */
	static ThreadCpu now() {
		Map<String, Long> ticks = new HashMap<>();
		if (!Files.isDirectory(TASKS)) {
			return new ThreadCpu(ticks);
		}
		try (Stream<Path> tasks = Files.list(TASKS)) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				read(task, ticks);
			}
		}
		catch (IOException ex) {
			// the platform does not expose threads: every figure stays 0
		}
		return new ThreadCpu(ticks);
	}

	private static void read(Path task, Map<String, Long> ticks) {
		try {
			String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
			// "tid (comm) state ppid ...": comm may hold spaces and parentheses
			int close = stat.lastIndexOf(')');
			String name = stat.substring(stat.indexOf('(') + 1, close);
			String[] fields = stat.substring(close + 2).split(" ");
			// after comm: state(0) ... utime(11) stime(12)
			long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			ticks.put(task.getFileName() + " " + name, used);
		}
		catch (IOException | RuntimeException ex) {
			// the thread ended while being read
		}
	}

	/**
	 * CPU nanoseconds by kind between an earlier reading and this one; threads started in
	 * between count from zero, threads that ended in between are lost.
	 */
	Map<String, Long> since(ThreadCpu earlier) {
		Map<String, Long> byKind = new LinkedHashMap<>();
		KINDS.forEach((kind) -> byKind.put(kind, 0L));
		this.ticksByThread.forEach((thread, ticks) -> {
			long delta = ticks - earlier.ticksByThread.getOrDefault(thread, 0L);
			byKind.merge(kind(thread.substring(thread.indexOf(' ') + 1)), delta * NANOS_PER_TICK, Long::sum);
		});
		return byKind;
	}

	/**
	 * CPU nanoseconds by thread group (the thread name without its trailing number)
	 * between an earlier reading and this one, largest first.
	 */
	Map<String, Long> byGroupSince(ThreadCpu earlier) {
		Map<String, Long> byGroup = new HashMap<>();
		this.ticksByThread.forEach((thread, ticks) -> {
			long delta = ticks - earlier.ticksByThread.getOrDefault(thread, 0L);
			String group = thread.substring(thread.indexOf(' ') + 1).replaceAll("[-#]?\\d+$", "");
			byGroup.merge(group, delta * NANOS_PER_TICK, Long::sum);
		});
		Map<String, Long> sorted = new LinkedHashMap<>();
		byGroup.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 0)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return sorted;
	}

	static String kind(String threadName) {
		String name = threadName.toLowerCase(Locale.ROOT);
		if (name.startsWith("load-")) {
			return LOAD;
		}
		if (name.contains("compilerthre")) {
			return "jit";
		}
		if (name.startsWith("gc ") || name.startsWith("g1 ") || name.contains("gc thread")) {
			return "gc";
		}
		return "other";
	}

}
