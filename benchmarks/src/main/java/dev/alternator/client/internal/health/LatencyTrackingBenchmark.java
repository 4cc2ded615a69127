package dev.alternator.client.internal.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeLoad;
import dev.alternator.client.internal.node.Topology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What latency-aware routing adds to each attempt: the in-flight count, the answer-time
 * estimate, and (latency-aware only) the check whether the slow-node evaluation is due,
 * which runs at most every 20 ms. Run with {@code -prof gc} for bytes allocated per
 * operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LatencyTrackingBenchmark {

	@Param({ "3", "12" })
	public int nodes;

	private Topology topology;

	private SlowNodes slowNodes;

	private long answer;

	private int next;

	@Setup
	public void setUp() {
		AlternatorConfig config = AlternatorConfig.builder().seedHosts("10.0.0.1").build();
		HealthPolicy policy = new HealthPolicy(5, Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(60).toNanos(),
				new SplittableRandom(1));
		List<Node> list = new ArrayList<>();
		for (int i = 0; i < this.nodes; i++) {
			list.add(new Node("10.0.0." + (i + 1), "http", 8000, policy));
		}
		this.topology = new Topology(list, RoutingScope.cluster(), 1, false);
		this.slowNodes = new SlowNodes(config, () -> this.topology, System.nanoTime());
		this.answer = TimeUnit.MICROSECONDS.toNanos(900);
	}

	private NodeLoad nextLoad() {
		int index = this.next++;
		if (this.next == this.nodes) {
			this.next = 0;
		}
		return this.topology.node(index).load();
	}

	/** What every attempt costs, whatever the load balancing. */
	@Benchmark
	public double attemptAccounting() {
		NodeLoad load = nextLoad();
		load.started();
		long now = System.nanoTime();
		load.ended();
		load.observe(this.answer, false, now);
		return load.expectedWaitNanos(now);
	}

	/** The same with the latency-aware evaluation check (and its runs every 20 ms). */
	@Benchmark
	public double attemptAccountingLatencyAware() {
		NodeLoad load = nextLoad();
		load.started();
		long now = System.nanoTime();
		load.ended();
		load.observe(this.answer, false, now);
		this.slowNodes.maybeEvaluate(now);
		return load.expectedWaitNanos(now);
	}

}
