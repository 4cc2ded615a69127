package dev.alternator.client;

/**
 * Health state of one node as the client sees it.
 *
 * @since 0.1.0
 */
public enum NodeState {

	/**
	 * The node receives its share of requests.
	 */
	ACTIVE,

	/**
	 * The node failed (a connection failure, or several consecutive server errors or
	 * attempt timeouts). It is placed last in every plan, so it only gets requests when
	 * every other node failed too, and is probed with {@code GET /} until it answers.
	 */
	QUARANTINED,

	/**
	 * The node was quarantined and its health probe passed; real requests decide whether
	 * it is healthy again. It receives a limited share of requests (its turn in one of
	 * sixteen rotations, and the writes whose key it owns); one failed request
	 * quarantines it again, a streak of successful ones makes it {@link #ACTIVE}.
	 * Routable: health checks count it as available.
	 */
	PROBATION

}
