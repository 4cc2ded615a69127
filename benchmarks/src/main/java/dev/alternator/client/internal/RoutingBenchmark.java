package dev.alternator.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.sdk.ClientContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The per-request routing decision as the client makes it: a plan from the directory's
 * current snapshot and the node of the first attempt. Round-robin for ordinary requests,
 * the key's seeded plan for conditional writes with key affinity; 3, 12 and 100 nodes;
 * with no unhealthy node, one quarantined and one demoted by latency-aware routing (the
 * plan is the same code whatever the load balancing: it reads each node's demotion flag).
 * Run with {@code -prof gc} for bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RoutingBenchmark {

	@Param({ "3", "12", "100" })
	public int nodes;

	/**
	 * One node that does not get its full share: {@code none}, {@code quarantined}, or
	 * {@code demoted} by latency-aware routing.
	 */
	@Param({ "none", "quarantined", "demoted" })
	public String unhealthy;

	private Directory directory;

	private ClientContext context;

	private GetItemRequest read;

	private PutItemRequest conditionalPutS;

	private PutItemRequest conditionalPutN;

	private PutItemRequest conditionalPutB;

	@Setup(Level.Trial)
	public void setUp() {
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < this.nodes; i++) {
			addresses.add("10.0." + (i / 200) + "." + (i % 200 + 1));
		}
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts(addresses)
			.keyAffinityMode(KeyAffinityMode.RMW)
			.partitionKeys(Map.of("t", "pk"))
			.build();
		// not started: the seed list is the routing list, no discovery traffic
		this.directory = Directory.create(config, Ticker.system(), new SplittableRandom(7), null);
		this.context = this.directory.clientContext();
		Node node = this.context.topology().node(this.nodes / 2);
		switch (this.unhealthy) {
			case "quarantined" ->
				node.health().record(AttemptOutcome.CONNECTION_FAILURE, "benchmark", System.nanoTime());
			case "demoted" -> node.load().demote(true);
			default -> {
			}
		}
		this.read = GetItemRequest.builder().tableName("t").key(Map.of("pk", AttributeValue.fromS("k"))).build();
		this.conditionalPutS = conditionalPut(AttributeValue.fromS("user-" + "x".repeat(95)));
		this.conditionalPutN = conditionalPut(AttributeValue.fromN("1234567890.125"));
		byte[] bytes = new byte[100];
		new SplittableRandom(1).nextBytes(bytes);
		this.conditionalPutB = conditionalPut(AttributeValue.fromB(SdkBytes.fromByteArray(bytes)));
	}

	private static PutItemRequest conditionalPut(AttributeValue key) {
		return PutItemRequest.builder()
			.tableName("t")
			.item(Map.of("pk", key, "v", AttributeValue.fromN("1")))
			.conditionExpression("attribute_not_exists(pk)")
			.build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.directory.close();
	}

	@Benchmark
	public Node roundRobinFirstNode() {
		return this.context.newPlan(this.read).next();
	}

	@Benchmark
	public Node roundRobinThreeAttempts() {
		QueryPlan plan = this.context.newPlan(this.read);
		plan.next();
		plan.next();
		return plan.next();
	}

	@Benchmark
	public Node affinityStringKeyFirstNode() {
		return this.context.newPlan(this.conditionalPutS).next();
	}

	@Benchmark
	public Node affinityNumberKeyFirstNode() {
		return this.context.newPlan(this.conditionalPutN).next();
	}

	@Benchmark
	public Node affinityBinaryKeyFirstNode() {
		return this.context.newPlan(this.conditionalPutB).next();
	}

}
