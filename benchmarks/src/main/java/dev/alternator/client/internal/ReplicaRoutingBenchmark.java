package dev.alternator.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.ReplicaRoutingStatus;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.sdk.ClientContext;
import dev.alternator.testsupport.LocalAlternatorCluster;
import dev.alternator.testsupport.TablePlacement;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The per-request routing decision with replica-aware routing, as the client makes it: a
 * plan from the directory's snapshot and the node of the first attempt, for a
 * {@code GetItem} of one of 1 024 string keys (taken in turn, so the token and the
 * replica lookup are computed for varied keys). The placement is read for real, through
 * the DynamoDB API, from a local cluster in instant mode (nodes over three racks, RF 3,
 * 256 vnode tokens per node, or 64 tablets); the cluster takes no part in the measured
 * calls. {@code placement=off} is the same request with replica-aware routing off — the
 * round-robin plan — for comparison. Run with {@code -prof gc} for bytes allocated per
 * operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReplicaRoutingBenchmark {

	private static final String TABLE = "bench";

	private static final int KEYS = 1024;

	@Param({ "3", "6", "12" })
	public int nodes;

	/** {@code off} (replica-aware routing off), {@code vnodes} or {@code tablets}. */
	@Param({ "off", "vnodes", "tablets" })
	public String placement;

	private LocalAlternatorCluster cluster;

	private Directory directory;

	private ClientContext context;

	private GetItemRequest[] reads;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws InterruptedException {
		LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder()
			.instant(true)
			.maxLifetime(Duration.ofMinutes(30))
			.vnodeTokens(256)
			.defaultPlacement(this.placement.equals("tablets") ? TablePlacement.tablets(64) : TablePlacement.vnodes());
		for (int i = 0; i < this.nodes; i++) {
			builder.node("dc1", "r" + (i % 3 + 1));
		}
		this.cluster = builder.start();
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts(List.of(this.cluster.seedHosts().get(0)))
			.port(this.cluster.port())
			.loadBalancing(LoadBalancing.ROUND_ROBIN)
			.replicaAwareRouting(!this.placement.equals("off"))
			.build();
		try (DynamoDbClient setup = dev.alternator.client.AlternatorDynamoDbClient.create(config)) {
			setup.createTable((table) -> table.tableName(TABLE)
				.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
				.attributeDefinitions(
						AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
				.billingMode(BillingMode.PAY_PER_REQUEST));
		}
		this.directory = Directory.create(config, Ticker.system(), new SplittableRandom(7), null);
		this.directory.start();
		this.context = this.directory.clientContext();
		SplittableRandom random = new SplittableRandom(11);
		this.reads = new GetItemRequest[KEYS];
		for (int i = 0; i < KEYS; i++) {
			String key = "user-" + Long.toHexString(random.nextLong());
			this.reads[i] = GetItemRequest.builder()
				.tableName(TABLE)
				.key(Map.of("pk", AttributeValue.fromS(key)))
				.build();
		}
		if (!this.placement.equals("off")) {
			awaitPlacement();
		}
	}

	private void awaitPlacement() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			// a plan registers the table; the placement is read in the background
			this.context.newPlan(this.reads[0]).next();
			List<ReplicaRoutingStatus> statuses = this.directory.replicaRouting();
			if (!statuses.isEmpty() && statuses.get(0).placement() != ReplicaRoutingStatus.Placement.UNAVAILABLE
					&& this.directory.replicaRoutingCount(true) > 0) {
				return;
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("placement not read: " + this.directory.replicaRouting());
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		List<ReplicaRoutingStatus> statuses = this.directory.replicaRouting();
		long hits = this.directory.replicaRoutingCount(true);
		long misses = this.directory.replicaRoutingCount(false);
		if (!this.placement.equals("off") && hits < 100 * misses) {
			throw new IllegalStateException(
					"replica-aware routing was not measured: hits=" + hits + ", misses=" + misses + " " + statuses);
		}
		this.directory.close();
		this.cluster.close();
	}

	@Benchmark
	public Node firstNode() {
		GetItemRequest read = this.reads[this.next++ & (KEYS - 1)];
		return this.context.newPlan(read).next();
	}

}
