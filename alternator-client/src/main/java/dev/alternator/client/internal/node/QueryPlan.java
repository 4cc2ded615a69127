package dev.alternator.client.internal.node;

/**
 * The ordered nodes of one logical SDK call: attempt <i>k</i> goes to the <i>k</i>-th
 * node. When the plan is exhausted and the SDK still wants an attempt, it starts over.
 * <p>
 * Built from one topology snapshot, lazily. Not thread-safe: the attempts of one call are
 * sequential.
 */
public interface QueryPlan {

	/**
	 * The node for the next attempt.
	 * @return the node
	 */
	Node next();

}
