package dev.alternator.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TimelineTests {

	private static final long MS = 1_000_000;

	@Test
	void callsAreCountedInTheBucketTheyStartedIn() {
		// (start offset, latency, failed) triples of two callers, unordered
		Timeline.Calls calls = Timeline.Calls.of(List.of(new long[] { 0, 5 * MS, 0, 240 * MS, 30 * MS, 0 },
				new long[] { 260 * MS, 100 * MS, 1, 10 * MS, 1 * MS, 0, 499 * MS, 2 * MS, 0 }), 250 * MS, 2);
		assertThat(calls.size()).isEqualTo(5);
		assertThat(calls.failures()).isEqualTo(1);
		Timeline.Window first = calls.bucket(0);
		assertThat(first.calls()).isEqualTo(3);
		assertThat(first.ok()).isEqualTo(3);
		assertThat(first.sortedLatencies()).containsExactly(1 * MS, 5 * MS, 30 * MS);
		assertThat(first.percentileMillis(50)).isEqualTo(5.0);
		assertThat(first.percentileMillis(99)).isEqualTo(30.0);
		Timeline.Window second = calls.bucket(1);
		assertThat(second.calls()).isEqualTo(2);
		assertThat(second.failures()).isEqualTo(1);
		assertThat(second.ok()).isEqualTo(1);
	}

	@Test
	void windowBoundsIncludeItsStartAndExcludeItsEnd() {
		Timeline.Calls calls = Timeline.Calls.of(List.of(new long[] { 100, 1, 0, 200, 2, 0, 300, 3, 1 }), 100, 3);
		assertThat(calls.window(100, 300).sortedLatencies()).containsExactly(1, 2);
		assertThat(calls.window(200, Long.MAX_VALUE).failures()).isEqualTo(1);
		assertThat(calls.window(301, 400).calls()).isZero();
		assertThat(calls.window(301, 400).percentileMillis(99)).isZero();
	}

	@Test
	@Timeout(30)
	void actionRunsAtTheEndOfEveryBucketInOrderAndFailedCallsAreCounted() throws Exception {
		List<Integer> ends = new ArrayList<>();
		AtomicInteger made = new AtomicInteger();
		Timeline.Calls calls = new Timeline(Duration.ofMillis(20), 3).run("timeline-test-", 2, 0, (random) -> {
			if (made.incrementAndGet() % 2 == 0) {
				throw new IllegalStateException("failed call");
			}
			Thread.onSpinWait();
		}, ends::add);
		assertThat(ends).containsExactly(0, 1, 2);
		assertThat(calls.size()).isEqualTo(made.get());
		assertThat(calls.failures()).isEqualTo(made.get() / 2);
		assertThat(calls.buckets()).isEqualTo(3);
	}

	@Test
	void timelineNeedsAPositiveBucket() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new Timeline(Duration.ZERO, 3));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new Timeline(Duration.ofMillis(250), 0));
	}

}
