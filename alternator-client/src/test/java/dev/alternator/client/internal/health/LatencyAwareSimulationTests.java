package dev.alternator.client.internal.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeLoad;
import dev.alternator.client.internal.node.Topology;
import dev.alternator.client.internal.routing.RotatingPlan;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latency-aware routing in simulated time: 16 closed-loop callers over three nodes, the
 * real plans, node load and demotion rules, answer times drawn from a seeded random
 * source (about 1 ms with a long tail and rare 20 ms hiccups). One node is slowed by 150
 * ms per answer from 5 s to 15 s. The shares and latencies are those of the rules, not of
 * the machine running the test.
 */
class LatencyAwareSimulationTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private static final int CALLERS = 16;

	private static final long SLOW_FROM = 5 * SECOND;

	private static final long SLOW_UNTIL = 15 * SECOND;

	private static final long END = 22 * SECOND;

	@Test
	void slowNodeShedsItsLoadWithinThreeSecondsAndGetsItBackWithinFour() {
		Run run = simulate(LoadBalancing.LATENCY_AWARE);
		assertThat(run.slowShare(SLOW_FROM + 3 * SECOND, SLOW_UNTIL)).isLessThanOrEqualTo(0.05);
		assertThat(run.slowShare(SLOW_UNTIL + 4 * SECOND, END)).isGreaterThanOrEqualTo(0.20);
		// callers hardly notice: the median and the 90th percentile stay within twice the
		// all-fast ones
		assertThat(run.quantile(SLOW_FROM + 3 * SECOND, SLOW_UNTIL, 0.5))
			.isLessThanOrEqualTo(2 * run.quantile(SECOND, SLOW_FROM, 0.5));
		assertThat(run.quantile(SLOW_FROM + 3 * SECOND, SLOW_UNTIL, 0.9))
			.isLessThanOrEqualTo(2 * run.quantile(SECOND, SLOW_FROM, 0.9));
	}

	@Test
	void roundRobinKeepsSendingTheSlowNodeItsFullShare() {
		Run run = simulate(LoadBalancing.ROUND_ROBIN);
		assertThat(run.slowShare(SLOW_FROM + 3 * SECOND, SLOW_UNTIL)).isGreaterThan(0.30);
		// a third of the calls wait 150 ms
		assertThat(run.quantile(SLOW_FROM + 3 * SECOND, SLOW_UNTIL, 0.75)).isGreaterThan(150 * MS);
	}

	@Test
	void equalNodesGetAnEvenSpread() {
		Run run = simulate(LoadBalancing.LATENCY_AWARE);
		assertEven(run.firstCounts(SECOND, 3000));
		// and over the whole time before the slowdown, hiccups included
		assertEven(run.counts(SECOND, SLOW_FROM));
	}

	private static void assertEven(long[] counts) {
		long max = Arrays.stream(counts).max().orElseThrow();
		long min = Arrays.stream(counts).min().orElseThrow();
		assertThat((double) max / min).as(Arrays.toString(counts)).isLessThanOrEqualTo(1.05);
	}

	private Run simulate(LoadBalancing loadBalancing) {
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts(List.of("127.0.0.1"))
			.loadBalancing(loadBalancing)
			.build();
		HealthPolicy policy = new HealthPolicy(5, SECOND, 60 * SECOND, config.latencyHalfLife().toNanos(),
				new SplittableRandom(1));
		List<Node> nodes = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			nodes.add(new Node("127.0.0." + i, "http", 8000, policy));
		}
		Topology topology = new Topology(nodes, RoutingScope.datacenter("dc1"), 1, false);
		Node slow = topology.node(2);
		@Nullable SlowNodes slowNodes = (loadBalancing == LoadBalancing.LATENCY_AWARE) ? new SlowNodes(config, () -> topology, 0)
				: null;
		SplittableRandom random = new SplittableRandom(42);
		PriorityQueue<Call> pending = new PriorityQueue<>();
		Run run = new Run(slow);
		int counter = 0;
		for (int caller = 0; caller < CALLERS; caller++) {
			pending.add(start(topology, counter++, caller * MS / CALLERS, slow, random));
		}
		while (!pending.isEmpty()) {
			Call call = pending.poll();
			NodeLoad load = call.node.load();
			load.ended();
			load.observe(call.end - call.start, false, call.end);
			if (slowNodes != null) {
				slowNodes.maybeEvaluate(call.end);
			}
			run.calls.add(call);
			if (call.end < END) {
				pending.add(start(topology, counter++, call.end, slow, random));
			}
		}
		return run;
	}

	private static Call start(Topology topology, int counter, long now, Node slow, SplittableRandom random) {
		Node node = new RotatingPlan(topology, counter).next();
		node.load().started();
		// about 1 ms: a floor, an exponential tail and a rare hiccup
		long answer = (long) (0.5 * MS + random.nextExponential() * 0.5 * MS);
		if (random.nextInt(200) == 0) {
			answer += 20 * MS;
		}
		if (node == slow && now >= SLOW_FROM && now < SLOW_UNTIL) {
			answer += 150 * MS;
		}
		return new Call(node, now, now + answer);
	}

	private record Call(Node node, long start, long end) implements Comparable<Call> {

		@Override
		public int compareTo(Call other) {
			return Long.compare(this.end, other.end);
		}

	}

	private static final class Run {

		final Node slow;

		final List<Call> calls = new ArrayList<>();

		Run(Node slow) {
			this.slow = slow;
		}

		/** The slow node's share of the calls started in a window. */
		double slowShare(long from, long until) {
			List<Call> window = window(from, until);
			return (double) window.stream().filter((call) -> call.node == this.slow).count() / window.size();
		}

		/** A quantile of the call times of the calls started in a window. */
		long quantile(long from, long until, double quantile) {
			long[] times = window(from, until).stream().mapToLong((call) -> call.end - call.start).sorted().toArray();
			return times[(int) (times.length * quantile)];
		}

		/** Calls per node among the first calls started at or after a time. */
		long[] firstCounts(long from, int count) {
			List<Call> started = this.calls.stream()
				.filter((call) -> call.start >= from)
				.sorted((a, b) -> Long.compare(a.start, b.start))
				.limit(count)
				.toList();
			long[] counts = new long[3];
			for (Call call : started) {
				counts[Integer.parseInt(call.node.address().substring("127.0.0.".length())) - 1]++;
			}
			return counts;
		}

		/** Calls per node among the calls started in a window. */
		long[] counts(long from, long until) {
			long[] counts = new long[3];
			for (Call call : window(from, until)) {
				counts[Integer.parseInt(call.node.address().substring("127.0.0.".length())) - 1]++;
			}
			return counts;
		}

		private List<Call> window(long from, long until) {
			return this.calls.stream().filter((call) -> call.start >= from && call.start < until).toList();
		}

	}

}
