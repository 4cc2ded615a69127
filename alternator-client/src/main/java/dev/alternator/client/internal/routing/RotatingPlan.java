package dev.alternator.client.internal.routing;

import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeHealth;
import dev.alternator.client.internal.node.NodeLoad;
import dev.alternator.client.internal.node.Plans;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;

/**
 * A round-robin plan. The rotation counter gives each plan a start node
 * ({@code counter mod n}) and a cycle number ({@code counter div n}): over one cycle
 * every node is the start once.
 * <ul>
 * <li>The first attempt goes to the start node when it is active and not demoted by
 * latency-aware routing. A demoted node takes its turn in one cycle of
 * {@link NodeLoad#DEMOTED_SHARE_DIVISOR}, a node on probation in one cycle of
 * {@link NodeHealth#PROBATION_SHARE_DIVISOR}. Otherwise the turn is handed to one of the
 * nodes with the best share present (active and not demoted; else demoted; else on
 * probation), chosen by the cycle number so that successive handed turns go round them: a
 * quarantined or slow node's share is spread evenly over all of them instead of falling
 * on its neighbour in the ring (which would carry double, and could cascade along
 * it).</li>
 * <li>When a second attempt is needed, the rest of the plan is fixed as the other active
 * nodes in rotation order, then those on probation, then the quarantined ones (postponed,
 * never dropped).</li>
 * <li>When every node is quarantined they are tried anyway, in rotation order.</li>
 * </ul>
 * The first attempt allocates nothing beyond this object when its start node has the full
 * share, and reads each node's health and demotion at most twice; the full order (one
 * {@code int[]} of the topology's size) only exists for calls that retry. Not
 * thread-safe.
 */
public final class RotatingPlan implements QueryPlan {

	private static final int FULL_SHARE = 0;

	private static final int DEMOTED = 1;

	private static final int PROBATION = 2;

	private static final int QUARANTINED = 3;

	/**
	 * Before a second attempt: the full order is only worked out for calls that retry.
	 */
	private static final int[] NO_ORDER = new int[0];

	private final Topology topology;

	private final int start;

	private final long cycle;

	private int attempt;

	private int first = -1;

	private int[] order = NO_ORDER;

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
		int rank = rank(this.topology.node(this.start));
		if (rank == FULL_SHARE) {
			return this.start;
		}
		// turns numbered per start node; the start's turns that are handed over are
		// numbered consecutively, so that they go round the receiving nodes one by one
		long turn = this.cycle + this.start;
		long handed = turn;
		if (rank != QUARANTINED) {
			int divisor = (rank == DEMOTED) ? NodeLoad.DEMOTED_SHARE_DIVISOR : NodeHealth.PROBATION_SHARE_DIVISOR;
			if (turn % divisor == 0) {
				return this.start;
			}
			handed = turn - turn / divisor - 1;
		}
		// the best rank present and how many nodes have it, without allocating
		int best = QUARANTINED;
		int count = 0;
		for (int i = 0; i < n; i++) {
			int r = rank(this.topology.node(i));
			if (r < best) {
				best = r;
				count = 1;
			}
			else if (r == best) {
				count++;
			}
		}
		if (best >= rank) {
			return this.start;
		}
		return handTo(best, (int) (handed % count), n);
	}

	/**
	 * How much of a share of first attempts a node gets: {@link #FULL_SHARE} when active
	 * and not demoted, {@link #DEMOTED} when active and demoted by latency-aware routing,
	 * {@link #PROBATION}, {@link #QUARANTINED}.
	 */
	private static int rank(Node node) {
		return switch (node.state()) {
			case ACTIVE -> node.load().isDemoted() ? DEMOTED : FULL_SHARE;
			case PROBATION -> PROBATION;
			case QUARANTINED -> QUARANTINED;
		};
	}

	/** The k-th node of the given rank after the start, in rotation order. */
	private int handTo(int wanted, int k, int n) {
		int fallback = this.start;
		for (int i = 0; i < n; i++) {
			int index = (this.start + 1 + i) % n;
			if (rank(this.topology.node(index)) == wanted) {
				if (k-- == 0) {
					return index;
				}
				fallback = index;
			}
		}
		// a node changed between the two passes: any node of that rank will do
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
