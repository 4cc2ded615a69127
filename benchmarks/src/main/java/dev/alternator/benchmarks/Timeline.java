package dev.alternator.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Closed-loop callers for a fixed time cut into equal buckets, recording for every call
 * when it started, how long it took and whether it failed; an action runs at the end of
 * each bucket (a fault injected or cleared, counters sampled). The fault scenarios of the
 * load runner print their per-bucket timelines from what it records. A timeline may be
 * run several times, one run at a time; the recorded {@link Calls} are immutable.
 */
final class Timeline {

	/**
	 * How long after the last bucket the callers may take to finish their last calls (a
	 * hung node's calls end with their attempt timeouts and retries).
	 */
	private static final Duration STOP_WITHIN = Duration.ofSeconds(90);

	private final long bucketNanos;

	private final int buckets;

	Timeline(Duration bucket, int buckets) {
		if (bucket.isNegative() || bucket.isZero() || buckets < 1) {
			throw new IllegalArgumentException("need a positive bucket and at least one: " + bucket + " x " + buckets);
		}
		this.bucketNanos = bucket.toNanos();
		this.buckets = buckets;
	}

	/** What runs at the end of a bucket, on the thread that runs the timeline. */
	@FunctionalInterface
	interface BucketAction {

		void atEndOf(int bucket) throws Exception;

	}

	/**
	 * Runs {@code threads} callers, each making {@code call} in a loop with a random
	 * seeded from {@code seed} and its index, until the last bucket ends; runs
	 * {@code action} at the end of every bucket; returns once every caller has finished
	 * its last call. A call that throws a {@link RuntimeException} counts as failed.
	 * @throws IllegalStateException if the callers do not stop within 90 s of the end
	 */
	Calls run(String threadName, int threads, int seed, Consumer<SplittableRandom> call, BucketAction action)
			throws Exception {
		long start = System.nanoTime();
		long end = start + this.buckets * this.bucketNanos;
		List<long[]> recorded = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			SplittableRandom random = new SplittableRandom(seed + t);
			Thread thread = new Thread(() -> {
				// triples of (start offset, latency, 1 if failed) in nanoseconds
				long[] mine = new long[3 << 14];
				int count = 0;
				try {
					long startedAt = System.nanoTime();
					while (startedAt < end) {
						boolean failed = false;
						try {
							call.accept(random);
						}
						catch (RuntimeException ex) {
							failed = true;
						}
						long now = System.nanoTime();
						if (count + 3 > mine.length) {
							mine = Arrays.copyOf(mine, mine.length * 2);
						}
						mine[count++] = startedAt - start;
						mine[count++] = now - startedAt;
						mine[count++] = failed ? 1 : 0;
						startedAt = now;
					}
				}
				finally {
					recorded.add(Arrays.copyOf(mine, count));
					done.countDown();
				}
			}, threadName + t);
			thread.setDaemon(true);
			thread.start();
		}
		for (int b = 0; b < this.buckets; b++) {
			long wait = start + (b + 1) * this.bucketNanos - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			action.atEndOf(b);
		}
		if (!done.await(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
			throw new IllegalStateException("load did not stop");
		}
		return Calls.of(recorded, this.bucketNanos, this.buckets);
	}

	/**
	 * The calls of one run, ordered by their start. Immutable.
	 */
	static final class Calls {

		private final long[] startOffsets;

		private final long[] latencies;

		private final boolean[] failed;

		private final long bucketNanos;

		private final int buckets;

		private Calls(long[] startOffsets, long[] latencies, boolean[] failed, long bucketNanos, int buckets) {
			this.startOffsets = startOffsets;
			this.latencies = latencies;
			this.failed = failed;
			this.bucketNanos = bucketNanos;
			this.buckets = buckets;
		}

		/**
		 * The calls recorded as triples of (start offset from the run's start, latency, 1
		 * if failed) in nanoseconds.
		 */
		static Calls of(List<long[]> triples, long bucketNanos, int buckets) {
			int size = triples.stream().mapToInt((values) -> values.length / 3).sum();
			long[][] calls = new long[size][];
			int at = 0;
			for (long[] values : triples) {
				for (int i = 0; i + 2 < values.length; i += 3) {
					calls[at++] = new long[] { values[i], values[i + 1], values[i + 2] };
				}
			}
			Arrays.sort(calls, (a, b) -> Long.compare(a[0], b[0]));
			long[] startOffsets = new long[size];
			long[] latencies = new long[size];
			boolean[] failed = new boolean[size];
			for (int i = 0; i < size; i++) {
				startOffsets[i] = calls[i][0];
				latencies[i] = calls[i][1];
				failed[i] = calls[i][2] != 0;
			}
			return new Calls(startOffsets, latencies, failed, bucketNanos, buckets);
		}

		int buckets() {
			return this.buckets;
		}

		long bucketNanos() {
			return this.bucketNanos;
		}

		int size() {
			return this.startOffsets.length;
		}

		long failures() {
			return window(Long.MIN_VALUE, Long.MAX_VALUE).failures();
		}

		/** The calls started in a bucket. */
		Window bucket(int bucket) {
			return window(bucket * this.bucketNanos, (bucket + 1) * this.bucketNanos);
		}

		/**
		 * The calls started from {@code fromNanos} (included) until {@code untilNanos}.
		 */
		Window window(long fromNanos, long untilNanos) {
			int from = firstAtOrAfter(fromNanos);
			int until = firstAtOrAfter(untilNanos);
			long[] sorted = Arrays.copyOfRange(this.latencies, from, Math.max(from, until));
			Arrays.sort(sorted);
			long failures = 0;
			for (int i = from; i < until; i++) {
				failures += this.failed[i] ? 1 : 0;
			}
			return new Window(sorted, failures);
		}

		private int firstAtOrAfter(long offset) {
			int low = 0;
			int high = this.startOffsets.length;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (this.startOffsets[middle] < offset) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			return low;
		}

	}

	/**
	 * The calls started in a window: their sorted latencies in nanoseconds and how many
	 * failed.
	 */
	record Window(long[] sortedLatencies, long failures) {

		int calls() {
			return this.sortedLatencies.length;
		}

		long ok() {
			return calls() - this.failures;
		}

		double percentileMillis(double percentile) {
			return Latencies.percentile(this.sortedLatencies, percentile).toNanos() / 1e6;
		}

	}

}
