package dev.alternator.client.internal.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.FakeScheduler;
import dev.alternator.client.internal.affinity.DescribeTableLookup;
import dev.alternator.client.internal.affinity.KeyAffinity;
import dev.alternator.client.internal.affinity.PartitionKeyResolver;
import dev.alternator.client.internal.common.Activity;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.replica.FakeClusterReads;
import dev.alternator.client.internal.replica.ReplicaRouting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which plan a call gets: key affinity first, then replicas, then round-robin — on six
 * nodes over three racks whose placement a fake cluster serves.
 */
class PlannerTests {

	private static final List<String> NODES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5",
			"127.0.0.6");

	private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("hello"));

	private final FakeScheduler scheduler = new FakeScheduler();

	private final Ticker ticker = this.scheduler.ticker();

	private final FakeClusterReads reads = new FakeClusterReads(this.scheduler::millis)
		.node(1, "dc1", "r1", -6_000_000_000_000_000_000L)
		.node(2, "dc1", "r1", -4_000_000_000_000_000_000L)
		.node(3, "dc1", "r2", -2_000_000_000_000_000_000L)
		.node(4, "dc1", "r2", 0)
		.node(5, "dc1", "r3", 2_000_000_000_000_000_000L)
		.node(6, "dc1", "r3", 4_000_000_000_000_000_000L)
		.table("t", "pk");

	private final EventDispatcher events = new EventDispatcher("alternator-test-events");

	private final Membership membership = new Membership(
			AlternatorConfig.builder().seedHosts("127.0.0.1").build(), this.ticker, new HealthPolicy(5,
					Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(60).toNanos(), new SplittableRandom(1)),
			this.events);

	private final Activity activity = new Activity(this.ticker, () -> {
	});

	private final ReplicaRouting replicas = new ReplicaRouting(this.reads, this.membership, this.ticker,
			new SplittableRandom(3), Duration.ofSeconds(30), this.scheduler, this.scheduler);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	PlannerTests() {
		this.membership.publish(RoutingScope.cluster(), NODES);
	}

	@AfterEach
	void close() throws Exception {
		this.replicas.close();
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	private KeyAffinity affinity(KeyAffinityMode mode) {
		DescribeTableLookup lookup = new DescribeTableLookup((customizer) -> {
			throw new IllegalStateException("the partition key is preloaded");
		}, (customizer) -> {
			throw new IllegalStateException("the partition key is preloaded");
		});
		KeyAffinity affinity = new KeyAffinity(mode, new PartitionKeyResolver(Map.of("t", "pk"), lookup, this.ticker,
				new SplittableRandom(4), Duration.ofMillis(100), "alternator-test-partition-keys"), this.events);
		this.closeables.add(affinity);
		return affinity;
	}

	private static List<String> firsts(Planner planner, SdkRequest request, int calls) {
		List<String> firsts = new ArrayList<>();
		for (int i = 0; i < calls; i++) {
			firsts.add(planner.newPlan(request).next().address());
		}
		return firsts;
	}

	private Set<String> replicasOfHello() {
		Planner planner = new Planner(this.membership, this.activity, null, this.replicas, new SplittableRandom(2));
		planner.newPlan(GetItemRequest.builder().tableName("t").key(KEY).build());
		this.scheduler.runDue();
		Set<String> seen = new HashSet<>(firsts(planner, GetItemRequest.builder().tableName("t").key(KEY).build(), 30));
		assertThat(seen).hasSize(3);
		return seen;
	}

	@Test
	void singleKeyReadsStartAtTheirKeysReplicasInTurn() {
		Set<String> replicas = replicasOfHello();
		assertThat(this.replicas.count(true)).isEqualTo(30);
		assertThat(replicas).isSubsetOf(NODES);
	}

	@Test
	void keyAffinityWritesKeepTheirKeysNodeAndAreNotCountedAsReplicaRouting() {
		replicasOfHello();
		long counted = this.replicas.count(true) + this.replicas.count(false);
		Planner planner = new Planner(this.membership, this.activity, affinity(KeyAffinityMode.ANY_WRITE),
				this.replicas, new SplittableRandom(2));
		PutItemRequest put = PutItemRequest.builder().tableName("t").item(KEY).build();
		assertThat(new HashSet<>(firsts(planner, put, 20))).hasSize(1);
		assertThat(this.replicas.count(true) + this.replicas.count(false)).isEqualTo(counted);
	}

	@Test
	void writesKeyAffinityDoesNotTakeStartAtAReplica() {
		Set<String> replicas = replicasOfHello();
		Planner planner = new Planner(this.membership, this.activity, affinity(KeyAffinityMode.RMW), this.replicas,
				new SplittableRandom(2));
		PutItemRequest blind = PutItemRequest.builder().tableName("t").item(KEY).build();
		assertThat(firsts(planner, blind, 12)).allMatch(replicas::contains);
		assertThat(new HashSet<>(firsts(planner, blind, 12))).hasSize(3);
	}

	@Test
	void aMissTakesTheRoundRobinTurnItWouldHaveTakenWithoutReplicaRouting() {
		Planner withReplicas = new Planner(this.membership, this.activity, null, this.replicas,
				new SplittableRandom(2));
		Planner without = new Planner(this.membership, this.activity, null, null, new SplittableRandom(2));
		GetItemRequest get = GetItemRequest.builder().tableName("t").key(KEY).build();
		assertThat(firsts(withReplicas, get, 12)).containsExactlyElementsOf(firsts(without, get, 12));
	}

}
