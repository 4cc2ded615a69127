package dev.alternator.client.internal;

import java.util.random.RandomGenerator;

/**
 * Quarantine thresholds and backoff: quarantine after {@code failuresBeforeQuarantine}
 * consecutive server errors or timeouts (at once on a connection failure); probe after
 * {@code initial × 2^level}, capped at {@code max}, with ±15 % jitter.
 * <p>
 * Thread-safe if the random generator is (callers serialize access to it).
 *
 * @param failuresBeforeQuarantine consecutive failures that quarantine a node
 * @param initialBackoffNanos first backoff
 * @param maxBackoffNanos longest backoff
 * @param random jitter source
 */
public record HealthPolicy(int failuresBeforeQuarantine, long initialBackoffNanos, long maxBackoffNanos,
		RandomGenerator random) {

	/**
	 * Jitter applied to every backoff: ±15 %.
	 */
	public static final double JITTER = 0.15;

	private static final int MAX_LEVEL = 30;

	/**
	 * The backoff for a quarantine level, with jitter.
	 * @param level 0 for the first quarantine, +1 for each repeat
	 * @return the backoff in nanoseconds
	 */
	public long backoffNanos(int level) {
		long base = this.initialBackoffNanos;
		for (int i = 0; i < Math.min(level, MAX_LEVEL) && base < this.maxBackoffNanos; i++) {
			base = (base > Long.MAX_VALUE / 2) ? Long.MAX_VALUE : base * 2;
		}
		base = Math.min(base, this.maxBackoffNanos);
		double factor;
		synchronized (this.random) {
			factor = 1.0 + (this.random.nextDouble() * 2.0 - 1.0) * JITTER;
		}
		return Math.max(1, (long) (base * factor));
	}

	/**
	 * The next level after {@code level}, capped so backoffs stop growing at the maximum.
	 * @param level the current level
	 * @return the next level
	 */
	int nextLevel(int level) {
		return Math.min(level + 1, MAX_LEVEL);
	}

}
