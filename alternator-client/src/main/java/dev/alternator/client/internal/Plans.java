package dev.alternator.client.internal;

/**
 * Order helpers shared by the query plans. Stateless and thread-safe.
 */
final class Plans {

	private Plans() {
	}

	/**
	 * Moves quarantined nodes to the end of an order, keeping the relative order of the
	 * active nodes and of the quarantined ones; when every node is quarantined the order
	 * is unchanged. An index that already served the first attempt stays first. Each
	 * node's health is read once, so a concurrent health change cannot duplicate or lose
	 * an index.
	 * @param topology the snapshot the indices refer to
	 * @param order a permutation of the topology's indices; not modified
	 * @param fixedFirst the index that already served attempt 1, or {@code -1}
	 * @return a new permutation
	 */
	static int[] postponeQuarantined(Topology topology, int[] order, int fixedFirst) {
		int n = order.length;
		int[] result = new int[n];
		int position = 0;
		if (fixedFirst >= 0) {
			result[position++] = fixedFirst;
		}
		int quarantined = n;
		for (int index : order) {
			if (index == fixedFirst) {
				continue;
			}
			if (topology.node(index).isActive()) {
				result[position++] = index;
			}
			else {
				// filled from the end, reversed below to keep their relative order
				result[--quarantined] = index;
			}
		}
		for (int lo = quarantined, hi = n - 1; lo < hi; lo++, hi--) {
			int swap = result[lo];
			result[lo] = result[hi];
			result[hi] = swap;
		}
		return result;
	}

}
