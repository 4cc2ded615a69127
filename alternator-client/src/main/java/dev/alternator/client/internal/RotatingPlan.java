package dev.alternator.client.internal;

/**
 * A round-robin plan: the first node is the active node at or after the rotation start;
 * when a second attempt is needed, the rest of the plan is fixed as the other active
 * nodes in rotation order followed by the quarantined ones (postponed, never dropped).
 * When every node is quarantined they are tried anyway, in rotation order.
 * <p>
 * The first attempt allocates nothing beyond this object; the full order (one
 * {@code int[]} of the topology's size) only exists for calls that retry. Not
 * thread-safe.
 */
final class RotatingPlan implements QueryPlan {

	private final Topology topology;

	private final int start;

	private int attempt;

	private int first = -1;

	private int[] order = new int[0];

	RotatingPlan(Topology topology, int start) {
		this.topology = topology;
		this.start = start;
	}

	@Override
	public Node next() {
		int n = this.topology.size();
		int k = this.attempt++;
		if (k == 0) {
			this.first = firstActive(n);
			return this.topology.node(this.first);
		}
		if (this.order.length == 0) {
			this.order = materialize(n);
		}
		return this.topology.node(this.order[k % n]);
	}

	private int firstActive(int n) {
		for (int i = 0; i < n; i++) {
			int index = (this.start + i) % n;
			if (this.topology.node(index).isActive()) {
				return index;
			}
		}
		return this.start % n;
	}

	/** The rest of the plan after the first node: {@link Plans#postponeQuarantined}. */
	private int[] materialize(int n) {
		int[] rotation = new int[n];
		for (int i = 0; i < n; i++) {
			rotation[i] = (this.start + i) % n;
		}
		return Plans.postponeQuarantined(this.topology, rotation, this.first);
	}

}
