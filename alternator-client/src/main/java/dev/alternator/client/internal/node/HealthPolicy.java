package dev.alternator.client.internal.node;

import java.time.Duration;
import java.util.random.RandomGenerator;

import dev.alternator.client.AlternatorConfig;

/**
 * Quarantine thresholds, backoff and probation: quarantine after
 * {@code failuresBeforeQuarantine} consecutive server errors or timeouts (at once on a
 * connection failure); the quarantine backoff is {@code initial × 2^level}, capped at
 * {@code max}, with ±15 % jitter; probes are due after that backoff but never more than
 * {@code maxProbeInterval} apart; a node on probation returns to active after
 * {@code probationSuccesses} consecutive successful requests and at least
 * {@code min(backoff, maxProbation)} on probation. See {@link NodeHealth} for the rules.
 * <p>
 * Thread-safe if the random generator is (callers serialize access to it).
 *
 * @param failuresBeforeQuarantine consecutive failures that quarantine a node
 * @param initialBackoffNanos first backoff
 * @param maxBackoffNanos longest backoff
 * @param maxProbeIntervalNanos longest time between two probes of a quarantined node
 * (before jitter)
 * @param probationSuccesses consecutive successful requests that end a probation
 * @param maxProbationNanos longest minimum time on probation
 * @param latencyHalfLifeNanos half-life of each node's answer-time estimate
 * ({@link NodeLoad})
 * @param random jitter source
 */
public record HealthPolicy(int failuresBeforeQuarantine, long initialBackoffNanos, long maxBackoffNanos,
		long maxProbeIntervalNanos, int probationSuccesses, long maxProbationNanos, long latencyHalfLifeNanos,
		RandomGenerator random) {

	/**
	 * Jitter applied to every backoff and probe interval: ±15 %.
	 */
	public static final double JITTER = 0.15;

	/**
	 * Longest time between two probes of a quarantined node, before jitter (3 s): with
	 * {@link #MAX_PROBATION} it bounds how long a node whose fault has ended stays out of
	 * full rotation (3.45 s + 3 s + the successful requests), whatever its history.
	 */
	public static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(3);

	/**
	 * Consecutive successful requests that end a probation (5), the same count of answers
	 * that quarantines an active node.
	 */
	public static final int PROBATION_SUCCESSES = 5;

	/**
	 * Longest minimum time on probation (3 s); shorter for the first quarantines (the
	 * backoff: 1 s, then 2 s). A node that fails again within it is quarantined again, so
	 * a node that flaps faster than this never returns to full rotation.
	 */
	public static final Duration MAX_PROBATION = Duration.ofSeconds(3);

	private static final int MAX_LEVEL = 30;

	/**
	 * A policy with the default probe interval bound, probation and latency half-life.
	 * @param failuresBeforeQuarantine consecutive failures that quarantine a node
	 * @param initialBackoffNanos first backoff
	 * @param maxBackoffNanos longest backoff
	 * @param random jitter source
	 */
	public HealthPolicy(int failuresBeforeQuarantine, long initialBackoffNanos, long maxBackoffNanos,
			RandomGenerator random) {
		this(failuresBeforeQuarantine, initialBackoffNanos, maxBackoffNanos,
				AlternatorConfig.DEFAULT_LATENCY_HALF_LIFE.toNanos(), random);
	}

	/**
	 * A policy with the default probe interval bound and probation.
	 * @param failuresBeforeQuarantine consecutive failures that quarantine a node
	 * @param initialBackoffNanos first backoff
	 * @param maxBackoffNanos longest backoff
	 * @param latencyHalfLifeNanos half-life of each node's answer-time estimate
	 * @param random jitter source
	 */
	public HealthPolicy(int failuresBeforeQuarantine, long initialBackoffNanos, long maxBackoffNanos,
			long latencyHalfLifeNanos, RandomGenerator random) {
		this(failuresBeforeQuarantine, initialBackoffNanos, maxBackoffNanos, MAX_PROBE_INTERVAL.toNanos(),
				PROBATION_SUCCESSES, MAX_PROBATION.toNanos(), latencyHalfLifeNanos, random);
	}

	/**
	 * The backoff for a quarantine level, without jitter.
	 * @param level 0 for the first quarantine, +1 for each repeat
	 * @return the backoff in nanoseconds
	 */
	long nominalBackoffNanos(int level) {
		long base = this.initialBackoffNanos;
		for (int i = 0; i < Math.min(level, MAX_LEVEL) && base < this.maxBackoffNanos; i++) {
			base = (base > Long.MAX_VALUE / 2) ? Long.MAX_VALUE : base * 2;
		}
		return Math.min(base, this.maxBackoffNanos);
	}

	/**
	 * A jitter factor, uniform in {@code [1 - JITTER, 1 + JITTER]}.
	 * @return the factor
	 */
	double jitter() {
		synchronized (this.random) {
			return 1.0 + (this.random.nextDouble() * 2.0 - 1.0) * JITTER;
		}
	}

	/**
	 * The backoff for a quarantine level, with jitter.
	 * @param level 0 for the first quarantine, +1 for each repeat
	 * @return the backoff in nanoseconds
	 */
	public long backoffNanos(int level) {
		return jittered(nominalBackoffNanos(level), jitter());
	}

	/**
	 * The delay before the next probe: the backoff, bounded by the longest probe
	 * interval, with the same jitter as the backoff.
	 * @param level the quarantine level
	 * @param jitter the jitter factor of this quarantine's backoff
	 * @return the delay in nanoseconds
	 */
	long probeDelayNanos(int level, double jitter) {
		return jittered(Math.min(nominalBackoffNanos(level), this.maxProbeIntervalNanos), jitter);
	}

	/**
	 * The shortest probation after a quarantine at a level.
	 * @param level the quarantine level
	 * @return the time in nanoseconds
	 */
	long probationNanos(int level) {
		return Math.min(nominalBackoffNanos(level), this.maxProbationNanos);
	}

	static long jittered(long nanos, double jitter) {
		return Math.max(1, (long) (nanos * jitter));
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
