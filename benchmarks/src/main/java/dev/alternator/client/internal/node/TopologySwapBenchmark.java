package dev.alternator.client.internal.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.routing.RotatingPlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request threads building plans while a refresh thread publishes new topology snapshots
 * as fast as it can (the directory swaps an immutable snapshot; readers take one
 * reference per plan). Measures the readers' cost under that race.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Group)
public class TopologySwapBenchmark {

	@Param({ "12", "100" })
	public int nodes;

	private final AtomicReference<Topology> current = new AtomicReference<>();

	private final AtomicInteger rotation = new AtomicInteger();

	private Topology[] snapshots;

	private int swaps;

	@Setup
	public void setUp() {
		HealthPolicy policy = new HealthPolicy(5, Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(60).toNanos(),
				new SplittableRandom(5));
		this.snapshots = new Topology[2];
		for (int s = 0; s < 2; s++) {
			List<Node> list = new ArrayList<>();
			for (int i = 0; i < this.nodes - s; i++) {
				list.add(new Node("10.1." + (i / 200) + "." + (i % 200 + 1), "http", 8000, policy));
			}
			this.snapshots[s] = new Topology(list, RoutingScope.cluster(), s, false);
		}
		this.current.set(this.snapshots[0]);
	}

	@Benchmark
	@Group("race")
	@GroupThreads(3)
	public Node buildPlan() {
		Topology topology = this.current.get();
		return new RotatingPlan(topology, Math.floorMod(this.rotation.getAndIncrement(), topology.size())).next();
	}

	@Benchmark
	@Group("race")
	@GroupThreads(1)
	public Topology publishSnapshot() {
		Topology next = this.snapshots[++this.swaps & 1];
		this.current.set(next);
		return next;
	}

}
