package dev.alternator.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CSV lines of a saved load runner output (see {@link LoadRunner}); every other line
 * is skipped. Immutable.
 *
 * @param dates the days the runs started ({@code run-info} lines), in order of appearance
 * @param faults the {@code kill-timeline} and {@code hang-timeline} points
 * @param slow the {@code slow-timeline} points
 * @param cpu the {@code cpu-round} points
 */
record RunnerOutput(List<String> dates, List<FaultPoint> faults, List<SlowPoint> slow, List<CpuRound> cpu) {

	RunnerOutput {
		dates = List.copyOf(dates);
		faults = List.copyOf(faults);
		slow = List.copyOf(slow);
		cpu = List.copyOf(cpu);
	}

	/**
	 * One bucket of a fault timeline: the calls started in it.
	 *
	 * @param scenario {@code kill} or {@code hang}
	 * @param client {@code sync} or {@code plain-at-killed-node}
	 * @param millisFromFault start of the bucket, from the fault
	 * @param ok calls that succeeded
	 * @param failed calls that failed
	 * @param p99Millis 99th percentile of their latency
	 */
	record FaultPoint(String scenario, String client, long millisFromFault, long ok, long failed, double p99Millis) {
	}

	/**
	 * One bucket of a slow-node timeline.
	 *
	 * @param loadBalancing {@code LATENCY_AWARE} or {@code ROUND_ROBIN}
	 * @param round the round of that load balancing, from 0
	 * @param millisFromSlowdown start of the bucket, from the slowdown
	 * @param share the slow node's share of the attempts completed in the bucket, 0 to 1
	 * @param p50Millis median latency of the calls started in it
	 * @param p99Millis their 99th percentile
	 * @param calls how many calls started in it
	 */
	record SlowPoint(String loadBalancing, int round, long millisFromSlowdown, double share, double p50Millis,
			double p99Millis, long calls) {
	}

	/**
	 * One client's measured window of a throughput round.
	 *
	 * @param round the round, from 1
	 * @param client the client's name in the runner
	 * @param cpuMicrosPerRequest the measuring JVM's CPU per request
	 * @param callsPerSecond throughput
	 */
	record CpuRound(int round, String client, double cpuMicrosPerRequest, double callsPerSecond) {
	}

	/**
	 * Reads the CSV lines of saved outputs together, in the order given.
	 * @throws IllegalArgumentException naming the line when a CSV line is malformed
	 */
	static RunnerOutput read(List<Path> files) throws IOException {
		List<String> lines = new ArrayList<>();
		for (Path file : files) {
			lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
		}
		return parse(lines);
	}

	/**
	 * Parses the CSV lines among {@code lines}.
	 * @throws IllegalArgumentException naming the line when a CSV line of a known kind
	 * has the wrong number of fields or a field that is not a number
	 */
	static RunnerOutput parse(List<String> lines) {
		Set<String> dates = new LinkedHashSet<>();
		List<FaultPoint> faults = new ArrayList<>();
		List<SlowPoint> slow = new ArrayList<>();
		List<CpuRound> cpu = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			String kind = line.contains(",") ? line.substring(0, line.indexOf(',')) : "";
			try {
				switch (kind) {
					case "run-info" -> dates.add(fields(line, 4)[1].substring(0, 10));
					case "kill-timeline", "hang-timeline" -> {
						String[] f = fields(line, 6);
						faults.add(new FaultPoint(kind.substring(0, kind.indexOf('-')), f[1], Long.parseLong(f[2]),
								Long.parseLong(f[3]), Long.parseLong(f[4]), Double.parseDouble(f[5])));
					}
					case "slow-timeline" -> {
						String[] f = fields(line, 7);
						String[] name = f[1].split("#", 2);
						slow.add(new SlowPoint(name[0], (name.length > 1) ? Integer.parseInt(name[1]) : 0,
								Long.parseLong(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
								Double.parseDouble(f[5]), Long.parseLong(f[6])));
					}
					case "cpu-round" -> {
						String[] f = fields(line, 5);
						cpu.add(new CpuRound(Integer.parseInt(f[1]), f[2], Double.parseDouble(f[3]),
								Double.parseDouble(f[4])));
					}
					default -> {
						// a readable line of the runner, not data
					}
				}
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException(
						String.format(Locale.ROOT, "line %d is not a valid %s line: %s", i + 1, kind, line), ex);
			}
		}
		return new RunnerOutput(List.copyOf(dates), faults, slow, cpu);
	}

	private static String[] fields(String line, int count) {
		String[] fields = line.split(",", -1);
		if (fields.length != count) {
			throw new IllegalArgumentException(count + " fields expected, found " + fields.length);
		}
		return fields;
	}

	/** The days of the runs, for titles; "undated" when no run said when it started. */
	String dateText() {
		return this.dates.isEmpty() ? "undated" : String.join(", ", this.dates);
	}

}
