package dev.alternator.client.internal.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.Topology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowNodesTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long NOW = 1_000 * MS;

	/** Twenty half-lives later: older answers have decayed away. */
	private static final long LATER = TimeUnit.SECONDS.toNanos(10);

	private final AlternatorConfig config = AlternatorConfig.builder().seedHosts(List.of("127.0.0.1")).build();

	private final HealthPolicy policy = new HealthPolicy(5, Duration.ofSeconds(1).toNanos(),
			Duration.ofSeconds(60).toNanos(), new SplittableRandom(1));

	private Topology topology(long... answerMillis) {
		List<Node> nodes = new ArrayList<>();
		for (int i = 0; i < answerMillis.length; i++) {
			Node node = new Node("127.0.0." + (i + 1), "http", 8000, this.policy);
			answer(node, answerMillis[i] * MS, false, NOW);
			nodes.add(node);
		}
		return new Topology(nodes, RoutingScope.cluster(), 1, false);
	}

	/** Two answers: the estimate starts at the second one. */
	private static void answer(Node node, long nanos, boolean failed, long at) {
		node.load().observe(nanos, failed, at - 1);
		node.load().observe(nanos, failed, at);
	}

	private static List<Boolean> demoted(Topology topology) {
		return topology.nodes().stream().map((node) -> node.load().isDemoted()).toList();
	}

	private SlowNodes slowNodes(Topology topology) {
		return new SlowNodes(this.config, () -> topology, NOW);
	}

	@Test
	void nodeClearlySlowerThanATypicalNodeIsDemoted() {
		Topology topology = topology(2, 2, 150);
		slowNodes(topology).evaluate(topology, NOW);
		assertThat(demoted(topology)).containsExactly(false, false, true);
	}

	@Test
	void demotedNodeIsRestoredOnlyBelowTwoThirdsOfTheThreshold() {
		Topology topology = topology(2, 2, 150);
		SlowNodes slowNodes = slowNodes(topology);
		slowNodes.evaluate(topology, NOW);
		// threshold max(3 × 2, 2 + 10) = 12 ms; restored at 8 ms or less
		answerAll(topology, LATER, 2, 2, 10);
		slowNodes.evaluate(topology, LATER);
		assertThat(topology.node(2).load().isDemoted()).isTrue();
		answerAll(topology, 2 * LATER, 2, 2, 7);
		slowNodes.evaluate(topology, 2 * LATER);
		assertThat(topology.node(2).load().isDemoted()).isFalse();
	}

	/** Answers long after the previous ones, so that only these count. */
	private static void answerAll(Topology topology, long at, long... answerMillis) {
		for (int i = 0; i < answerMillis.length; i++) {
			answer(topology.node(i), answerMillis[i] * MS, false, at);
		}
	}

	@Test
	void nodesWithinTheMinimumExcessAreNeverDemoted() {
		// nine times slower, but only 8 ms more: noise between fast nodes
		Topology topology = topology(1, 1, 9);
		slowNodes(topology).evaluate(topology, NOW);
		assertThat(demoted(topology)).containsOnly(false);
	}

	@Test
	void nodeThatFailsFastIsDemotedNotFavoured() {
		Topology topology = topology(2, 2, 2);
		answer(topology.node(2), MS / 10, true, NOW + 1);
		slowNodes(topology).evaluate(topology, NOW);
		assertThat(demoted(topology)).containsExactly(false, false, true);
	}

	@Test
	void nodeWithManyRequestsInFlightIsDemoted() {
		Topology topology = topology(5, 5, 5);
		for (int i = 0; i < 10; i++) {
			topology.node(0).load().started();
		}
		slowNodes(topology).evaluate(topology, NOW);
		assertThat(demoted(topology)).containsExactly(true, false, false);
	}

	@Test
	void atMostHalfOfTheActiveNodesAreDemoted() {
		Topology four = topology(1, 1, 100, 100);
		slowNodes(four).evaluate(four, NOW);
		assertThat(demoted(four)).containsExactly(false, false, true, true);
		// two slow nodes of three: the typical node is slow, nobody is demoted
		Topology three = topology(1, 100, 100);
		slowNodes(three).evaluate(three, NOW);
		assertThat(demoted(three)).containsOnly(false);
	}

	@Test
	void nodesThatAreNotActiveAreNotDemotedNorCounted() {
		Topology topology = topology(2, 2, 150, 150);
		topology.node(0).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", NOW);
		SlowNodes slowNodes = slowNodes(topology);
		slowNodes.evaluate(topology, NOW);
		// active: 2, 150, 150: the typical node is slow
		assertThat(demoted(topology)).containsOnly(false);
		topology.node(0).load().demote(true);
		slowNodes.evaluate(topology, NOW);
		assertThat(topology.node(0).load().isDemoted()).isFalse();
	}

	@Test
	void theOnlyActiveNodeIsRestored() {
		Topology topology = topology(2, 150);
		SlowNodes slowNodes = slowNodes(topology);
		slowNodes.evaluate(topology, NOW);
		assertThat(demoted(topology)).containsExactly(false, true);
		topology.node(0).health().record(AttemptOutcome.CONNECTION_FAILURE, "test", NOW);
		slowNodes.evaluate(topology, NOW);
		assertThat(demoted(topology)).containsExactly(false, false);
	}

	@Test
	void evaluationRunsAtMostOncePerInterval() {
		Topology topology = topology(2, 2, 2);
		SlowNodes slowNodes = slowNodes(topology);
		slowNodes.maybeEvaluate(NOW);
		answer(topology.node(2), 150 * MS, false, NOW);
		slowNodes.maybeEvaluate(NOW + SlowNodes.EVALUATION_INTERVAL_NANOS - 1);
		assertThat(topology.node(2).load().isDemoted()).isFalse();
		slowNodes.maybeEvaluate(NOW + SlowNodes.EVALUATION_INTERVAL_NANOS);
		assertThat(topology.node(2).load().isDemoted()).isTrue();
	}

}
