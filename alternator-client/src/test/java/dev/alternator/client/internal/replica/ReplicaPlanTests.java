package dev.alternator.client.internal.replica;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeHealth;
import dev.alternator.client.internal.node.NodeLoad;
import dev.alternator.client.internal.node.Topology;
import dev.alternator.client.internal.placement.ClusterNode;
import dev.alternator.client.internal.placement.ClusterTopology;
import dev.alternator.client.internal.placement.SystemTable;
import dev.alternator.client.internal.placement.TableRead;
import org.junit.jupiter.api.Test;

import static dev.alternator.client.internal.replica.FakeClusterReads.hostId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans that start at a replica: six nodes {@code 127.0.0.1..6} in racks r1, r1, r2, r2,
 * r3, r3; the key's replicas are nodes 2, 4 and 6 (one per rack).
 */
class ReplicaPlanTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final HealthPolicy policy = new HealthPolicy(5, SECOND, 60 * SECOND, new SplittableRandom(1));

	private final FakeClusterReads reads = new FakeClusterReads(() -> 0).node(1, "dc1", "r1", -5)
		.node(2, "dc1", "r1", -4)
		.node(3, "dc1", "r2", -3)
		.node(4, "dc1", "r2", -2)
		.node(5, "dc1", "r3", -1)
		.node(6, "dc1", "r3", 0);

	private final Topology topology = topology(1, 2, 3, 4, 5, 6);

	private final ClusterTopology cluster = cluster();

	private final List<ClusterNode> replicas = List.of(this.cluster.node(hostId(2)), this.cluster.node(hostId(4)),
			this.cluster.node(hostId(6)));

	private Topology topology(int... numbers) {
		List<Node> nodes = new ArrayList<>();
		for (int n : numbers) {
			nodes.add(new Node("127.0.0." + n, "http", 8000, this.policy));
		}
		return new Topology(nodes, RoutingScope.cluster(), 1, false);
	}

	private ClusterTopology cluster() {
		Node self = this.topology.node(0);
		return ClusterTopology.parse(((TableRead.Rows) this.reads.scan(self, SystemTable.LOCAL)).items(),
				((TableRead.Rows) this.reads.scan(self, SystemTable.PEERS)).items());
	}

	private static Map<UUID, Integer> index(Topology topology) {
		Map<UUID, Integer> index = new HashMap<>();
		for (int i = 0; i < topology.size(); i++) {
			String address = topology.node(i).address();
			index.put(hostId(Integer.parseInt(address.substring(address.lastIndexOf('.') + 1))), i);
		}
		return index;
	}

	private ReplicaPlan plan(String rack, int counter) {
		return ReplicaPlan.of(this.topology, this.replicas, index(this.topology), rack, counter);
	}

	private Node node(int n) {
		return this.topology.node(n - 1);
	}

	private Map<String, Integer> firsts(String rack, int calls) {
		Map<String, Integer> firsts = new LinkedHashMap<>();
		for (int counter = 0; counter < calls; counter++) {
			ReplicaPlan plan = plan(rack, counter);
			firsts.merge((plan != null) ? plan.next().address() : "none", 1, Integer::sum);
		}
		return firsts;
	}

	private static List<String> attempts(ReplicaPlan plan, int count) {
		List<String> attempts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			attempts.add(plan.next().address());
		}
		return attempts;
	}

	@Test
	void callsStartAtTheReplicasInTurn() {
		assertThat(firsts(null, 300)).containsExactly(Map.entry("127.0.0.2", 100), Map.entry("127.0.0.4", 100),
				Map.entry("127.0.0.6", 100));
	}

	@Test
	void aRackScopeStartsAtTheRacksReplica() {
		assertThat(firsts("r2", 50)).containsExactly(Map.entry("127.0.0.4", 50));
	}

	@Test
	void aRackScopeUsesOtherListedReplicasWhenItsRacksIsQuarantined() {
		node(4).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		assertThat(firsts("r2", 60)).containsOnlyKeys("127.0.0.2", "127.0.0.6");
	}

	@Test
	void replicasOutsideTheRoutingListAreSkipped() {
		Topology scoped = topology(1, 2, 3, 5);
		ReplicaPlan plan = ReplicaPlan.of(scoped, this.replicas, index(scoped), null, 7);
		assertThat(plan.next().address()).isEqualTo("127.0.0.2");
		Topology none = topology(1, 3, 5);
		assertThat(ReplicaPlan.of(none, this.replicas, index(none), null, 7)).isNull();
		assertThat(ReplicaPlan.of(this.topology, List.of(), index(this.topology), null, 7)).isNull();
	}

	@Test
	void quarantinedReplicasNeverTakeTheFirstAttempt() {
		node(2).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		assertThat(firsts(null, 100)).containsOnlyKeys("127.0.0.4", "127.0.0.6");
		node(4).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		node(6).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		assertThat(firsts(null, 100)).containsExactly(Map.entry("none", 100));
	}

	@Test
	void aDemotedReplicaKeepsOneTurnInItsDivisorAndGivesTheRestToTheActiveReplicas() {
		node(2).load().demote(true);
		int calls = 3 * NodeLoad.DEMOTED_SHARE_DIVISOR * 10;
		Map<String, Integer> firsts = firsts(null, calls);
		assertThat(firsts).containsOnlyKeys("127.0.0.2", "127.0.0.4", "127.0.0.6").containsEntry("127.0.0.2", 10);
		assertThat(firsts.get("127.0.0.4")).isEqualTo(firsts.get("127.0.0.6"));
	}

	@Test
	void aReplicaOnProbationAmongActiveOnesKeepsTheProbationShare() {
		node(4).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		node(4).health().recordProbe(true, "", SECOND);
		int calls = 3 * NodeHealth.PROBATION_SHARE_DIVISOR * 4;
		Map<String, Integer> firsts = firsts(null, calls);
		assertThat(firsts).containsOnlyKeys("127.0.0.2", "127.0.0.4", "127.0.0.6").containsEntry("127.0.0.4", 4);
		assertThat(firsts.get("127.0.0.2")).isEqualTo(firsts.get("127.0.0.6"));
	}

	@Test
	void demotedReplicasKeepTheirSmallShareWhenAllAreDemoted() {
		node(2).load().demote(true);
		node(4).load().demote(true);
		node(6).load().demote(true);
		int calls = 3 * NodeLoad.DEMOTED_SHARE_DIVISOR * 10;
		Map<String, Integer> firsts = firsts(null, calls);
		assertThat(firsts.get("none")).isEqualTo(calls - 30);
		assertThat(firsts).containsEntry("127.0.0.2", 10).containsEntry("127.0.0.4", 10).containsEntry("127.0.0.6", 10);
	}

	@Test
	void replicasOnProbationKeepTheProbationShare() {
		for (int n : new int[] { 2, 4, 6 }) {
			node(n).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
			node(n).health().recordProbe(true, "", SECOND);
		}
		int calls = 3 * NodeHealth.PROBATION_SHARE_DIVISOR * 4;
		Map<String, Integer> firsts = firsts(null, calls);
		assertThat(firsts.get("none")).isEqualTo(calls - 12);
		assertThat(firsts).containsEntry("127.0.0.2", 4).containsEntry("127.0.0.4", 4).containsEntry("127.0.0.6", 4);
	}

	@Test
	void failoverTriesTheOtherReplicasThenTheOtherNodesInRotationOrderWithoutRepeats() {
		ReplicaPlan plan = plan(null, 1);
		assertThat(attempts(plan, 8)).containsExactly("127.0.0.4", "127.0.0.2", "127.0.0.6", "127.0.0.3", "127.0.0.5",
				"127.0.0.1", "127.0.0.4", "127.0.0.2");
	}

	@Test
	void failoverPostponesQuarantinedNodes() {
		node(2).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		node(3).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		ReplicaPlan plan = plan(null, 0);
		assertThat(attempts(plan, 6)).containsExactly("127.0.0.4", "127.0.0.6", "127.0.0.1", "127.0.0.5", "127.0.0.2",
				"127.0.0.3");
	}

	@Test
	void moreReplicasThanFitPackedRotateAndRetryLikeThreeDo() {
		// every node a replica (six: more than a plan keeps packed in a long)
		List<ClusterNode> all = new ArrayList<>();
		for (int n = 1; n <= 6; n++) {
			all.add(this.cluster.node(hostId(n)));
		}
		Map<String, Integer> firsts = new LinkedHashMap<>();
		for (int counter = 0; counter < 600; counter++) {
			ReplicaPlan plan = ReplicaPlan.of(this.topology, all, index(this.topology), null, counter);
			firsts.merge(plan.next().address(), 1, Integer::sum);
		}
		assertThat(firsts).hasSize(6).allSatisfy((address, count) -> assertThat(count).isEqualTo(100));
		ReplicaPlan plan = ReplicaPlan.of(this.topology, all, index(this.topology), "r3", 1);
		assertThat(attempts(plan, 6)).as("the rack's replicas first, then the others, each once")
			.containsExactly("127.0.0.6", "127.0.0.5", "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
	}

}
