package dev.alternator.client;

/**
 * How the first node of each call's plan is chosen among the routable nodes of the active
 * scope. Whatever the choice, retries go on through the rest of the plan, failing nodes
 * are quarantined, and writes routed by key affinity keep their key's node.
 *
 * @since 0.1.0
 */
public enum LoadBalancing {

	/**
	 * Strict round-robin over the active nodes: every node gets an equal share whatever
	 * its answer times.
	 */
	ROUND_ROBIN,

	/**
	 * Round-robin that sheds load from slow nodes (the default): a node on which a new
	 * request is expected to wait clearly longer than on a typical node of the scope (its
	 * answer-time estimate times its requests in flight, at least
	 * {@link AlternatorConfig#slowNodeRatio()} times a typical node's and
	 * {@link AlternatorConfig#slowNodeMinExcess()} more) is demoted: it keeps one in
	 * sixty-four of its round-robin turns (about 0.5 % of the calls with three nodes), so
	 * that its recovery is seen, and its other turns go round the other active nodes. It
	 * gets its full share back as soon as its answers are fast again. At most half of the
	 * active nodes are demoted at a time, so a cluster-wide slowdown never piles the load
	 * onto a few nodes. Equal nodes get the same even spread as {@link #ROUND_ROBIN}.
	 */
	LATENCY_AWARE

}
