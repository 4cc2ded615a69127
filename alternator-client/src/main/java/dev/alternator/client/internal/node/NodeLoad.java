package dev.alternator.client.internal.node;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How loaded one node looks from this client: the attempts in flight to it and a
 * peak-EWMA estimate of its answer time.
 * <p>
 * The estimate jumps at once to the lesser of the last two answer times when that is
 * above it: a node that turns slow is seen on its second slow answer, while a single late
 * answer (a pause of the client's own JVM, a cold connection) does not make a node look
 * slow. Otherwise it moves towards each new answer time with a weight that depends on the
 * time since the previous one, {@code 1 - 2^(-Δt / halfLife)}, so that it follows time,
 * not the request rate; a faster answer weighs at least {@value #FAST_ANSWER_WEIGHT}, so
 * that a burst of fast answers brings it down quickly. It starts at the second answer.
 * Read without new answers, it decays towards zero with the same half-life: a node that
 * stopped getting traffic because it looked slow soon looks fast enough to be tried
 * again. A failed attempt counts as an answer time of at least
 * {@link #FAILURE_PENALTY_NANOS}: failing fast never makes a node look fast.
 * <p>
 * The {@linkplain #expectedWaitNanos expected wait} of a new request, {@code estimate ×
 * (in flight + 1)}, combines both signals: a node that answers slowly and a node that has
 * many requests waiting both score high.
 * <p>
 * Thread-safe: the in-flight count is atomic, the estimate is guarded by this object's
 * lock (held for a few arithmetic operations); nothing is allocated.
 */
public final class NodeLoad {

	/**
	 * Least answer time recorded for a failed attempt (250 ms): a node that answers
	 * errors looks slow, however quickly the errors come.
	 */
	public static final long FAILURE_PENALTY_NANOS = 250_000_000L;

	/**
	 * A demoted node takes its round-robin turn in one of this many rotations (64): with
	 * three nodes about 0.5 % of the calls, enough answers to see its recovery within a
	 * second at hundreds of calls per second, few enough to stay out of the callers' 99th
	 * percentile.
	 */
	public static final int DEMOTED_SHARE_DIVISOR = 64;

	/**
	 * Least weight of an answer faster than the estimate (1/16): sixteen fast answers
	 * bring the estimate down by about two thirds of its distance to them, however
	 * quickly they come.
	 */
	static final double FAST_ANSWER_WEIGHT = 1.0 / 16;

	private final double decayPerNano;

	private final AtomicInteger inFlight = new AtomicInteger();

	private double estimateNanos;

	private long stampNanos;

	private double previousSample = -1;

	private volatile boolean demoted;

	/**
	 * Creates the load state of one node.
	 * @param halfLifeNanos the half-life of the estimate, &gt; 0
	 */
	public NodeLoad(long halfLifeNanos) {
		this.decayPerNano = Math.log(2) / halfLifeNanos;
	}

	/**
	 * An attempt to the node starts.
	 */
	public void started() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * An attempt started with {@link #started()} ended, whatever its outcome; called
	 * exactly once per start.
	 */
	public void ended() {
		this.inFlight.decrementAndGet();
	}

	/**
	 * Attempts in flight.
	 * @return the count
	 */
	public int inFlight() {
		return Math.max(0, this.inFlight.get());
	}

	/**
	 * Records an answer time.
	 * @param nanos how long the attempt took
	 * @param failed whether the attempt failed (its time counts as at least
	 * {@link #FAILURE_PENALTY_NANOS})
	 * @param nowNanos the ticker's value now
	 */
	public void observe(long nanos, boolean failed, long nowNanos) {
		double sample = failed ? Math.max(nanos, FAILURE_PENALTY_NANOS) : Math.max(nanos, 0);
		synchronized (this) {
			if (this.previousSample >= 0) {
				double peak = Math.min(sample, this.previousSample);
				if (peak > this.estimateNanos) {
					this.estimateNanos = peak;
				}
				else {
					double keep = Math.exp(-Math.max(0, nowNanos - this.stampNanos) * this.decayPerNano);
					if (sample < this.estimateNanos) {
						// a faster answer also counts by itself: a node that is fast
						// again
						// is seen within a few answers, even at a high request rate
						keep = Math.min(keep, 1 - FAST_ANSWER_WEIGHT);
					}
					this.estimateNanos = this.estimateNanos * keep + sample * (1 - keep);
				}
				this.stampNanos = nowNanos;
			}
			this.previousSample = sample;
		}
	}

	/**
	 * The answer-time estimate, decayed to now.
	 * @param nowNanos the ticker's value now
	 * @return the estimate in nanoseconds; 0 before the second answer
	 */
	public double estimateNanos(long nowNanos) {
		double estimate;
		long stamp;
		synchronized (this) {
			estimate = this.estimateNanos;
			stamp = this.stampNanos;
		}
		long age = nowNanos - stamp;
		return (age <= 0) ? estimate : estimate * Math.exp(-age * this.decayPerNano);
	}

	/**
	 * How long a new request can expect to wait: the estimate times the attempts in
	 * flight plus one.
	 * @param nowNanos the ticker's value now
	 * @return the expected wait in nanoseconds
	 */
	public double expectedWaitNanos(long nowNanos) {
		return estimateNanos(nowNanos) * (inFlight() + 1);
	}

	/**
	 * Whether latency-aware routing currently gives the node only a probing share of
	 * first attempts.
	 * @return whether demoted
	 */
	public boolean isDemoted() {
		return this.demoted;
	}

	/**
	 * Sets whether the node is demoted.
	 * @param demoted whether demoted
	 * @return whether this changed the flag
	 */
	public boolean demote(boolean demoted) {
		if (this.demoted == demoted) {
			return false;
		}
		this.demoted = demoted;
		return true;
	}

}
