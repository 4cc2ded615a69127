package dev.alternator.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

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
	@EnabledOnOs(OS.LINUX)
	void cpuSpentByThisThreadIsCountedUnderItsKind() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		ThreadCpu before = ThreadCpu.now();
		long spinUntil = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(200);
		long sink = 0;
		while (threads.getCurrentThreadCpuTime() < spinUntil) {
			sink += Long.numberOfTrailingZeros(sink * 31 + 7);
		}
		Map<String, Long> byKind = ThreadCpu.now().since(before);
		assertThat(byKind).containsOnlyKeys(ThreadCpu.KINDS);
		assertThat(byKind.values()).allSatisfy((nanos) -> assertThat(nanos).isNotNegative());
		// the test thread is neither a load, JIT nor GC thread; /proc counts in 10 ms
		// ticks
		assertThat(byKind.get(ThreadCpu.kind(Thread.currentThread().getName())))
			.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
		assertThat(sink).isNotNegative();
	}

}
