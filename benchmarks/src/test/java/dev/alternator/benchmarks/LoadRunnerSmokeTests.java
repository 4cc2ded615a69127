package dev.alternator.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of the load runner against an instant-mode cluster process: every client
 * and fault scenario produces its line. Measures nothing; the runner itself is run by
 * hand.
 */
@Timeout(180)
class LoadRunnerSmokeTests {

	@Test
	void shortRunPrintsOneLinePerClientAndScenario() throws Exception {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			LoadRunner.main(new String[] { "--runs", "1", "--duration", "PT1S", "--warmup", "PT0.5S", "--jit-warmup",
					"PT0.5S", "--threads", "2", "--cpu-threads", "true", "--scenarios", "throughput,kill,add" });
		}
		finally {
			System.setOut(original);
		}
		String output = captured.toString(StandardCharsets.UTF_8);
		original.print(output);
		assertThat(output).contains("warm-up plain", "run 1 plain", "run 1 sync", "run 1 async", "summary sync",
				"cpu by thread group", "fault kill", "fault add : node 127.0.0.4, first request after");
		assertThat(output)
			.containsPattern("summary sync +: .*; vs plain: throughput x[0-9.]+ \\(quartiles [0-9.]+-[0-9.]+, "
					+ "min-max [0-9.]+-[0-9.]+\\), cpu/req x[0-9.]+ .*, load threads x");
		assertThat(output).containsPattern("summary async +: .*; vs plain: .*cpu/req x[0-9.]+ \\([^)]*\\)\\R");
		assertThat(output).doesNotContain("first request after neverms");
		assertThat(output).containsPattern("fault kill: requests=\\d+, failed=0");
		assertThat(output).containsPattern("(?m)^run-info,\\d{4}-\\d{2}-\\d{2}T[^,]+Z,\\d+,[^,]+$");
		assertThat(output).containsPattern("(?m)^cpu-round,1,sync,[0-9.]+,[0-9.]+$");
		assertThat(output).containsPattern("(?m)^kill-timeline,sync,-3000,\\d+,0,[0-9.]+$");
		assertThat(output).containsPattern("(?m)^kill-timeline,plain-at-killed-node,4750,\\d+,\\d+,[0-9.]+$");
		assertThat(output).contains("fault kill plain-at-killed-node: requests=");
		// what the runner prints is what the charts read
		RunnerOutput parsed = RunnerOutput.parse(output.lines().toList());
		assertThat(parsed.cpu()).hasSize(3);
		assertThat(parsed.faults()).extracting(RunnerOutput.FaultPoint::client)
			.containsOnly("sync", "plain-at-killed-node")
			.hasSize(64);
	}

	@Test
	void replicaScenarioCountsRequestsThatReachedAReplicaWithReplicaAwareRoutingOnAndOff() throws Exception {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			LoadRunner.main(new String[] { "--nodes", "6", "--runs", "2", "--duration", "PT1S", "--warmup", "PT0.5S",
					"--jit-warmup", "PT1S", "--threads", "2", "--scenarios", "replica" });
		}
		finally {
			System.setOut(original);
		}
		String output = captured.toString(StandardCharsets.UTF_8);
		original.print(output);
		assertThat(output).contains("run 1 sync-replica", "run 2 sync-no-replica",
				"summary replica on/off: throughput x");
		// six nodes, RF 3: a replica every time with it, about half the time without
		assertThat(hitPercent(output, "on")).isGreaterThan(97);
		assertThat(hitPercent(output, "off")).isBetween(30.0, 70.0);
	}

	private static double hitPercent(String output, String mode) {
		Matcher matcher = Pattern.compile("summary replica " + mode + " *: at a replica median ([0-9.]+)%")
			.matcher(output);
		assertThat(matcher.find()).as("summary replica " + mode).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@Test
	void quartilesInterpolateBetweenTheClosestRanks() {
		double[] sorted = { 1, 2, 3, 4 };
		assertThat(LoadRunner.quantile(sorted, 0.25)).isEqualTo(1.75);
		assertThat(LoadRunner.quantile(sorted, 0.5)).isEqualTo(2.5);
		assertThat(LoadRunner.quantile(sorted, 1)).isEqualTo(4);
		assertThat(LoadRunner.quantile(new double[] { 7 }, 0.75)).isEqualTo(7);
	}

}
