package dev.alternator.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTests {

	@Test
	void threadsAreSortedIntoLoadJitGcAndOtherByTheirKernelNames() {
		assertThat(ThreadCpu.kind("load-17")).isEqualTo("load");
		assertThat(ThreadCpu.kind("C2 CompilerThre")).isEqualTo("jit");
		assertThat(ThreadCpu.kind("C1 CompilerThre")).isEqualTo("jit");
		assertThat(ThreadCpu.kind("GC Thread#1")).isEqualTo("gc");
		assertThat(ThreadCpu.kind("G1 Conc#0")).isEqualTo("gc");
		assertThat(ThreadCpu.kind("aws-java-sdk-Ne")).isEqualTo("other");
		assertThat(ThreadCpu.kind("alternator-1-ev")).isEqualTo("other");
	}

	@Test
	void aWindowReportsEveryKindAndNoNegativeTime() {
		ThreadCpu before = ThreadCpu.now();
		long sink = 0;
		for (int i = 0; i < 5_000_000; i++) {
			sink += Long.numberOfTrailingZeros(i * 31L + sink);
		}
		Map<String, Long> byKind = ThreadCpu.now().since(before);
		assertThat(byKind).containsOnlyKeys(ThreadCpu.KINDS);
		assertThat(byKind.values()).allSatisfy((nanos) -> assertThat(nanos).isNotNegative());
		assertThat(sink).isNotNegative();
	}

}
