package dev.alternator.client.internal.node;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.alternator.client.RoutingScope;

/**
 * An immutable snapshot of the routing list: the nodes discovery listed for the active
 * scope, sorted by their canonical endpoint (the cross-language order), plus the scope.
 * <p>
 * Immutable and thread-safe (the nodes' health is not part of the snapshot).
 */
public final class Topology {

	private final Node[] nodes;

	private final RoutingScope scope;

	private final long version;

	private final boolean fromSeeds;

	/**
	 * Creates a snapshot.
	 * @param nodes the nodes, deduplicated, any order
	 * @param scope the scope that listed them
	 * @param version increasing version number
	 * @param fromSeeds whether the list is the seed list (discovery never succeeded)
	 */
	public Topology(List<Node> nodes, RoutingScope scope, long version, boolean fromSeeds) {
		Node[] sorted = nodes.toArray(new Node[0]);
		Arrays.sort(sorted, Comparator.comparing(Node::canonical));
		this.nodes = sorted;
		this.scope = scope;
		this.version = version;
		this.fromSeeds = fromSeeds;
	}

	/**
	 * Number of nodes.
	 * @return the size
	 */
	public int size() {
		return this.nodes.length;
	}

	/**
	 * The node at a canonical position.
	 * @param index the position
	 * @return the node
	 */
	public Node node(int index) {
		return this.nodes[index];
	}

	/**
	 * The nodes in canonical order.
	 * @return an unmodifiable list
	 */
	public List<Node> nodes() {
		return List.of(this.nodes);
	}

	/**
	 * The scope that listed these nodes.
	 * @return the scope
	 */
	public RoutingScope scope() {
		return this.scope;
	}

	/**
	 * The snapshot version.
	 * @return the version
	 */
	public long version() {
		return this.version;
	}

	/**
	 * Whether this is the seed list, used until discovery first succeeds.
	 * @return whether from seeds
	 */
	public boolean fromSeeds() {
		return this.fromSeeds;
	}

}
