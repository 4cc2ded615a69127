package dev.alternator.client.internal.affinity;

import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.Plans;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;

/**
 * The plan of a single-item write routed by its partition key: the seeded pick-and-remove
 * order ({@link SeededPlan}, seed = the key hash) over the topology's canonical node
 * list, with nodes on probation and then quarantined nodes postponed to the end without
 * otherwise changing the order. So while the key's node is active or on probation,
 * attempt 1 goes to the key's node — the node the other Alternator clients choose for the
 * same node list; when that node is quarantined it goes to the next node of the same
 * seeded order (deterministic fallback), and every other key keeps its node.
 * <p>
 * The first attempt computes only the first index ({@link SeededPlan#first(int, long)})
 * when that node is routable; the full order (one {@code int[]} of the topology's size)
 * exists only for calls that retry or whose key's node is quarantined. Not thread-safe:
 * the attempts of one call are sequential.
 */
final class SeededKeyPlan implements QueryPlan {

	private final Topology topology;

	private final long hash;

	private int attempt;

	private int first = -1;

	private int[] order = new int[0];

	SeededKeyPlan(Topology topology, long hash) {
		this.topology = topology;
		this.hash = hash;
	}

	/**
	 * The key's node (first of the seeded order), whatever its health.
	 * @return the index in canonical order
	 */
	int preferred() {
		return SeededPlan.first(this.topology.size(), this.hash);
	}

	@Override
	public Node next() {
		int n = this.topology.size();
		int k = this.attempt++;
		if (k == 0) {
			int preferred = preferred();
			// a node on probation keeps its keys: the key-to-node rule holds while the
			// node is routable
			if (!this.topology.node(preferred).health().isQuarantined()) {
				this.first = preferred;
				return this.topology.node(preferred);
			}
		}
		if (this.order.length == 0) {
			this.order = Plans.postponeQuarantined(this.topology, SeededPlan.order(n, this.hash), this.first);
		}
		return this.topology.node(this.order[k % n]);
	}

}
