package dev.alternator.client.internal.node;

/**
 * Order helpers shared by the query plans. Stateless and thread-safe.
 */
public final class Plans {

	private Plans() {
	}

	/**
	 * Orders nodes by health: the active nodes first, then those on probation, then the
	 * quarantined ones, keeping the relative order within each group; when every node is
	 * quarantined the order is unchanged. An index that already served the first attempt
	 * stays first. Each node's health is read once, so a concurrent health change cannot
	 * duplicate or lose an index.
	 * @param topology the snapshot the indices refer to
	 * @param order a permutation of the topology's indices; not modified
	 * @param fixedFirst the index that already served attempt 1, or {@code -1}
	 * @return a new permutation
	 */
	public static int[] postponeQuarantined(Topology topology, int[] order, int fixedFirst) {
		int n = order.length;
		int[] result = new int[n];
		int[] later = new int[n];
		int position = 0;
		if (fixedFirst >= 0) {
			result[position++] = fixedFirst;
		}
		int probation = 0;
		int quarantined = n;
		for (int index : order) {
			if (index == fixedFirst) {
				continue;
			}
			switch (topology.node(index).state()) {
				case ACTIVE -> result[position++] = index;
				case PROBATION -> later[probation++] = index;
				// filled from the end, reversed below to keep their relative order
				default -> later[--quarantined] = index;
			}
		}
		System.arraycopy(later, 0, result, position, probation);
		position += probation;
		for (int i = n - 1; i >= quarantined; i--) {
			result[position++] = later[i];
		}
		return result;
	}

}
