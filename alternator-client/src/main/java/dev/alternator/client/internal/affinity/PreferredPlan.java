package dev.alternator.client.internal.affinity;

import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.Plans;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;

/**
 * The plan of a {@code BatchWriteItem} routed by vote (each item's key votes for its
 * node, as the other-language clients do): the nodes that received votes, by vote count
 * descending and canonical order on ties, then every other node in canonical order;
 * quarantined nodes are postponed to the end, keeping that order. When no voted node is
 * routable, the routable unvoted nodes start at a point chosen by the batch's keys, so
 * the batches of a quarantined node spread over all the others instead of all landing on
 * the first one. Built eagerly (batches are rare and carry many keys). Not thread-safe:
 * the attempts of one call are sequential.
 */
final class PreferredPlan implements QueryPlan {

	private final Topology topology;

	private final int[] order;

	private int attempt;

	/**
	 * Creates the plan.
	 * @param topology the snapshot the votes refer to
	 * @param votes votes per canonical index (length = topology size), at least one
	 * positive
	 * @param seed derived from the batch's keys, the same whatever their order
	 */
	PreferredPlan(Topology topology, int[] votes, long seed) {
		this.topology = topology;
		int[] order = Plans.postponeQuarantined(topology, votedOrder(votes), -1);
		spreadUnvoted(topology, order, votes, seed);
		this.order = order;
	}

	/**
	 * When the plan starts with an unvoted node (no voted node is routable), rotates the
	 * leading run of routable unvoted nodes by the seed.
	 */
	private static void spreadUnvoted(Topology topology, int[] order, int[] votes, long seed) {
		int run = 0;
		while (run < order.length && votes[order[run]] == 0 && topology.node(order[run]).isActive()) {
			run++;
		}
		if (run < 2) {
			return;
		}
		int shift = (int) Math.floorMod(seed, (long) run);
		int[] rotated = new int[run];
		for (int i = 0; i < run; i++) {
			rotated[i] = order[(i + shift) % run];
		}
		System.arraycopy(rotated, 0, order, 0, run);
	}

	/**
	 * Voted indices by count descending, ties by index (= canonical string) ascending,
	 * then the unvoted indices ascending.
	 * @param votes votes per index
	 * @return the order
	 */
	static int[] votedOrder(int[] votes) {
		int n = votes.length;
		int[] order = new int[n];
		int position = 0;
		boolean[] taken = new boolean[n];
		while (true) {
			int best = -1;
			for (int i = 0; i < n; i++) {
				if (!taken[i] && votes[i] > 0 && (best < 0 || votes[i] > votes[best])) {
					best = i;
				}
			}
			if (best < 0) {
				break;
			}
			taken[best] = true;
			order[position++] = best;
		}
		for (int i = 0; i < n; i++) {
			if (!taken[i]) {
				order[position++] = i;
			}
		}
		return order;
	}

	/**
	 * The order, in canonical indices (tests).
	 * @return a copy of the order
	 */
	int[] order() {
		return this.order.clone();
	}

	@Override
	public Node next() {
		return this.topology.node(this.order[this.attempt++ % this.order.length]);
	}

}
