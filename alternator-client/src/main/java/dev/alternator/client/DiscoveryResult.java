package dev.alternator.client;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one discovery cycle ({@code GET /localnodes} over the scope chain).
 *
 * @param outcome whether the cycle produced a node list
 * @param scope the scope that produced the list, or the configured scope when none did
 * @param askedHost the host whose answer was used (the last host asked when none
 * answered)
 * @param nodeCount number of nodes in the published list (0 when the cycle failed)
 * @param duration how long the cycle took
 * @param completedAt when the cycle ended
 * @param message a short description, e.g. why the cycle failed
 * @since 0.1.0
 */
public record DiscoveryResult(Outcome outcome, RoutingScope scope, @Nullable String askedHost, int nodeCount,
		Duration duration, Instant completedAt, String message) {

	/**
	 * Outcome of a discovery cycle.
	 *
	 * @since 0.1.0
	 */
	public enum Outcome {

		/**
		 * The configured scope answered with nodes.
		 */
		SUCCESS,

		/**
		 * The configured scope had no node; a broader scope answered.
		 */
		FALLBACK,

		/**
		 * No scope answered with nodes; the previous list is kept.
		 */
		FAILED

	}

}
