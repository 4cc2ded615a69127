package dev.alternator.client.internal.replica;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeHealth;
import dev.alternator.client.internal.node.NodeLoad;
import dev.alternator.client.internal.node.Plans;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;
import dev.alternator.client.internal.placement.ClusterNode;
import org.jspecify.annotations.Nullable;

/**
 * The plan of a call whose key's replicas are known: it starts at a replica.
 * <ul>
 * <li>Candidates are the key's replicas that are in the routing list (so in the active
 * scope); with a rack scope those of the scope's rack come first.</li>
 * <li>Candidates are ranked as the round-robin plan ranks nodes — active, then demoted by
 * latency-aware routing, then on probation; quarantined replicas never take a first
 * attempt. Calls rotate over the usable candidates of the scope's rack (all usable
 * candidates when there is no rack scope, or none of the rack's is usable), so the
 * replicas of a key share its load: an active replica takes its turn; a demoted one, or
 * one on probation, takes one turn in {@link NodeLoad#DEMOTED_SHARE_DIVISOR} or
 * {@link NodeHealth#PROBATION_SHARE_DIVISOR} (as in the round-robin plan, enough answers
 * to see it recover) and gives its other turns to the best candidates in turn — active
 * ones, of the scope's rack first.</li>
 * <li>When no candidate is active, the best ones keep only that small share; the other
 * calls, and every call whose replicas are all quarantined or outside the list, get no
 * replica plan ({@link #of} returns {@code null}: the call routes as without
 * replica-aware routing).</li>
 * <li>When a second attempt is needed, the rest of the plan is fixed: the other
 * candidates, then every other node in rotation order, active ones first, then those on
 * probation, then the quarantined ones ({@link Plans#postponeQuarantined}). No node comes
 * twice before every node came once.</li>
 * </ul>
 * The first attempt allocates only this object: the candidates are worked out in a
 * per-thread scratch array and kept packed in a {@code long} (up to four, the usual case;
 * more are copied to an {@code int[]}); the full order (one {@code int[]} of the
 * topology's size) only exists for calls that retry. Not thread-safe: the attempts of one
 * call are sequential.
 */
final class ReplicaPlan implements QueryPlan {

	private static final int FULL_SHARE = 0;

	private static final int DEMOTED = 1;

	private static final int PROBATION = 2;

	private static final int QUARANTINED = 3;

	/** Candidates packed in a {@code long}: up to this many, each below 2^16. */
	private static final int PACKED_MAX = 4;

	private static final int PACKED_BITS = 16;

	private static final int PACKED_MASK = (1 << PACKED_BITS) - 1;

	/** Where {@link #of} works out the candidates: it runs on the caller's thread. */
	private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[8]);

	private final Topology topology;

	private final long packed;

	private final int @Nullable [] spilled;

	private final int count;

	private final int first;

	private final int counter;

	private int attempt;

	private int @Nullable [] order;

	private ReplicaPlan(Topology topology, int[] candidates, int count, int first, int counter) {
		this.topology = topology;
		long bits = 0;
		boolean fits = count <= PACKED_MAX;
		for (int i = 0; i < count && fits; i++) {
			fits = candidates[i] <= PACKED_MASK;
			bits |= ((long) candidates[i]) << (PACKED_BITS * i);
		}
		this.packed = fits ? bits : 0;
		this.spilled = fits ? null : Arrays.copyOf(candidates, count);
		this.count = count;
		this.first = first;
		this.counter = counter;
	}

	/**
	 * The plan of a call to a key, if a replica should take its first attempt.
	 * @param topology the routing list the call uses
	 * @param replicas the key's replicas (any datacenter)
	 * @param indexByHostId the position in {@code topology} of each listed node, by host
	 * id
	 * @param scopeRack the rack of the active scope, or {@code null}
	 * @param counter the rotation counter's value for this call
	 * @return the plan, or {@code null} when no replica should take the first attempt
	 */
	static @Nullable ReplicaPlan of(Topology topology, List<ClusterNode> replicas, Map<UUID, Integer> indexByHostId,
			@Nullable String scopeRack, int counter) {
		int size = replicas.size();
		if (size == 0) {
			return null;
		}
		int[] candidates = SCRATCH.get();
		if (candidates.length < size) {
			candidates = new int[Math.max(size, candidates.length * 2)];
			SCRATCH.set(candidates);
		}
		int count = 0;
		int local = 0;
		if (scopeRack != null) {
			for (int i = 0; i < size; i++) {
				ClusterNode replica = replicas.get(i);
				if (scopeRack.equals(replica.rack())) {
					count = add(candidates, count, indexByHostId.get(replica.hostId()));
				}
			}
			local = count;
			for (int i = 0; i < size; i++) {
				ClusterNode replica = replicas.get(i);
				if (!scopeRack.equals(replica.rack())) {
					count = add(candidates, count, indexByHostId.get(replica.hostId()));
				}
			}
		}
		else {
			for (int i = 0; i < size; i++) {
				count = add(candidates, count, indexByHostId.get(replicas.get(i).hostId()));
			}
			local = count;
		}
		if (count == 0) {
			return null;
		}
		// the best class present — rank first, then the scope's rack — and its size
		int best = Integer.MAX_VALUE;
		int inBest = 0;
		for (int i = 0; i < count; i++) {
			int candidateClass = classOf(topology.node(candidates[i]), i < local);
			if (candidateClass < best) {
				best = candidateClass;
				inBest = 1;
			}
			else if (candidateClass == best) {
				inBest++;
			}
		}
		int bestRank = best / 2;
		if (bestRank == QUARANTINED) {
			return null;
		}
		long unsigned = Integer.toUnsignedLong(counter);
		if (bestRank != FULL_SHARE) {
			// no replica takes a full share: the rare turns of the best ones, and the
			// other calls route as without replica-aware routing
			int divisor = (bestRank == DEMOTED) ? NodeLoad.DEMOTED_SHARE_DIVISOR : NodeHealth.PROBATION_SHARE_DIVISOR;
			if ((unsigned / inBest) % divisor != 0) {
				return null;
			}
			return new ReplicaPlan(topology, candidates, count,
					nth(topology, candidates, count, local, best, (int) (unsigned % inBest)), counter);
		}
		// Calls rotate over the usable replicas of the preferred racks (the scope's rack
		// when one of its replicas is usable, otherwise all): a full-share replica takes
		// its turn; a demoted one, or one on probation, takes one turn in its divisor, as
		// in the round-robin plan (so that it can show it recovered), and gives the
		// others to the best replicas in turn.
		boolean rackFirst = false;
		for (int i = 0; i < local && scopeRack != null; i++) {
			rackFirst |= rank(topology.node(candidates[i])) != QUARANTINED;
		}
		int groupEnd = rackFirst ? local : count;
		int usable = 0;
		for (int i = 0; i < groupEnd; i++) {
			if (rank(topology.node(candidates[i])) != QUARANTINED) {
				usable++;
			}
		}
		int turn = (int) (unsigned % usable);
		int chosen = -1;
		for (int i = 0; i < groupEnd; i++) {
			if (rank(topology.node(candidates[i])) != QUARANTINED && turn-- == 0) {
				chosen = i;
				break;
			}
		}
		int chosenRank = rank(topology.node(candidates[chosen]));
		if (chosenRank != FULL_SHARE) {
			int divisor = (chosenRank == DEMOTED) ? NodeLoad.DEMOTED_SHARE_DIVISOR : NodeHealth.PROBATION_SHARE_DIVISOR;
			long rotation = unsigned / usable;
			if (rotation % divisor != 0) {
				// the turns given away so far, in turn to the best: even over them
				long givenAway = rotation - rotation / divisor - 1;
				chosen = nth(topology, candidates, count, local, best, (int) (givenAway % inBest));
			}
		}
		return new ReplicaPlan(topology, candidates, count, chosen, counter);
	}

	/** The position of the {@code n}-th candidate of a class. */
	private static int nth(Topology topology, int[] candidates, int count, int local, int candidateClass, int n) {
		int first = 0;
		for (int i = 0; i < count; i++) {
			if (classOf(topology.node(candidates[i]), i < local) == candidateClass) {
				first = i;
				if (n-- == 0) {
					break;
				}
			}
		}
		return first;
	}

	private static int add(int[] candidates, int count, @Nullable Integer index) {
		if (index == null) {
			return count;
		}
		for (int i = 0; i < count; i++) {
			if (candidates[i] == index) {
				return count;
			}
		}
		candidates[count] = index;
		return count + 1;
	}

	/** Rank times two, plus one outside the scope's rack: lower is better. */
	private static int classOf(Node node, boolean inRack) {
		return rank(node) * 2 + (inRack ? 0 : 1);
	}

	/** The share of first attempts a node gets, as the round-robin plan ranks it. */
	private static int rank(Node node) {
		return switch (node.state()) {
			case ACTIVE -> node.load().isDemoted() ? DEMOTED : FULL_SHARE;
			case PROBATION -> PROBATION;
			case QUARANTINED -> QUARANTINED;
		};
	}

	/**
	 * The replica that takes the first attempt.
	 * @return the node
	 */
	Node firstReplica() {
		return this.topology.node(candidate(this.first));
	}

	/** The topology index of the {@code i}-th candidate. */
	private int candidate(int i) {
		int[] spill = this.spilled;
		return (spill != null) ? spill[i] : (int) ((this.packed >>> (PACKED_BITS * i)) & PACKED_MASK);
	}

	@Override
	public Node next() {
		int k = this.attempt++;
		if (k == 0) {
			return firstReplica();
		}
		int[] fixed = this.order;
		if (fixed == null) {
			fixed = materialize();
			this.order = fixed;
		}
		return this.topology.node(fixed[k % fixed.length]);
	}

	private int[] materialize() {
		int n = this.topology.size();
		int[] sequence = new int[n];
		boolean[] seen = new boolean[n];
		int position = 0;
		int firstIndex = candidate(this.first);
		sequence[position++] = firstIndex;
		seen[firstIndex] = true;
		for (int i = 0; i < this.count; i++) {
			int index = candidate(i);
			if (!seen[index]) {
				sequence[position++] = index;
				seen[index] = true;
			}
		}
		int start = (int) (Integer.toUnsignedLong(this.counter) % n);
		for (int i = 0; i < n; i++) {
			int index = (start + i) % n;
			if (!seen[index]) {
				sequence[position++] = index;
			}
		}
		return Plans.postponeQuarantined(this.topology, sequence, firstIndex);
	}

}
