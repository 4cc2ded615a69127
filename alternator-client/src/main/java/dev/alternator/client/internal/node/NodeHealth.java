package dev.alternator.client.internal.node;

import java.util.concurrent.atomic.AtomicReference;

import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.NodeState;
import org.jspecify.annotations.Nullable;

/**
 * Health state machine of one node: ACTIVE, QUARANTINED or PROBATION.
 * <ul>
 * <li><b>ACTIVE → QUARANTINED.</b> A connection failure (refused, reset before a
 * response, connect timeout) quarantines at once. Server errors (5xx) and timeouts count
 * in a streak; the streak reaching the policy's threshold quarantines; any success resets
 * it. The quarantine starts at level 0.</li>
 * <li><b>QUARANTINED.</b> The node gets no first attempts while another node can take
 * them. Its backoff is {@code initial × 2^level} (1 s, 2 s, 4 s … 60 s, ±15 %). It is
 * probed ({@code GET /}) after that backoff, but never more than
 * {@link HealthPolicy#MAX_PROBE_INTERVAL} (3 s) apart: a probe only shows that the node
 * answers HTTP, not that its API works, so a passing probe does not make the node active,
 * it only lets real requests decide. A failed probe raises the level (the backoff
 * doubles). A successful request once the probe is due counts as a passing probe; answers
 * to attempts started before that are echoes of the fault and change nothing.</li>
 * <li><b>QUARANTINED → PROBATION</b> on a passing probe. On probation the node takes a
 * limited share of first attempts ({@value #PROBATION_SHARE_DIVISOR}× less than its share
 * of round-robin turns) and the writes whose partition key it owns.</li>
 * <li><b>PROBATION → QUARANTINED</b> on one failed request (any failure, no streak), at
 * the next level: the backoff keeps doubling while the node keeps failing, so the
 * multiplier shows how long the trouble lasts; the probe interval stays bounded. A
 * failure of an attempt started before the probation began belongs to the fault and is
 * ignored.</li>
 * <li><b>PROBATION → ACTIVE</b> after {@link HealthPolicy#PROBATION_SUCCESSES} (5)
 * consecutive successful requests and at least {@code min(backoff, 3 s)} on probation;
 * the level resets to 0. A node that flaps faster than its probation never returns to
 * full rotation, and one whose fault has ended is active again within about 3.45 s + 3 s
 * of its last fault, whatever its history.</li>
 * </ul>
 * The prober must probe a node only while it is {@linkplain #isQuarantined()
 * quarantined}, at {@link Snapshot#nextProbeAtNanos()}, and stop when it is not.
 * <p>
 * Thread-safe: the state is an immutable snapshot swapped atomically; the transition
 * caused by an observation is reported to exactly one caller. An active node's successful
 * requests allocate nothing.
 */
public final class NodeHealth {

	/**
	 * A node on probation takes its round-robin turn in one of this many rotations; the
	 * other turns go to the active nodes.
	 */
	public static final int PROBATION_SHARE_DIVISOR = 16;

	/**
	 * The transition an observation caused.
	 */
	public enum Transition {

		/**
		 * No state change.
		 */
		NONE,

		/**
		 * The node was just quarantined (from active, or again from probation): a probe
		 * is due at {@link Snapshot#nextProbeAtNanos()}.
		 */
		QUARANTINED,

		/**
		 * The quarantined node was just put on probation (a passing probe): real requests
		 * decide now.
		 */
		PROBATION,

		/**
		 * The node on probation was just released: it is active again.
		 */
		RELEASED

	}

	/**
	 * Immutable health snapshot.
	 *
	 * @param state the state
	 * @param consecutiveFailures failures in a row since the last success
	 * @param level quarantine level (0 = first); the backoff multiplier is
	 * {@code 2^level}
	 * @param backoffNanos the current quarantine's backoff (with jitter), 0 while active
	 * @param nextProbeAtNanos when the next probe is due while quarantined
	 * @param probationSinceNanos when the current probation began (meaningful on
	 * probation)
	 * @param probationSuccesses consecutive successful requests on probation
	 * @param cause why the node was quarantined, {@code null} while active
	 */
	public record Snapshot(NodeState state, int consecutiveFailures, int level, long backoffNanos,
			long nextProbeAtNanos, long probationSinceNanos, int probationSuccesses, @Nullable String cause) {

	}

	private static final Snapshot INITIAL = new Snapshot(NodeState.ACTIVE, 0, 0, 0, 0, 0, 0, null);

	private final HealthPolicy policy;

	private final AtomicReference<Snapshot> state = new AtomicReference<>(INITIAL);

	/**
	 * Creates an active node health.
	 * @param policy thresholds and backoff
	 */
	public NodeHealth(HealthPolicy policy) {
		this.policy = policy;
	}

	/**
	 * The current snapshot.
	 * @return the snapshot
	 */
	public Snapshot snapshot() {
		return this.state.get();
	}

	/**
	 * The current state.
	 * @return the state
	 */
	public NodeState state() {
		return this.state.get().state();
	}

	/**
	 * Whether the node is active (full share).
	 * @return {@code true} when active
	 */
	public boolean isActive() {
		return state() == NodeState.ACTIVE;
	}

	/**
	 * Whether the node is quarantined: only then is it probed.
	 * @return {@code true} when quarantined
	 */
	public boolean isQuarantined() {
		return state() == NodeState.QUARANTINED;
	}

	/**
	 * Records the outcome of one attempt that started now.
	 * @param outcome the outcome
	 * @param cause a short description of a failure (ignored for success)
	 * @param nowNanos the ticker's current value
	 * @return the transition caused
	 */
	public Transition record(AttemptOutcome outcome, String cause, long nowNanos) {
		return record(outcome, cause, nowNanos, nowNanos);
	}

	/**
	 * Records the outcome of one attempt.
	 * @param outcome the outcome
	 * @param cause a short description of a failure (ignored for success)
	 * @param nowNanos the ticker's current value
	 * @param startedAtNanos the ticker's value when the attempt started
	 * @return the transition caused
	 */
	public Transition record(AttemptOutcome outcome, String cause, long nowNanos, long startedAtNanos) {
		return switch (outcome) {
			case SUCCESS -> recordSuccess(nowNanos);
			case CONNECTION_FAILURE -> recordFailure(cause, nowNanos, startedAtNanos, true);
			case SERVER_ERROR, TIMEOUT, OTHER_FAILURE -> recordFailure(cause, nowNanos, startedAtNanos, false);
		};
	}

	/**
	 * Records a health probe ({@code GET /}) result. Only a quarantined node's probes
	 * count.
	 * @param healthy whether the node answered 200
	 * @param detail a description of a failure
	 * @param nowNanos the ticker's current value
	 * @return {@link Transition#PROBATION} when the probe put the node on probation
	 */
	public Transition recordProbe(boolean healthy, String detail, long nowNanos) {
		while (true) {
			Snapshot current = this.state.get();
			if (current.state() != NodeState.QUARANTINED) {
				return Transition.NONE;
			}
			if (healthy) {
				if (this.state.compareAndSet(current, probation(current, 0, nowNanos))) {
					return Transition.PROBATION;
				}
				continue;
			}
			if (this.state.compareAndSet(current, quarantined(current, current.consecutiveFailures(),
					this.policy.nextLevel(current.level()), nowNanos, current.cause()))) {
				return Transition.NONE;
			}
		}
	}

	private Transition recordSuccess(long nowNanos) {
		while (true) {
			Snapshot current = this.state.get();
			Snapshot next;
			Transition transition = Transition.NONE;
			switch (current.state()) {
				case ACTIVE -> {
					if (current.consecutiveFailures() == 0) {
						return Transition.NONE;
					}
					next = INITIAL;
				}
				case QUARANTINED -> {
					if (nowNanos < current.nextProbeAtNanos()) {
						return Transition.NONE;
					}
					next = probation(current, 1, nowNanos);
					transition = Transition.PROBATION;
				}
				default -> {
					int successes = current.probationSuccesses() + 1;
					if (successes >= this.policy.probationSuccesses() && nowNanos
							- current.probationSinceNanos() >= this.policy.probationNanos(current.level())) {
						next = INITIAL;
						transition = Transition.RELEASED;
					}
					else {
						next = new Snapshot(NodeState.PROBATION, 0, current.level(), current.backoffNanos(), 0,
								current.probationSinceNanos(), successes, current.cause());
					}
				}
			}
			if (this.state.compareAndSet(current, next)) {
				return transition;
			}
		}
	}

	private Transition recordFailure(String cause, long nowNanos, long startedAtNanos, boolean immediately) {
		while (true) {
			Snapshot current = this.state.get();
			int failures = current.consecutiveFailures() + 1;
			Snapshot next;
			Transition transition = Transition.NONE;
			switch (current.state()) {
				case QUARANTINED ->
					next = new Snapshot(NodeState.QUARANTINED, failures, current.level(), current.backoffNanos(),
							current.nextProbeAtNanos(), current.probationSinceNanos(), 0, current.cause());
				case PROBATION -> {
					if (startedAtNanos < current.probationSinceNanos()) {
						return Transition.NONE;
					}
					next = quarantined(current, failures, this.policy.nextLevel(current.level()), nowNanos,
							"failed on probation: " + cause);
					transition = Transition.QUARANTINED;
				}
				default -> {
					if (!immediately && failures < this.policy.failuresBeforeQuarantine()) {
						next = new Snapshot(NodeState.ACTIVE, failures, 0, 0, 0, 0, 0, null);
					}
					else {
						String reason = immediately ? cause : failures + " consecutive failures, last: " + cause;
						next = quarantined(current, failures, 0, nowNanos, reason);
						transition = Transition.QUARANTINED;
					}
				}
			}
			if (this.state.compareAndSet(current, next)) {
				return transition;
			}
		}
	}

	private Snapshot quarantined(Snapshot current, int failures, int level, long nowNanos, @Nullable String cause) {
		double jitter = this.policy.jitter();
		return new Snapshot(NodeState.QUARANTINED, failures, level,
				HealthPolicy.jittered(this.policy.nominalBackoffNanos(level), jitter),
				nowNanos + this.policy.probeDelayNanos(level, jitter), current.probationSinceNanos(), 0, cause);
	}

	private static Snapshot probation(Snapshot current, int successes, long nowNanos) {
		return new Snapshot(NodeState.PROBATION, 0, current.level(), current.backoffNanos(), 0, nowNanos, successes,
				current.cause());
	}

}
