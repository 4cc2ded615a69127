package dev.alternator.client.internal.affinity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.common.Endpoints;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyAffinity}, {@link SeededKeyPlan} and {@link PreferredPlan} over
 * fake topologies. Expected nodes come from an oracle built only from the vector-tested
 * {@link Endpoints#canonicalOrder(List)}, {@link KeyHash} and {@link SeededPlan}.
 */
class KeyAffinityTests {

	private static final List<String> ADDRESSES = List.of("10.0.0.2", "10.0.0.10", "10.0.0.1", "10.0.0.11", "10.0.0.3",
			"db1.example.com");

	private final HealthPolicy policy = new HealthPolicy(5, Duration.ofSeconds(1).toNanos(),
			Duration.ofSeconds(60).toNanos(), new SplittableRandom(1));

	private final EventDispatcher events = new EventDispatcher("alternator-test-events");

	private final List<String> recorded = new CopyOnWriteArrayList<>();

	private final AtomicInteger lookups = new AtomicInteger();

	private final PartitionKeyResolver partitionKeys = new PartitionKeyResolver(Map.of("t", "pk", "u", "id"),
			(table) -> {
				this.lookups.incrementAndGet();
				throw new IllegalStateException("no such table in this test");
			}, Ticker.system(), new SplittableRandom(2), Duration.ofMillis(1), "alternator-test-partition-keys");

	KeyAffinityTests() {
		this.events.start();
		this.events.add(new AlternatorListener() {
			@Override
			public void keyAffinity(String table, boolean hit) {
				KeyAffinityTests.this.recorded.add(table + " " + (hit ? "hit" : "miss"));
			}
		});
	}

	@AfterEach
	void close() {
		this.partitionKeys.close();
		this.events.close();
	}

	private Topology topology(List<String> addresses) {
		List<Node> nodes = new ArrayList<>();
		for (String address : addresses) {
			nodes.add(new Node(address, "http", 8000, this.policy));
		}
		return new Topology(nodes, RoutingScope.cluster(), 1, false);
	}

	/** The oracle: the key's seeded plan, as endpoint strings. */
	private static List<String> oracle(List<String> addresses, long hash) {
		List<String> endpoints = new ArrayList<>();
		for (String address : addresses) {
			endpoints.add("http://" + address + ":8000");
		}
		return SeededPlan.order(Endpoints.canonicalOrder(endpoints), hash);
	}

	private static List<String> attempts(QueryPlan plan, int count) {
		List<String> result = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			result.add(plan.next().canonical());
		}
		return result;
	}

	private static void quarantine(Topology topology, String canonical) {
		for (Node node : topology.nodes()) {
			if (node.canonical().equals(canonical)) {
				node.health().record(AttemptOutcome.CONNECTION_FAILURE, "test", 0);
			}
		}
	}

	private KeyAffinity affinity(KeyAffinityMode mode) {
		return new KeyAffinity(mode, this.partitionKeys, this.events);
	}

	private static PutItemRequest conditionalPut(String table, AttributeValue pk) {
		return PutItemRequest.builder()
			.tableName(table)
			.item(Map.of("pk", pk, "id", AttributeValue.fromS("other"), "v", AttributeValue.fromS("x")))
			.conditionExpression("attribute_not_exists(pk)")
			.build();
	}

	@Test
	void planOfAKeyIsItsSeededPlanOverTheCanonicalOrderWhileAllNodesAreHealthy() {
		Topology topology = topology(ADDRESSES);
		KeyAffinity affinity = affinity(KeyAffinityMode.RMW);
		for (int i = 0; i < 200; i++) {
			AttributeValue pk = switch (i % 3) {
				case 0 -> AttributeValue.fromS("key-" + i);
				case 1 -> AttributeValue.fromN(Integer.toString(i));
				default -> AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] { (byte) i, (byte) 0xff, 0 }));
			};
			long hash = switch (i % 3) {
				case 0 -> KeyHash.hashString("key-" + i);
				case 1 -> KeyHash.hashNumber(Integer.toString(i));
				default -> KeyHash.hashBinary(new byte[] { (byte) i, (byte) 0xff, 0 });
			};
			QueryPlan plan = affinity.plan(conditionalPut("t", pk), topology);
			assertThat(plan).isNotNull();
			assertThat(attempts(plan, 12)).containsExactlyElementsOf(repeat(oracle(ADDRESSES, hash), 2));
		}
	}

	@Test
	void nodeOfAKeyDoesNotDependOnTheOrderDiscoveryListsTheNodes() {
		List<String> shuffled = new ArrayList<>(ADDRESSES);
		KeyAffinity affinity = affinity(KeyAffinityMode.ANY_WRITE);
		for (int round = 0; round < 20; round++) {
			Collections.shuffle(shuffled, new java.util.Random(round));
			Topology topology = topology(shuffled);
			for (int i = 0; i < 50; i++) {
				QueryPlan plan = affinity.plan(conditionalPut("t", AttributeValue.fromS("k" + i)), topology);
				assertThat(plan).isNotNull();
				assertThat(plan.next().canonical()).isEqualTo(oracle(ADDRESSES, KeyHash.hashString("k" + i)).get(0));
			}
		}
	}

	@Test
	void quarantinedKeyNodeIsSkippedWithoutReorderingAndOtherKeysKeepTheirNode() {
		Topology topology = topology(ADDRESSES);
		KeyAffinity affinity = affinity(KeyAffinityMode.RMW);
		String victim = oracle(ADDRESSES, KeyHash.hashString("k0")).get(0);
		quarantine(topology, victim);
		for (int i = 0; i < 100; i++) {
			List<String> seeded = oracle(ADDRESSES, KeyHash.hashString("k" + i));
			List<String> expected = new ArrayList<>(seeded);
			expected.remove(victim);
			expected.add(victim);
			QueryPlan plan = affinity.plan(conditionalPut("t", AttributeValue.fromS("k" + i)), topology);
			assertThat(plan).isNotNull();
			assertThat(attempts(plan, 6)).as("k" + i).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void keyNodeThatFailsDuringTheCallIsFollowedByTheRestOfItsSeededOrder() {
		Topology topology = topology(ADDRESSES);
		List<String> seeded = oracle(ADDRESSES, KeyHash.hashString("k"));
		QueryPlan plan = affinity(KeyAffinityMode.RMW).plan(conditionalPut("t", AttributeValue.fromS("k")), topology);
		assertThat(plan).isNotNull();
		assertThat(plan.next().canonical()).isEqualTo(seeded.get(0));
		quarantine(topology, seeded.get(0));
		assertThat(attempts(plan, 5)).containsExactlyElementsOf(seeded.subList(1, 6));
		assertThat(plan.next().canonical()).isEqualTo(seeded.get(0));
	}

	@Test
	void everyNodeQuarantinedKeepsTheSeededOrder() {
		Topology topology = topology(ADDRESSES);
		topology.nodes().forEach((node) -> quarantine(topology, node.canonical()));
		QueryPlan plan = affinity(KeyAffinityMode.RMW).plan(conditionalPut("t", AttributeValue.fromS("k")), topology);
		assertThat(plan).isNotNull();
		assertThat(attempts(plan, 6)).containsExactlyElementsOf(oracle(ADDRESSES, KeyHash.hashString("k")));
	}

	@Test
	void onlyThePartitionKeyIsHashed() {
		Topology topology = topology(ADDRESSES);
		KeyAffinity affinity = affinity(KeyAffinityMode.ANY_WRITE);
		UpdateItemRequest first = UpdateItemRequest.builder()
			.tableName("t")
			.key(Map.of("pk", AttributeValue.fromS("same"), "sk", AttributeValue.fromS("a")))
			.build();
		UpdateItemRequest second = first.toBuilder()
			.key(Map.of("pk", AttributeValue.fromS("same"), "sk", AttributeValue.fromS("zzz")))
			.build();
		QueryPlan a = affinity.plan(first, topology);
		QueryPlan b = affinity.plan(second, topology);
		assertThat(a).isNotNull();
		assertThat(b).isNotNull();
		assertThat(attempts(a, 6)).isEqualTo(attempts(b, 6)).isEqualTo(oracle(ADDRESSES, KeyHash.hashString("same")));
	}

	@Test
	void requestsThatCannotBeRoutedByKeyRouteNormallyAndCountAsMisses() throws Exception {
		Topology topology = topology(ADDRESSES);
		KeyAffinity affinity = affinity(KeyAffinityMode.RMW);
		assertThat(affinity.plan(conditionalPut("t", AttributeValue.fromBool(true)), topology)).isNull();
		assertThat(affinity.plan(conditionalPut("t", AttributeValue.fromSs(List.of("a"))), topology)).isNull();
		assertThat(affinity.plan(conditionalPut("unknown", AttributeValue.fromS("k")), topology)).isNull();
		assertThat(affinity.plan(
				PutItemRequest.builder().tableName("t").item(Map.of("pk", AttributeValue.fromS("k"))).build(),
				topology))
			.isNull();
		assertThat(affinity.plan(
				GetItemRequest.builder().tableName("t").key(Map.of("pk", AttributeValue.fromS("k"))).build(), topology))
			.isNull();
		assertThat(affinity.plan(conditionalPut("t", AttributeValue.fromS("k")), topology)).isNotNull();
		awaitEvents(4);
		assertThat(this.recorded).containsExactly("t miss", "t miss", "unknown miss", "t hit");
		Thread.sleep(100);
		assertThat(this.lookups).hasValueGreaterThanOrEqualTo(1);
	}

	@Test
	void batchVotesOrderNodesByVotesThenCanonicalOrder() {
		Topology topology = topology(ADDRESSES);
		List<String> canonical = topology.nodes().stream().map(Node::canonical).toList();
		// keys grouped by their node: pick 3 keys for one node, 2 for another, 2 for a
		// third
		Map<String, List<String>> keysByNode = new LinkedHashMap<>();
		for (int i = 0; keysByNode.values().stream().filter((k) -> k.size() >= 3).count() < 3; i++) {
			String key = "b" + i;
			keysByNode.computeIfAbsent(oracle(ADDRESSES, KeyHash.hashString(key)).get(0), (n) -> new ArrayList<>())
				.add(key);
		}
		List<String> nodes = keysByNode.entrySet()
			.stream()
			.filter((e) -> e.getValue().size() >= 3)
			.map(Map.Entry::getKey)
			.toList();
		String most = nodes.get(0);
		String tieLow = (nodes.get(1).compareTo(nodes.get(2)) < 0) ? nodes.get(1) : nodes.get(2);
		String tieHigh = (tieLow.equals(nodes.get(1))) ? nodes.get(2) : nodes.get(1);
		List<WriteRequest> inT = new ArrayList<>();
		for (String key : keysByNode.get(most)) {
			inT.add(put("pk", key));
		}
		// a delete and a put of the tie nodes, one of them in another table with another
		// key name
		inT.add(delete("pk", keysByNode.get(tieHigh).get(0)));
		inT.add(put("pk", keysByNode.get(tieHigh).get(1)));
		List<WriteRequest> inU = List.of(put("id", keysByNode.get(tieLow).get(0)),
				delete("id", keysByNode.get(tieLow).get(1)));
		List<String> expected = new ArrayList<>(List.of(most, tieLow, tieHigh));
		canonical.stream().filter((node) -> !expected.contains(node)).forEach(expected::add);

		KeyAffinity affinity = affinity(KeyAffinityMode.ANY_WRITE);
		for (int round = 0; round < 5; round++) {
			List<WriteRequest> t = new ArrayList<>(inT);
			List<WriteRequest> u = new ArrayList<>(inU);
			Collections.shuffle(t, new java.util.Random(round));
			Collections.shuffle(u, new java.util.Random(round + 100));
			Map<String, List<WriteRequest>> items = new LinkedHashMap<>();
			if (round % 2 == 0) {
				items.put("t", t);
				items.put("u", u);
			}
			else {
				items.put("u", u);
				items.put("t", t);
			}
			QueryPlan plan = affinity.plan(BatchWriteItemRequest.builder().requestItems(items).build(), topology);
			assertThat(plan).isInstanceOf(PreferredPlan.class);
			assertThat(attempts(plan, 6)).as("round " + round).containsExactlyElementsOf(expected);
		}
		assertThat(affinity(KeyAffinityMode.RMW)
			.plan(BatchWriteItemRequest.builder().requestItems(Map.of("t", inT)).build(), topology)).isNull();
	}

	@Test
	void batchVotePlanPostponesQuarantinedNodes() {
		Topology topology = topology(ADDRESSES);
		int[] votes = new int[topology.size()];
		votes[4] = 3;
		votes[1] = 2;
		votes[3] = 2;
		assertThat(PreferredPlan.votedOrder(votes)).containsExactly(4, 1, 3, 0, 2, 5);
		quarantine(topology, topology.node(4).canonical());
		quarantine(topology, topology.node(0).canonical());
		assertThat(new PreferredPlan(topology, votes, 0).order()).containsExactly(1, 3, 2, 5, 4, 0);
	}

	@Test
	void batchesOfAQuarantinedNodeSpreadOverAllTheOtherNodes() {
		Topology topology = topology(ADDRESSES);
		Node down = topology.node(2);
		quarantine(topology, down.canonical());
		KeyAffinity affinity = affinity(KeyAffinityMode.ANY_WRITE);
		Map<String, Integer> firsts = new java.util.HashMap<>();
		int batches = 0;
		for (int i = 0; batches < 6000; i++) {
			AttributeValue key = AttributeValue.fromS("key-" + i);
			if (SeededPlan.first(topology.size(), KeyAffinity.hash(key)) != 2) {
				continue;
			}
			batches++;
			WriteRequest put = WriteRequest.builder()
				.putRequest(PutRequest.builder().item(Map.of("pk", key)).build())
				.build();
			QueryPlan plan = affinity
				.plan(BatchWriteItemRequest.builder().requestItems(Map.of("t", List.of(put))).build(), topology);
			firsts.merge(plan.next().canonical(), 1, Integer::sum);
		}
		assertThat(firsts).hasSize(topology.size() - 1).doesNotContainKey(down.canonical());
		int max = Collections.max(firsts.values());
		int min = Collections.min(firsts.values());
		assertThat((double) max / min).as(firsts.toString()).isLessThanOrEqualTo(1.25);
	}

	@Test
	void batchWithoutUsableKeysRoutesNormally() throws Exception {
		Topology topology = topology(ADDRESSES);
		KeyAffinity affinity = affinity(KeyAffinityMode.ANY_WRITE);
		Map<String, List<WriteRequest>> items = new LinkedHashMap<>();
		items.put("unknown", List.of(put("pk", "a")));
		items.put("t",
				List.of(WriteRequest.builder()
					.putRequest(PutRequest.builder().item(Map.of("pk", AttributeValue.fromBool(true))).build())
					.build()));
		assertThat(affinity.plan(BatchWriteItemRequest.builder().requestItems(items).build(), topology)).isNull();
		awaitEvents(2);
		assertThat(this.recorded).containsExactly("unknown miss", "t miss");
	}

	private static WriteRequest put(String name, String key) {
		return WriteRequest.builder()
			.putRequest(PutRequest.builder()
				.item(Map.of(name, AttributeValue.fromS(key), "payload", AttributeValue.fromS("p" + key)))
				.build())
			.build();
	}

	private static WriteRequest delete(String name, String key) {
		return WriteRequest.builder()
			.deleteRequest(DeleteRequest.builder().key(Map.of(name, AttributeValue.fromS(key))).build())
			.build();
	}

	private void awaitEvents(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.recorded.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

	private static <T> List<T> repeat(List<T> list, int times) {
		List<T> result = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			result.addAll(list);
		}
		return result;
	}

}
