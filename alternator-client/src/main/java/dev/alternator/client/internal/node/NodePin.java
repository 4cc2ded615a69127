package dev.alternator.client.internal.node;

import software.amazon.awssdk.core.interceptor.ExecutionAttribute;

/**
 * Pins a call to one node: every attempt of a request carrying {@link #NODE} (as an
 * execution attribute of its override configuration) goes to that node, and nowhere else.
 * System tables are node-local — {@code system.local} and {@code system.peers} give the
 * view of the node that answers, and a paged read must continue on the node that served
 * its first page — so the library reads them through pinned calls.
 * <p>
 * Internal: applications cannot name this attribute. Stateless and thread-safe.
 */
public final class NodePin {

	/** The node every attempt of the call goes to. */
	public static final ExecutionAttribute<Node> NODE = new ExecutionAttribute<>("AlternatorPinnedNode");

	private NodePin() {
	}

	/**
	 * The plan of a pinned call: the node for every attempt, so that retries stay on it.
	 * @param node the node
	 * @return the plan
	 */
	public static QueryPlan plan(Node node) {
		return () -> node;
	}

}
