package dev.alternator.client.internal;

import java.util.concurrent.atomic.AtomicReference;

import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.NodeState;
import org.jspecify.annotations.Nullable;

/**
 * Health state machine of one node: ACTIVE or QUARANTINED.
 * <ul>
 * <li>A connection failure (refused, reset before a response, connect timeout)
 * quarantines at once.</li>
 * <li>Server errors (5xx) and timeouts count in a streak; the streak reaching the
 * policy's threshold quarantines; any success resets it.</li>
 * <li>A quarantined node is probed after a backoff that doubles per repeat (1 s, 2 s, 4 s
 * … 60 s, ±15 %); a successful probe, or a successful request, releases it. A node
 * quarantined again within one maximum backoff of its release continues the
 * doubling.</li>
 * </ul>
 * Thread-safe: the state is an immutable snapshot swapped atomically; the transition
 * caused by an observation is reported to exactly one caller.
 */
public final class NodeHealth {

	/**
	 * The transition an observation caused.
	 */
	public enum Transition {

		/**
		 * No state change.
		 */
		NONE,

		/**
		 * The node was just quarantined.
		 */
		QUARANTINED,

		/**
		 * The node was just released.
		 */
		RELEASED

	}

	/**
	 * Immutable health snapshot.
	 *
	 * @param state the state
	 * @param consecutiveFailures failures in a row since the last success
	 * @param level quarantine level (0 = first)
	 * @param nextProbeAtNanos when the next probe is due while quarantined
	 * @param releasedAtNanos when the node was last released, or {@link Long#MIN_VALUE}
	 * @param cause why the node was quarantined, {@code null} while active
	 */
	public record Snapshot(NodeState state, int consecutiveFailures, int level, long nextProbeAtNanos,
			long releasedAtNanos, @Nullable String cause) {

	}

	private static final Snapshot INITIAL = new Snapshot(NodeState.ACTIVE, 0, 0, 0, Long.MIN_VALUE, null);

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
	 * Whether the node is active.
	 * @return {@code true} when active
	 */
	public boolean isActive() {
		return this.state.get().state() == NodeState.ACTIVE;
	}

	/**
	 * Records the outcome of one attempt.
	 * @param outcome the outcome
	 * @param cause a short description of a failure (ignored for success)
	 * @param nowNanos the ticker's current value
	 * @return the transition caused
	 */
	public Transition record(AttemptOutcome outcome, String cause, long nowNanos) {
		return switch (outcome) {
			case SUCCESS -> recordSuccess("request succeeded", nowNanos);
			case CONNECTION_FAILURE -> quarantine(cause, nowNanos, true);
			case SERVER_ERROR, TIMEOUT, OTHER_FAILURE -> quarantine(cause, nowNanos, false);
		};
	}

	/**
	 * Records a health probe ({@code GET /}) result.
	 * @param healthy whether the node answered 200
	 * @param detail a description of a failure
	 * @param nowNanos the ticker's current value
	 * @return {@link Transition#RELEASED} when the probe released the node
	 */
	public Transition recordProbe(boolean healthy, String detail, long nowNanos) {
		if (healthy) {
			return recordSuccess("health probe succeeded", nowNanos);
		}
		while (true) {
			Snapshot current = this.state.get();
			if (current.state() != NodeState.QUARANTINED) {
				return Transition.NONE;
			}
			int level = this.policy.nextLevel(current.level());
			Snapshot next = new Snapshot(NodeState.QUARANTINED, current.consecutiveFailures(), level,
					nowNanos + this.policy.backoffNanos(level), current.releasedAtNanos(), current.cause());
			if (this.state.compareAndSet(current, next)) {
				return Transition.NONE;
			}
		}
	}

	private Transition recordSuccess(String reason, long nowNanos) {
		while (true) {
			Snapshot current = this.state.get();
			if (current.state() == NodeState.ACTIVE) {
				if (current.consecutiveFailures() == 0) {
					return Transition.NONE;
				}
				Snapshot next = new Snapshot(NodeState.ACTIVE, 0, current.level(), 0, current.releasedAtNanos(), null);
				if (this.state.compareAndSet(current, next)) {
					return Transition.NONE;
				}
				continue;
			}
			Snapshot next = new Snapshot(NodeState.ACTIVE, 0, current.level(), 0, nowNanos, null);
			if (this.state.compareAndSet(current, next)) {
				return Transition.RELEASED;
			}
		}
	}

	private Transition quarantine(String cause, long nowNanos, boolean immediately) {
		while (true) {
			Snapshot current = this.state.get();
			int failures = current.consecutiveFailures() + 1;
			if (current.state() == NodeState.QUARANTINED) {
				Snapshot next = new Snapshot(NodeState.QUARANTINED, failures, current.level(),
						current.nextProbeAtNanos(), current.releasedAtNanos(), current.cause());
				if (this.state.compareAndSet(current, next)) {
					return Transition.NONE;
				}
				continue;
			}
			if (!immediately && failures < this.policy.failuresBeforeQuarantine()) {
				Snapshot next = new Snapshot(NodeState.ACTIVE, failures, current.level(), 0, current.releasedAtNanos(),
						null);
				if (this.state.compareAndSet(current, next)) {
					return Transition.NONE;
				}
				continue;
			}
			boolean repeat = current.releasedAtNanos() != Long.MIN_VALUE
					&& nowNanos - current.releasedAtNanos() < this.policy.maxBackoffNanos();
			int level = repeat ? this.policy.nextLevel(current.level()) : 0;
			String reason = immediately ? cause : failures + " consecutive failures, last: " + cause;
			Snapshot next = new Snapshot(NodeState.QUARANTINED, failures, level,
					nowNanos + this.policy.backoffNanos(level), current.releasedAtNanos(), reason);
			if (this.state.compareAndSet(current, next)) {
				return Transition.QUARANTINED;
			}
		}
	}

}
