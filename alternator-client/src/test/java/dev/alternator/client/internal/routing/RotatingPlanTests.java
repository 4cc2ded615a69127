package dev.alternator.client.internal.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeHealth;
import dev.alternator.client.internal.node.NodeLoad;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingPlanTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final HealthPolicy policy = new HealthPolicy(5, Duration.ofSeconds(1).toNanos(),
			Duration.ofSeconds(60).toNanos(), new SplittableRandom(1));

	private final Topology topology = new Topology(
			List.of(node("127.0.0.3"), node("127.0.0.1"), node("127.0.0.2"), node("127.0.0.4")), RoutingScope.cluster(),
			1, false);

	private Node node(String address) {
		return new Node(address, "http", 8000, this.policy);
	}

	private List<String> attempts(QueryPlan plan, int count) {
		List<String> result = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			result.add(plan.next().address());
		}
		return result;
	}

	private void quarantine(String address) {
		for (Node node : this.topology.nodes()) {
			if (node.address().equals(address)) {
				node.health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
			}
		}
	}

	@Test
	void topologyIsInCanonicalOrder() {
		assertThat(this.topology.nodes()).extracting(Node::address)
			.containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
	}

	@Test
	void planVisitsEveryNodeOnceThenStartsOver() {
		assertThat(attempts(new RotatingPlan(this.topology, 2), 6)).containsExactly("127.0.0.3", "127.0.0.4",
				"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
	}

	@Test
	void quarantinedNodesArePostponedInRotationOrder() {
		quarantine("127.0.0.3");
		quarantine("127.0.0.1");
		assertThat(attempts(new RotatingPlan(this.topology, 2), 4)).containsExactly("127.0.0.4", "127.0.0.2",
				"127.0.0.3", "127.0.0.1");
	}

	@Test
	void allQuarantinedNodesAreStillTried() {
		this.topology.nodes().forEach((node) -> quarantine(node.address()));
		assertThat(attempts(new RotatingPlan(this.topology, 1), 4)).containsExactly("127.0.0.2", "127.0.0.3",
				"127.0.0.4", "127.0.0.1");
	}

	@Test
	void quarantinedNodesShareIsSpreadOverAllActiveNodes() {
		for (int size : new int[] { 3, 4, 6 }) {
			for (int quarantined = 1; quarantined <= 2; quarantined++) {
				Topology topology = topology(size);
				for (int i = 0; i < quarantined; i++) {
					// the first quarantined node and one in the middle of the ring
					topology.node((i * size / 2) % size).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
				}
				Map<String, Integer> counts = firstAttempts(topology, 3000);
				assertThat(counts).as("%d nodes, %d quarantined", size, quarantined).hasSize(size - quarantined);
				int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
				int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
				assertThat((double) max / min).as("%d nodes, %d quarantined: %s", size, quarantined, counts)
					.isLessThanOrEqualTo(1.10);
			}
		}
	}

	private Topology topology(int size) {
		List<Node> nodes = new ArrayList<>();
		for (int i = 1; i <= size; i++) {
			nodes.add(node("127.0.0." + i));
		}
		return new Topology(nodes, RoutingScope.cluster(), 1, false);
	}

	private static Map<String, Integer> firstAttempts(Topology topology, int plans) {
		Map<String, Integer> counts = new HashMap<>();
		for (int counter = 0; counter < plans; counter++) {
			counts.merge(new RotatingPlan(topology, counter).next().address(), 1, Integer::sum);
		}
		return counts;
	}

	@Test
	void nodeOnProbationTakesOneTurnInSixteenAndTheOthersStayEven() {
		for (int size : new int[] { 3, 4, 6 }) {
			Topology topology = topology(size);
			Node probation = topology.node(1);
			probation.health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
			probation.health().recordProbe(true, "", SECOND);
			Map<String, Integer> counts = firstAttempts(topology, 4800);
			int own = counts.remove(probation.address());
			assertThat(own).isEqualTo(4800 / size / NodeHealth.PROBATION_SHARE_DIVISOR);
			int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
			int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
			assertThat((double) max / min).as("%d nodes: %s", size, counts).isLessThanOrEqualTo(1.10);
		}
	}

	@Test
	void demotedNodeTakesOneTurnInSixtyFourAndItsOtherTurnsGoRoundTheOthers() {
		for (int size : new int[] { 2, 3, 4, 6 }) {
			Topology topology = topology(size);
			Node slow = topology.node(1);
			slow.load().demote(true);
			Map<String, Integer> counts = firstAttempts(topology, 7680);
			int own = counts.remove(slow.address());
			assertThat(own).isEqualTo(7680 / size / NodeLoad.DEMOTED_SHARE_DIVISOR);
			int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
			int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
			assertThat((double) max / min).as("%d nodes: %s", size, counts).isLessThanOrEqualTo(1.10);
		}
	}

	@Test
	void demotedNodeKeepsPriorityOverNodesOnProbationAndQuarantined() {
		Topology topology = topology(3);
		topology.node(0).load().demote(true);
		topology.node(1).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		topology.node(2).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
		topology.node(2).health().recordProbe(true, "", SECOND);
		Map<String, Integer> counts = firstAttempts(topology, 4800);
		// the node on probation keeps its probing share; the quarantined node's turns and
		// the rest of the probation node's go to the demoted node, the only active one
		assertThat(counts).containsOnlyKeys("127.0.0.1", "127.0.0.3");
		assertThat(counts.get("127.0.0.3")).isEqualTo(4800 / 3 / NodeHealth.PROBATION_SHARE_DIVISOR);
	}

	@Test
	void demotionDoesNotChangeTheRetryOrder() {
		Topology topology = topology(3);
		topology.node(1).load().demote(true);
		assertThat(attempts(new RotatingPlan(topology, 1), 3)).containsExactly("127.0.0.3", "127.0.0.2", "127.0.0.1");
	}

	@Test
	void nodeOnProbationServesAloneWhenNoNodeIsActive() {
		Topology topology = topology(3);
		topology.nodes().forEach((node) -> node.health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0));
		topology.node(2).health().recordProbe(true, "", SECOND);
		assertThat(firstAttempts(topology, 300)).containsOnlyKeys("127.0.0.3");
		assertThat(attempts(new RotatingPlan(topology, 0), 3)).containsExactly("127.0.0.3", "127.0.0.1", "127.0.0.2");
	}

	@Test
	void retriesTryActiveNodesThenProbationThenQuarantined() {
		quarantine("127.0.0.2");
		quarantine("127.0.0.3");
		this.topology.node(1).health().recordProbe(true, "", SECOND);
		assertThat(attempts(new RotatingPlan(this.topology, 0), 4)).containsExactly("127.0.0.1", "127.0.0.4",
				"127.0.0.2", "127.0.0.3");
	}

	/**
	 * A node flapping (API 500s while {@code GET /} passes, 2 s bad / 2 s good) for 60 s
	 * among three, 1000 requests per second on fake time, probes run when due: after the
	 * second cycle it gets at most 1 % of the attempts, and its backoff multiplier
	 * reaches at least 4.
	 */
	@Test
	void flappingNodeGetsAtMostOnePercentOfAttemptsAfterTheSecondCycle() {
		Topology topology = topology(3);
		Node flapping = topology.node(0);
		long step = SECOND / 1000;
		long attempts = 0;
		long toFlapping = 0;
		int maxLevel = 0;
		for (int i = 0; i < 60_000; i++) {
			long now = i * step;
			boolean bad = (now / (2 * SECOND)) % 2 == 1;
			NodeHealth health = flapping.health();
			if (health.isQuarantined() && now >= health.snapshot().nextProbeAtNanos()) {
				health.recordProbe(true, "", now);
			}
			Node node = new RotatingPlan(topology, i).next();
			if (node == flapping) {
				health.record(bad ? AttemptOutcome.SERVER_ERROR : AttemptOutcome.SUCCESS, "status 500", now);
			}
			maxLevel = Math.max(maxLevel, health.snapshot().level());
			if (now >= 8 * SECOND) {
				attempts++;
				toFlapping += (node == flapping) ? 1 : 0;
			}
		}
		assertThat((double) toFlapping / attempts).isLessThanOrEqualTo(0.01);
		assertThat(maxLevel).isGreaterThanOrEqualTo(2);
	}

	@Test
	void rotationSpreadsFirstAttemptsEvenly() {
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 3000; i++) {
			counts.merge(new RotatingPlan(this.topology, Math.floorMod(Integer.MAX_VALUE - 5 + i, 4)).next().address(),
					1, Integer::sum);
		}
		assertThat(counts.values()).containsOnly(750);
	}

}
