package dev.alternator.client.internal.routing;

import dev.alternator.client.NodeState;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeHealth;
import dev.alternator.client.internal.node.Plans;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;

/**
 * A round-robin plan. The rotation counter gives each plan a start node
 * ({@code counter mod n}) and a cycle number ({@code counter div n}): over one cycle
 * every node is the start once.
 * <ul>
 * <li>The first attempt goes to the start node when it is active. A node on probation
 * takes its turn in one cycle of {@link NodeHealth#PROBATION_SHARE_DIVISOR}. Otherwise
 * the turn is handed to one of the active nodes, chosen by the cycle number so that
 * successive handed turns go round the active nodes: a quarantined node's share is spread
 * evenly over all of them instead of falling on its neighbour in the ring (which would
 * carry double, and could cascade along it). Without an active node the turn goes to a
 * node on probation the same way.</li>
 * <li>When a second attempt is needed, the rest of the plan is fixed as the other active
 * nodes in rotation order, then those on probation, then the quarantined ones (postponed,
 * never dropped).</li>
 * <li>When every node is quarantined they are tried anyway, in rotation order.</li>
 * </ul>
 * The first attempt allocates nothing beyond this object and reads each node's health at
 * most twice; the full order (one {@code int[]} of the topology's size) only exists for
 * calls that retry. Not thread-safe.
 */
public final class RotatingPlan implements QueryPlan {

	private final Topology topology;

	private final int start;

	private final long cycle;

	private int attempt;

	private int first = -1;

	private int[] order = new int[0];

	/**
	 * Creates a plan.
	 * @param topology the snapshot
	 * @param counter the rotation counter's value for this plan (any int; read as
	 * unsigned so that it wraps without a jump in the middle of a cycle)
	 */
	public RotatingPlan(Topology topology, int counter) {
		this.topology = topology;
		int n = Math.max(1, topology.size());
		long unsigned = Integer.toUnsignedLong(counter);
		this.start = (int) (unsigned % n);
		this.cycle = unsigned / n;
	}

	@Override
	public Node next() {
		int n = this.topology.size();
		int k = this.attempt++;
		if (k == 0) {
			this.first = firstNode(n);
			return this.topology.node(this.first);
		}
		if (this.order.length == 0) {
			this.order = materialize(n);
		}
		return this.topology.node(this.order[k % n]);
	}

	private int firstNode(int n) {
		NodeState state = this.topology.node(this.start).state();
		if (state == NodeState.ACTIVE) {
			return this.start;
		}
		// turns numbered per start node; the start's turns that are handed over are
		// numbered consecutively, so that they go round the receiving nodes one by one
		long turn = this.cycle + this.start;
		long handed = turn;
		if (state == NodeState.PROBATION) {
			if (turn % NodeHealth.PROBATION_SHARE_DIVISOR == 0) {
				return this.start;
			}
			handed = turn - turn / NodeHealth.PROBATION_SHARE_DIVISOR - 1;
		}
		int active = 0;
		int probation = 0;
		for (int i = 0; i < n; i++) {
			switch (this.topology.node(i).state()) {
				case ACTIVE -> active++;
				case PROBATION -> probation++;
				default -> {
				}
			}
		}
		if (active > 0) {
			return handTo(NodeState.ACTIVE, (int) (handed % active), n);
		}
		if (state == NodeState.PROBATION || probation == 0) {
			return this.start;
		}
		return handTo(NodeState.PROBATION, (int) (handed % probation), n);
	}

	/** The k-th node in the given state after the start, in rotation order. */
	private int handTo(NodeState wanted, int k, int n) {
		int fallback = this.start;
		for (int i = 0; i < n; i++) {
			int index = (this.start + 1 + i) % n;
			if (this.topology.node(index).state() == wanted) {
				if (k-- == 0) {
					return index;
				}
				fallback = index;
			}
		}
		// health changed between the two passes: any node in that state will do
		return fallback;
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
