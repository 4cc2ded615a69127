package dev.alternator.benchmarks;

import java.time.Duration;
import java.util.Arrays;

/**
 * Latencies of one thread (or lane): a growable array, merged and sorted once at the end.
 * Not thread-safe.
 */
final class Latencies {

	private long[] values = new long[1 << 14];

	private int size;

	void add(long nanos) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.values[this.size++] = nanos;
	}

	int size() {
		return this.size;
	}

	static long[] merge(Iterable<Latencies> all) {
		int total = 0;
		for (Latencies latencies : all) {
			total += latencies.size;
		}
		long[] merged = new long[total];
		int at = 0;
		for (Latencies latencies : all) {
			System.arraycopy(latencies.values, 0, merged, at, latencies.size);
			at += latencies.size;
		}
		Arrays.sort(merged);
		return merged;
	}

	static Duration percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Duration.ZERO;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * percentile / 100.0) - 1);
		return Duration.ofNanos(sorted[Math.max(0, index)]);
	}

}
