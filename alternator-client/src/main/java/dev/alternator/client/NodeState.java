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
	QUARANTINED

}
