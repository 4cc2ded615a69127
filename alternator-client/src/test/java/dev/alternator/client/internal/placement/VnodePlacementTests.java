package dev.alternator.client.internal.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import dev.alternator.client.internal.common.Host;
import org.junit.jupiter.api.Test;

import static dev.alternator.client.internal.placement.Rows.hostId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link VnodePlacement}: the token ring with NetworkTopologyStrategy and
 * SimpleStrategy, checked by hand and against a plain re-statement of the rule over
 * random topologies.
 */
class VnodePlacementTests {

	@Test
	void replicasAreTheNextNodesOfDistinctRacks() {
		// ring: 0 n1/r1, 100 n2/r2, 200 n3/r3, 300 n4/r1, 400 n5/r2, 500 n6/r3
		VnodePlacement placement = VnodePlacement.of(
				topology(node(1, "dc1", "r1", 0), node(2, "dc1", "r2", 100), node(3, "dc1", "r3", 200),
						node(4, "dc1", "r1", 300), node(5, "dc1", "r2", 400), node(6, "dc1", "r3", 500)),
				nts(Map.of("dc1", 3)));
		assertThat(ids(placement.replicas(50))).containsExactly(2, 3, 4);
		assertThat(ids(placement.replicas(100))).as("a ring token belongs to the range it ends")
			.containsExactly(2, 3, 4);
		assertThat(ids(placement.replicas(101))).containsExactly(3, 4, 5);
		assertThat(ids(placement.replicas(-7))).containsExactly(1, 2, 3);
		assertThat(ids(placement.replicas(Long.MIN_VALUE + 1))).containsExactly(1, 2, 3);
		assertThat(ids(placement.replicas(501))).as("past the last ring token wraps").containsExactly(1, 2, 3);
		assertThat(ids(placement.replicas(Long.MAX_VALUE))).containsExactly(1, 2, 3);
		assertThat(placement.kind()).isEqualTo(ReplicaPlacement.Kind.VNODES);
		assertThat(placement.ringSize()).isEqualTo(6);
	}

	@Test
	void nodesOfAUsedRackAreSkippedWhileOtherRacksRemain() {
		// ring: 0 n1/r1, 100 n4/r1, 200 n2/r2, 300 n5/r2, 400 n3/r3, 500 n6/r3
		VnodePlacement placement = VnodePlacement.of(
				topology(node(1, "dc1", "r1", 0), node(4, "dc1", "r1", 100), node(2, "dc1", "r2", 200),
						node(5, "dc1", "r2", 300), node(3, "dc1", "r3", 400), node(6, "dc1", "r3", 500)),
				nts(Map.of("dc1", 3)));
		assertThat(ids(placement.replicas(0))).containsExactly(1, 2, 3);
		assertThat(ids(placement.replicas(450))).containsExactly(6, 1, 2);
	}

	@Test
	void replicationFactorAboveRackCountRepeatsRacksForTheFirstNodesMet() {
		// RF 3 over two racks: one repeat allowed, taken by the first node of a used rack
		VnodePlacement placement = VnodePlacement.of(topology(node(1, "dc1", "r1", 0), node(2, "dc1", "r1", 100),
				node(3, "dc1", "r1", 200), node(4, "dc1", "r2", 300)), nts(Map.of("dc1", 3)));
		assertThat(ids(placement.replicas(0))).containsExactly(1, 2, 4);
		assertThat(ids(placement.replicas(150))).containsExactly(3, 4, 1);
		assertThat(ids(placement.replicas(250))).containsExactly(4, 1, 2);
	}

	@Test
	void eachDatacenterGetsItsOwnFactor() {
		VnodePlacement placement = VnodePlacement.of(
				topology(node(1, "dc1", "r1", 0), node(2, "dc2", "r1", 100), node(3, "dc1", "r2", 200),
						node(4, "dc2", "r2", 300), node(5, "dc1", "r3", 400), node(6, "dc2", "r3", 500)),
				nts(Map.of("dc1", 2, "dc2", 1)));
		assertThat(ids(placement.replicas(0))).containsExactly(1, 2, 3);
		assertThat(ids(placement.replicas(250))).containsExactly(4, 5, 1);
	}

	@Test
	void datacentersWithoutAFactorHoldNoReplica() {
		ClusterTopology topology = topology(node(1, "dc1", "r1", 0), node(2, "dc2", "r1", 100),
				node(3, "dc1", "r2", 200), node(4, "dc2", "r2", 300));
		assertThat(ids(VnodePlacement.of(topology, nts(Map.of("dc1", 2, "dc2", 0))).replicas(50))).containsExactly(3,
				1);
		assertThat(ids(VnodePlacement.of(topology, nts(Map.of("dc1", 1, "dc9", 3))).replicas(50)))
			.as("a datacenter without nodes is ignored")
			.containsExactly(3);
		assertThat(VnodePlacement.of(topology, nts(Map.of("dc1", 0))).replicas(50)).isEmpty();
	}

	@Test
	void factorAboveTheDatacentersNodeCountTakesEveryNode() {
		VnodePlacement placement = VnodePlacement.of(topology(node(1, "dc1", "r1", 0, 300), node(2, "dc1", "r2", 100)),
				nts(Map.of("dc1", 3)));
		assertThat(ids(placement.replicas(50))).containsExactly(2, 1);
		VnodePlacement oneRack = VnodePlacement.of(topology(node(1, "dc1", "r1", 0), node(2, "dc1", "r1", 100)),
				nts(Map.of("dc1", 5)));
		assertThat(ids(oneRack.replicas(50))).containsExactly(2, 1);
	}

	@Test
	void aNodeWithManyTokensIsOneReplica() {
		VnodePlacement placement = VnodePlacement.of(
				topology(node(1, "dc1", "r1", 0, 10, 20, 30), node(2, "dc1", "r1", 40), node(3, "dc1", "r1", 50)),
				nts(Map.of("dc1", 2)));
		assertThat(ids(placement.replicas(5))).containsExactly(1, 2);
		assertThat(placement.ringSize()).isEqualTo(6);
	}

	@Test
	void nodesClaimingTheSameTokenBothStayOnTheRing() {
		VnodePlacement placement = VnodePlacement.of(
				topology(node(2, "dc1", "r2", 100), node(1, "dc1", "r1", 100), node(3, "dc1", "r3", 200)),
				nts(Map.of("dc1", 2)));
		assertThat(placement.ringSize()).isEqualTo(3);
		assertThat(ids(placement.replicas(50))).containsExactly(2, 1);
		assertThat(ids(placement.replicas(150))).containsExactly(3, 2);
	}

	@Test
	void simpleStrategyTakesTheNextDistinctNodesWhateverTheirDatacenter() {
		ReplicationStrategy simple = ReplicationStrategy
			.parse(Map.of("class", "SimpleStrategy", "replication_factor", "2"));
		VnodePlacement placement = VnodePlacement
			.of(topology(node(1, "dc1", "r1", 0, 100), node(2, "dc2", "r1", 50), node(3, "dc1", "r1", 200)), simple);
		assertThat(ids(placement.replicas(60))).containsExactly(1, 3);
		assertThat(ids(placement.replicas(150))).containsExactly(3, 1);
		assertThat(ids(placement.replicas(1))).containsExactly(2, 1);
	}

	@Test
	void rangesWithTheSameReplicasShareOneList() {
		VnodePlacement placement = VnodePlacement.of(topology(node(1, "dc1", "r1", 0, 200), node(2, "dc1", "r2", 100)),
				nts(Map.of("dc1", 1)));
		assertThat(placement.replicas(150)).isSameAs(placement.replicas(250));
		assertThat(placement.replicas(50)).isSameAs(placement.replicas(50));
	}

	@Test
	void emptyTopologyHasNoReplicas() {
		assertThat(VnodePlacement.of(topology(), nts(Map.of("dc1", 3))).replicas(0)).isEmpty();
	}

	@Test
	void unsupportedStrategyIsRejected() {
		ReplicationStrategy local = ReplicationStrategy.parse(Map.of("class", "LocalStrategy"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> VnodePlacement.of(topology(node(1, "dc1", "r1", 0)), local))
			.withMessageContaining("LocalStrategy");
	}

	@Test
	void randomTopologiesMatchAPlainStatementOfTheRule() {
		SplittableRandom random = new SplittableRandom(47);
		for (int round = 0; round < 300; round++) {
			List<ClusterNode> nodes = new ArrayList<>();
			Set<Long> used = new HashSet<>();
			int nodeCount = random.nextInt(1, 13);
			for (int n = 1; n <= nodeCount; n++) {
				long[] tokens = new long[random.nextInt(1, 9)];
				for (int t = 0; t < tokens.length; t++) {
					long token;
					do {
						token = random.nextLong();
					}
					while (!used.add(token));
					tokens[t] = token;
				}
				nodes.add(node(n, "dc" + random.nextInt(1, 4), "r" + random.nextInt(1, 4), tokens));
			}
			Map<String, Integer> factors = new LinkedHashMap<>();
			for (int dc = 1; dc <= 4; dc++) {
				factors.put("dc" + dc, random.nextInt(0, 5));
			}
			ClusterTopology topology = topology(nodes.toArray(ClusterNode[]::new));
			VnodePlacement placement = VnodePlacement.of(topology, nts(factors));
			TreeMap<Long, ClusterNode> ring = new TreeMap<>();
			nodes.forEach((node) -> {
				for (long token : node.tokens()) {
					ring.put(token, node);
				}
			});
			for (int probe = 0; probe < 50; probe++) {
				long token = random.nextLong();
				assertThat(placement.replicas(token)).as("round %d token %d", round, token)
					.containsExactlyElementsOf(expected(ring, factors, token));
			}
			for (long token : ring.keySet()) {
				assertThat(placement.replicas(token)).containsExactlyElementsOf(expected(ring, factors, token));
			}
		}
	}

	/**
	 * NetworkTopologyStrategy restated with sets: walk the ring from the first token
	 * {@code >= token}; per datacenter keep replicas while fewer than min(rf, nodes); a
	 * node of a new rack is taken, a node of a seen rack only while the datacenter's
	 * repeats (rf - racks) last.
	 */
	private static List<ClusterNode> expected(TreeMap<Long, ClusterNode> ring, Map<String, Integer> factors,
			long token) {
		Map<String, Set<UUID>> nodesPerDc = new HashMap<>();
		Map<String, Set<String>> racksPerDc = new HashMap<>();
		ring.values().forEach((node) -> {
			nodesPerDc.computeIfAbsent(node.datacenter(), (dc) -> new HashSet<>()).add(node.hostId());
			racksPerDc.computeIfAbsent(node.datacenter(), (dc) -> new HashSet<>()).add(node.rack());
		});
		Map<String, Integer> left = new HashMap<>();
		Map<String, Integer> repeats = new HashMap<>();
		nodesPerDc.forEach((dc, members) -> {
			int rf = factors.getOrDefault(dc, 0);
			left.put(dc, Math.min(rf, members.size()));
			repeats.put(dc, rf - racksPerDc.get(dc).size());
		});
		List<ClusterNode> walk = new ArrayList<>(ring.tailMap(token, true).values());
		walk.addAll(ring.headMap(token, false).values());
		List<ClusterNode> replicas = new ArrayList<>();
		Set<String> seenRacks = new HashSet<>();
		for (ClusterNode node : walk) {
			String dc = node.datacenter();
			if (left.get(dc) == 0) {
				continue;
			}
			if (seenRacks.add(dc + "/" + node.rack())) {
				replicas.add(node);
				left.merge(dc, -1, Integer::sum);
			}
			else if (repeats.get(dc) > 0 && !replicas.contains(node)) {
				replicas.add(node);
				repeats.merge(dc, -1, Integer::sum);
				left.merge(dc, -1, Integer::sum);
			}
		}
		return replicas;
	}

	static ClusterNode node(int n, String datacenter, String rack, long... tokens) {
		return new ClusterNode(hostId(n), Host.parse("10.0.0." + n), datacenter, rack, tokens);
	}

	static ClusterTopology topology(ClusterNode... nodes) {
		return ClusterTopology.of(List.of(nodes));
	}

	private static ReplicationStrategy nts(Map<String, Integer> factors) {
		Map<String, String> replication = new LinkedHashMap<>();
		replication.put("class", "org.apache.cassandra.locator.NetworkTopologyStrategy");
		factors.forEach((dc, rf) -> replication.put(dc, Integer.toString(rf)));
		return ReplicationStrategy.parse(replication);
	}

	private static List<Integer> ids(List<ClusterNode> nodes) {
		return nodes.stream().map((node) -> (int) node.hostId().getLeastSignificantBits()).toList();
	}

}
