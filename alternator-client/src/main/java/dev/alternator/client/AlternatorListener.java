package dev.alternator.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Receives events from a node directory: membership, health, scope changes, discovery
 * cycles and per-attempt outcomes.
 * <p>
 * <b>Contract.</b> Events are delivered on one dedicated event thread, in the order they
 * happened, never on a request thread: a slow or failing listener delays other listeners
 * but never a request, and changes no request's outcome. Implementations should still be
 * fast and should not throw; an exception is logged and the event is otherwise ignored.
 * When a listener falls far behind, the oldest undelivered events are dropped and counted
 * ({@code alternator} logger, WARN). Every method has an empty default.
 *
 * @since 0.1.0
 */
public interface AlternatorListener {

	/**
	 * A node joined the routing list.
	 * @param node the node
	 */
	default void nodeAdded(NodeStatus node) {
	}

	/**
	 * A node left the routing list.
	 * @param node the node as last seen
	 */
	default void nodeRemoved(NodeStatus node) {
	}

	/**
	 * A node was quarantined.
	 * @param node the node
	 * @param cause why, e.g. {@code connection refused} or
	 * {@code 5 consecutive server errors}
	 */
	default void nodeQuarantined(NodeStatus node, String cause) {
	}

	/**
	 * A quarantined node is active again.
	 * @param node the node
	 * @param reason why, e.g. {@code health probe succeeded}
	 */
	default void nodeReleased(NodeStatus node, String reason) {
	}

	/**
	 * Discovery switched to another routing scope (a fallback, or the return to the
	 * configured scope).
	 * @param previous the previous scope, or {@code null} at the first discovery
	 * @param current the new scope
	 */
	default void activeScopeChanged(@Nullable RoutingScope previous, RoutingScope current) {
	}

	/**
	 * A discovery cycle ended.
	 * @param result its outcome
	 */
	default void discoveryCompleted(DiscoveryResult result) {
	}

	/**
	 * One HTTP attempt to a node ended.
	 * @param address the node's address
	 * @param outcome how it ended
	 * @param duration how long it took
	 */
	default void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
	}

	/**
	 * A write qualified for key affinity (see {@link KeyAffinityMode}): a hit when it was
	 * routed to its key's node, a miss when it was not (partition key unknown yet,
	 * unsupported key type, no node list). Never called when key affinity is off.
	 * @param table the table name
	 * @param hit whether the key's node was used
	 */
	default void keyAffinity(String table, boolean hit) {
	}

}
