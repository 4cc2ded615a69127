package dev.alternator.benchmarks;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RunnerOutputTests {

	@Test
	void csvLinesOfEveryKindAreReadAndReadableLinesSkipped() throws Exception {
		RunnerOutput output = RunnerOutput.read(List.of(sample()));
		assertThat(output.dates()).containsExactly("2026-12-05");
		assertThat(output.cpu()).hasSize(9);
		assertThat(output.faults()).filteredOn((point) -> point.scenario().equals("kill")).hasSize(16);
		assertThat(output.faults()).filteredOn((point) -> point.scenario().equals("hang")).hasSize(6);
		assertThat(output.slow()).hasSize(36);
	}

	@Test
	void killTimelineLineKeepsClientOffsetCountsAndP99() {
		RunnerOutput output = RunnerOutput
			.parse(List.of("kill-timeline,plain-at-killed-node,-250,2412,3,41.50", "kill-timeline,sync,0,2300,0,8.25"));
		assertThat(output.faults()).containsExactly(
				new RunnerOutput.FaultPoint("kill", "plain-at-killed-node", -250, 2412, 3, 41.5),
				new RunnerOutput.FaultPoint("kill", "sync", 0, 2300, 0, 8.25));
	}

	@Test
	void slowTimelineNameSplitsIntoLoadBalancingAndRound() {
		RunnerOutput output = RunnerOutput.parse(List.of("slow-timeline,ROUND_ROBIN#1,750,0.3312,0.51,167.70,80"));
		assertThat(output.slow())
			.containsExactly(new RunnerOutput.SlowPoint("ROUND_ROBIN", 1, 750, 0.3312, 0.51, 167.7, 80));
	}

	@Test
	void cpuRoundLineKeepsRoundClientCpuAndThroughput() {
		RunnerOutput output = RunnerOutput.parse(List.of("  cpu-round,12,plain-async-rr,204.75,6308.4  "));
		assertThat(output.cpu()).containsExactly(new RunnerOutput.CpuRound(12, "plain-async-rr", 204.75, 6308.4));
	}

	@Test
	void malformedCsvLineIsReportedWithItsNumberAndKind() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> RunnerOutput.parse(List.of("load runner {}", "cpu-round,1,sync,fast,9000")))
			.withMessageContaining("line 2")
			.withMessageContaining("cpu-round");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> RunnerOutput.parse(List.of("kill-timeline,sync,0,1,2")))
			.withMessageContaining("line 1");
	}

	@Test
	void outputWithoutRunInfoIsUndatedAndSeveralRunsListTheirDays() {
		assertThat(RunnerOutput.parse(List.of("cpu-round,1,sync,120.00,9000.0")).dateText()).isEqualTo("undated");
		assertThat(RunnerOutput.parse(List.of("run-info,2026-12-05T23:59:00Z,2,17.0.15",
				"run-info,2026-12-06T00:10:00Z,2,17.0.15", "run-info,2026-12-06T00:20:00Z,2,17.0.15"))
			.dateText()).isEqualTo("2026-12-05, 2026-12-06");
	}

	static Path sample() throws Exception {
		return Path.of(RunnerOutputTests.class.getResource("/load-runner-sample.txt").toURI());
	}

}
