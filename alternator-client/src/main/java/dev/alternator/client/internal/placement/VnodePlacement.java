package dev.alternator.client.internal.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replica placement of a vnode table: the token ring of every node's tokens with the
 * keyspace's replication strategy applied to each ring range.
 * <p>
 * A token belongs to the range ending at the first ring token {@code >=} it (wrapping
 * past the largest ring token to the smallest); that range's replicas are found by
 * walking the ring clockwise from there:
 * <ul>
 * <li>{@code NetworkTopologyStrategy}: per datacenter with a replication factor
 * {@code rf > 0} and at least one node, take up to {@code min(rf, nodes in the DC)}
 * distinct nodes; a node in a rack not yet used is always taken, a node in a used rack
 * only while fewer than {@code rf - racks in the DC} such repeats were taken. A
 * datacenter the strategy does not name, or names with 0, holds no replica.</li>
 * <li>{@code SimpleStrategy}: the first {@code min(rf, nodes)} distinct nodes.</li>
 * </ul>
 * The replicas of every range are computed when the placement is built, so a lookup is a
 * binary search. Memory: a token and a reference per ring token
 * ({@link ClusterTopology#MAX_TOKENS} at most) and one immutable replica list per
 * distinct replica set, shared between the ranges that have it: a few dozen lists for a
 * small cluster, at worst one per ring token (about 60 bytes each with RF 3, some 15 MB
 * at the token bound). Building walks the ring once per range; build once per topology
 * and strategy, not per table.
 * <p>
 * Immutable and thread-safe.
 */
public final class VnodePlacement implements ReplicaPlacement {

	private final ReplicationStrategy strategy;

	private final long[] ringTokens;

	private final List<List<ClusterNode>> rangeReplicas;

	private VnodePlacement(ReplicationStrategy strategy, long[] ringTokens, List<List<ClusterNode>> rangeReplicas) {
		this.strategy = strategy;
		this.ringTokens = ringTokens;
		this.rangeReplicas = List.copyOf(rangeReplicas);
	}

	/**
	 * Build the placement of a keyspace.
	 * @param topology the cluster's token-owning nodes
	 * @param strategy the keyspace's replication
	 * @return the placement
	 * @throws IllegalArgumentException when the strategy is not
	 * {@linkplain ReplicationStrategy#isSupported() supported}
	 */
	public static VnodePlacement of(ClusterTopology topology, ReplicationStrategy strategy) {
		if (!strategy.isSupported()) {
			throw new IllegalArgumentException("unsupported replication strategy " + strategy.className());
		}
		Ring ring = new Ring(topology.nodes());
		List<List<ClusterNode>> rangeReplicas = new ArrayList<>(ring.size());
		Map<List<ClusterNode>, List<ClusterNode>> shared = new HashMap<>();
		RingWalk walk = (strategy.kind() == ReplicationStrategy.Kind.SIMPLE)
				? new SimpleWalk(ring, strategy.replicationFactor(ReplicationStrategy.REPLICATION_FACTOR))
				: new NetworkTopologyWalk(ring, strategy);
		for (int start = 0; start < ring.size(); start++) {
			List<ClusterNode> replicas = List.copyOf(walk.replicasFrom(start));
			rangeReplicas.add(shared.computeIfAbsent(replicas, (key) -> key));
		}
		return new VnodePlacement(strategy, ring.tokens, rangeReplicas);
	}

	@Override
	public Kind kind() {
		return Kind.VNODES;
	}

	@Override
	public List<ClusterNode> replicas(long token) {
		if (this.ringTokens.length == 0) {
			return List.of();
		}
		int index = Arrays.binarySearch(this.ringTokens, token);
		if (index < 0) {
			index = -index - 1;
			if (index == this.ringTokens.length) {
				index = 0;
			}
		}
		return this.rangeReplicas.get(index);
	}

	/**
	 * The strategy this placement applies.
	 * @return the replication strategy
	 */
	public ReplicationStrategy strategy() {
		return this.strategy;
	}

	/**
	 * The number of ring ranges (all nodes' tokens).
	 * @return the ring size
	 */
	public int ringSize() {
		return this.ringTokens.length;
	}

	@Override
	public String toString() {
		return "vnodes (" + this.ringTokens.length + " ring tokens, " + this.strategy.className() + " "
				+ this.strategy.replicationFactors() + ")";
	}

	/**
	 * Every (token, node) pair of the cluster, sorted by token, with per-node datacenter
	 * and rack indexes for the walks.
	 */
	private static final class Ring {

		final List<ClusterNode> nodes;

		final long[] tokens;

		final int[] owners;

		final int[] nodeDatacenter;

		final int[] nodeRack;

		final List<String> datacenters = new ArrayList<>();

		final int[] racksPerDatacenter;

		final int[] nodesPerDatacenter;

		final int rackCount;

		Ring(List<ClusterNode> nodes) {
			this.nodes = nodes;
			int size = 0;
			for (ClusterNode node : nodes) {
				size += node.tokenCount();
			}
			this.tokens = new long[size];
			int next = 0;
			for (ClusterNode node : nodes) {
				for (int t = 0; t < node.tokenCount(); t++) {
					this.tokens[next++] = node.token(t);
				}
			}
			Arrays.sort(this.tokens);
			this.owners = new int[size];
			Arrays.fill(this.owners, -1);
			for (int n = 0; n < nodes.size(); n++) {
				ClusterNode node = nodes.get(n);
				for (int t = 0; t < node.tokenCount(); t++) {
					// the first slot of this token not yet owned: two nodes claiming one
					// token
					// (an inconsistent view) both stay on the ring, the first node first
					int slot = Arrays.binarySearch(this.tokens, node.token(t));
					while (slot > 0 && this.tokens[slot - 1] == node.token(t)) {
						slot--;
					}
					while (this.owners[slot] != -1) {
						slot++;
					}
					this.owners[slot] = n;
				}
			}
			Map<String, Integer> datacenterIndex = new HashMap<>();
			Map<List<String>, Integer> rackIndex = new HashMap<>();
			this.nodeDatacenter = new int[nodes.size()];
			this.nodeRack = new int[nodes.size()];
			List<Integer> racks = new ArrayList<>();
			List<Integer> counts = new ArrayList<>();
			for (int n = 0; n < nodes.size(); n++) {
				ClusterNode node = nodes.get(n);
				int dc = datacenterIndex.computeIfAbsent(node.datacenter(), (name) -> {
					this.datacenters.add(name);
					racks.add(0);
					counts.add(0);
					return this.datacenters.size() - 1;
				});
				int rackCountBefore = rackIndex.size();
				this.nodeRack[n] = rackIndex.computeIfAbsent(List.of(node.datacenter(), node.rack()),
						(key) -> rackCountBefore);
				if (rackIndex.size() > rackCountBefore) {
					racks.set(dc, racks.get(dc) + 1);
				}
				counts.set(dc, counts.get(dc) + 1);
				this.nodeDatacenter[n] = dc;
			}
			this.rackCount = rackIndex.size();
			this.racksPerDatacenter = racks.stream().mapToInt(Integer::intValue).toArray();
			this.nodesPerDatacenter = counts.stream().mapToInt(Integer::intValue).toArray();
		}

		int size() {
			return this.tokens.length;
		}

	}

	/**
	 * The replica choice of one strategy, reusing its scratch state between ranges.
	 */
	private interface RingWalk {

		List<ClusterNode> replicasFrom(int start);

	}

	/**
	 * {@code SimpleStrategy}: the first distinct nodes clockwise.
	 */
	private static final class SimpleWalk implements RingWalk {

		private final Ring ring;

		private final int wanted;

		/** Per node: the walk that took it (walks are numbered from 1). */
		private final int[] takenBy;

		private int walk;

		SimpleWalk(Ring ring, int replicationFactor) {
			this.ring = ring;
			this.wanted = Math.min(replicationFactor, ring.nodes.size());
			this.takenBy = new int[ring.nodes.size()];
		}

		@Override
		public List<ClusterNode> replicasFrom(int start) {
			List<ClusterNode> replicas = new ArrayList<>(this.wanted);
			this.walk++;
			for (int step = 0; step < this.ring.size() && replicas.size() < this.wanted; step++) {
				int owner = this.ring.owners[(start + step) % this.ring.size()];
				if (this.takenBy[owner] != this.walk) {
					this.takenBy[owner] = this.walk;
					replicas.add(this.ring.nodes.get(owner));
				}
			}
			return replicas;
		}

	}

	/**
	 * {@code NetworkTopologyStrategy}: per datacenter, distinct nodes preferring unused
	 * racks.
	 */
	private static final class NetworkTopologyWalk implements RingWalk {

		private final Ring ring;

		/** Per datacenter: replicas to place, 0 for a datacenter without replicas. */
		private final int[] wanted;

		/** Per datacenter: how many nodes of used racks may be taken. */
		private final int[] repeatsAllowed;

		private final int[] left;

		private final int[] repeatsLeft;

		/** Per node: the walk that took it (walks are numbered from 1). */
		private final int[] takenBy;

		/** Per (datacenter, rack): the walk that used it. */
		private final int[] rackUsedBy;

		private final int datacentersToFill;

		private int walk;

		NetworkTopologyWalk(Ring ring, ReplicationStrategy strategy) {
			this.ring = ring;
			int datacenters = ring.datacenters.size();
			this.wanted = new int[datacenters];
			this.repeatsAllowed = new int[datacenters];
			int toFill = 0;
			for (int dc = 0; dc < datacenters; dc++) {
				int factor = strategy.replicationFactor(ring.datacenters.get(dc));
				this.wanted[dc] = Math.min(factor, ring.nodesPerDatacenter[dc]);
				this.repeatsAllowed[dc] = factor - ring.racksPerDatacenter[dc];
				toFill += (this.wanted[dc] > 0) ? 1 : 0;
			}
			this.datacentersToFill = toFill;
			this.left = new int[datacenters];
			this.repeatsLeft = new int[datacenters];
			this.takenBy = new int[ring.nodes.size()];
			this.rackUsedBy = new int[ring.rackCount];
		}

		@Override
		public List<ClusterNode> replicasFrom(int start) {
			System.arraycopy(this.wanted, 0, this.left, 0, this.left.length);
			System.arraycopy(this.repeatsAllowed, 0, this.repeatsLeft, 0, this.repeatsLeft.length);
			this.walk++;
			List<ClusterNode> replicas = new ArrayList<>();
			int toFill = this.datacentersToFill;
			for (int step = 0; step < this.ring.size() && toFill > 0; step++) {
				int owner = this.ring.owners[(start + step) % this.ring.size()];
				int dc = this.ring.nodeDatacenter[owner];
				if (this.left[dc] == 0 || this.takenBy[owner] == this.walk) {
					continue;
				}
				int rack = this.ring.nodeRack[owner];
				if (this.rackUsedBy[rack] == this.walk) {
					if (this.repeatsLeft[dc] <= 0) {
						continue;
					}
					this.repeatsLeft[dc]--;
				}
				this.rackUsedBy[rack] = this.walk;
				this.takenBy[owner] = this.walk;
				replicas.add(this.ring.nodes.get(owner));
				if (--this.left[dc] == 0) {
					toFill--;
				}
			}
			return replicas;
		}

	}

}
