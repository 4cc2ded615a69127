package dev.alternator.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.alternator.client.internal.affinity.KeyHash;
import dev.alternator.client.internal.affinity.SeededPlan;
import dev.alternator.client.internal.common.Endpoints;
import dev.alternator.testsupport.LocalAlternatorNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Key-route affinity against five local nodes of one datacenter, counted at the nodes.
 * Expected nodes come from a small oracle built only from the vector-tested
 * {@link Endpoints#canonicalOrder(List)}, {@link KeyHash} and {@link SeededPlan}.
 */
@Timeout(180)
class KeyAffinityIntegrationTests {

	private static final String STRINGS = "affinity_s";

	private static final String NUMBERS = "affinity_n";

	private static final String BINARIES = "affinity_b";

	private static final String DISCOVERED = "affinity_discovered";

	private static final String MISSING = "affinity_missing";

	private static final Map<String, String> PRELOADED = Map.of(STRINGS, "pk", NUMBERS, "pk", BINARIES, "pk");

	private static final String ALWAYS_TRUE = "attribute_not_exists(#none)";

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r2", "dc1/r2", "dc1/r3");
		try (DynamoDbClient direct = DynamoDbClient.builder()
			.endpointOverride(fixture.cluster.dynamoDbEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(ClusterFixture.ACCESS_KEY, ClusterFixture.SECRET_KEY)))
			.build()) {
			createTable(direct, STRINGS, "pk", ScalarAttributeType.S, "sk");
			createTable(direct, NUMBERS, "pk", ScalarAttributeType.N, null);
			createTable(direct, BINARIES, "pk", ScalarAttributeType.B, null);
			createTable(direct, DISCOVERED, "id", ScalarAttributeType.S, "sk");
		}
	}

	private static void createTable(DynamoDbClient direct, String name, String hash, ScalarAttributeType type,
			String range) {
		List<KeySchemaElement> schema = new ArrayList<>();
		List<AttributeDefinition> attributes = new ArrayList<>();
		schema.add(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build());
		attributes.add(AttributeDefinition.builder().attributeName(hash).attributeType(type).build());
		if (range != null) {
			schema.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
			attributes
				.add(AttributeDefinition.builder().attributeName(range).attributeType(ScalarAttributeType.S).build());
		}
		direct.createTable((t) -> t.tableName(name)
			.keySchema(schema)
			.attributeDefinitions(attributes)
			.billingMode(BillingMode.PAY_PER_REQUEST));
		direct.waiter().waitUntilTableExists((t) -> t.tableName(name));
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	@AfterEach
	void reset() {
		for (LocalAlternatorNode node : fixture.nodes()) {
			node.localNodesOverride(null);
		}
		fixture.resetAll();
	}

	// ---------------------------------------------------------------- oracle

	private static List<String> endpoints(List<LocalAlternatorNode> nodes) {
		return nodes.stream().map((node) -> node.endpoint().toString()).toList();
	}

	/** The key's seeded plan over the given nodes, as canonical endpoints. */
	private static List<String> oracle(List<LocalAlternatorNode> nodes, long hash) {
		return SeededPlan.order(Endpoints.canonicalOrder(endpoints(nodes)), hash);
	}

	private static String canonical(LocalAlternatorNode node) {
		return Endpoints.canonical(node.endpoint().toString());
	}

	private static long hash(AttributeValue value) {
		if (value.s() != null) {
			return KeyHash.hashString(value.s());
		}
		if (value.n() != null) {
			return KeyHash.hashNumber(value.n());
		}
		return KeyHash.hashBinary(value.b().asByteArray());
	}

	// ---------------------------------------------------------------- helpers

	/**
	 * The SDK's write retries: this class tests where conditional writes go, also while a
	 * node is stopped. A write can cross the stopped node's connection reset on the
	 * loopback when the machine is busy, and would then fail as outcome-unknown under
	 * {@link WriteRetryPolicy#SAFE} ({@link WriteRetryScenarioTests} covers that policy).
	 * Replica-aware routing is off: it describes tables too, and this class counts the
	 * {@code DescribeTable} requests of key affinity's lookup.
	 */
	private static AlternatorConfig.Builder config(KeyAffinityMode mode) {
		return fixture.config(0, 1)
			.replicaAwareRouting(false)
			.keyAffinityMode(mode)
			.partitionKeys(PRELOADED)
			.writeRetryPolicy(WriteRetryPolicy.SDK);
	}

	private static long[] puts() {
		return fixture.nodes().stream().mapToLong((node) -> node.stats().requests("PutItem")).toArray();
	}

	private static long describes() {
		return fixture.nodes().stream().mapToLong((node) -> node.stats().requests("DescribeTable")).sum();
	}

	/** Runs one write and returns the canonical endpoint of the one node it reached. */
	private static String nodeOf(Runnable write) {
		long[] before = puts();
		write.run();
		long[] after = puts();
		List<String> reached = new ArrayList<>();
		for (int i = 0; i < before.length; i++) {
			for (long k = before[i]; k < after[i]; k++) {
				reached.add(canonical(fixture.node(i)));
			}
		}
		assertThat(reached).as("nodes reached by one write").hasSize(1);
		return reached.get(0);
	}

	private static void conditionalPut(DynamoDbClient client, String table, AttributeValue pk) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		item.put("pk", pk);
		if (table.equals(STRINGS)) {
			item.put("sk", AttributeValue.fromS("s" + System.nanoTime()));
		}
		item.put("v", AttributeValue.fromS("value"));
		client.putItem((r) -> r.tableName(table)
			.item(item)
			.conditionExpression(ALWAYS_TRUE)
			.expressionAttributeNames(Map.of("#none", "none")));
	}

	private static AttributeValue keyOfType(char type, int i) {
		return switch (type) {
			case 'S' -> AttributeValue.fromS("key-" + i);
			case 'N' -> AttributeValue.fromN(Integer.toString(i * 7 - 50));
			default -> AttributeValue.fromB(SdkBytes.fromByteBuffer(ByteBuffer.allocate(4).putInt(0, i * 31)));
		};
	}

	private static String tableOfType(char type) {
		return switch (type) {
			case 'S' -> STRINGS;
			case 'N' -> NUMBERS;
			default -> BINARIES;
		};
	}

	// ---------------------------------------------------------------- tests

	@Test
	void thousandConditionalPutsOnOneKeyAllReachTheKeysNode() {
		AttributeValue pk = AttributeValue.fromS("lwt-key");
		String expected = oracle(fixture.nodes(), hash(pk)).get(0);
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config(KeyAffinityMode.RMW).build())) {
			fixture.resetAll();
			ClusterFixture.repeat(1000, (i) -> conditionalPut(client, STRINGS, pk));
		}
		long[] counts = puts();
		System.out.printf("key affinity: 1000 conditional PutItems on one key reached %s (key's node %s)%n",
				ClusterFixture.counts(counts), expected);
		assertThat(Arrays.stream(counts).sum()).isEqualTo(1000);
		int index = endpoints(fixture.nodes()).stream().map(Endpoints::canonical).toList().indexOf(expected);
		assertThat(counts[index]).isEqualTo(1000);
	}

	@Test
	void unconditionalWritesOnTheSameKeySpreadInRmwMode() {
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config(KeyAffinityMode.RMW).build())) {
			fixture.resetAll();
			ClusterFixture.repeat(300, (i) -> client.putItem((r) -> r.tableName(STRINGS)
				.item(Map.of("pk", AttributeValue.fromS("lwt-key"), "sk", AttributeValue.fromS("u" + i)))));
		}
		long[] counts = puts();
		System.out.printf("key affinity: 300 unconditional PutItems on one key (RMW mode) reached %s%n",
				ClusterFixture.counts(counts));
		assertThat(Arrays.stream(counts).filter((c) -> c > 0).count()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void keysOfAStoppedNodeGoToTheNextNodeOfTheirPlanThenFollowMembershipAndReturn() {
		List<LocalAlternatorNode> all = fixture.nodes();
		LocalAlternatorNode stopped = fixture.node(3);
		String stoppedEndpoint = canonical(stopped);
		List<LocalAlternatorNode> remaining = all.stream().filter((n) -> n != stopped).toList();
		// 20 keys of each type whose node is the one we stop
		Map<AttributeValue, Character> keys = new LinkedHashMap<>();
		for (char type : new char[] { 'S', 'N', 'B' }) {
			int found = 0;
			for (int i = 0; found < 20; i++) {
				AttributeValue key = keyOfType(type, i);
				if (oracle(all, hash(key)).get(0).equals(stoppedEndpoint)) {
					keys.put(key, type);
					found++;
				}
			}
		}
		String everyNode = all.stream()
			.map((n) -> "\"" + n.address() + "\"")
			.collect(Collectors.joining(",", "[", "]"));
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config(KeyAffinityMode.RMW).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			Function<AttributeValue, String> write = (key) -> nodeOf(
					() -> conditionalPut(client, tableOfType(keys.get(key)), key));
			keys.keySet().forEach((key) -> assertThat(write.apply(key)).isEqualTo(stoppedEndpoint));

			// stopped, but still listed by discovery: skipped, plan[1]
			all.forEach((n) -> n.localNodesOverride(everyNode));
			stopped.down();
			int[] phase = new int[3];
			for (AttributeValue key : keys.keySet()) {
				assertThat(write.apply(key)).as("key %s while its node is down", key)
					.isEqualTo(oracle(all, hash(key)).get(1));
				phase[0]++;
			}
			assertThat(directory.nodes()).anyMatch((n) -> n.address().equals(stopped.address()));

			// the refresh that drops the node: plan[0] over the new list
			all.forEach((n) -> n.localNodesOverride(null));
			Await.until(Duration.ofSeconds(10),
					() -> directory.nodes().stream().noneMatch((n) -> n.address().equals(stopped.address())),
					directory::toString);
			for (AttributeValue key : keys.keySet()) {
				assertThat(write.apply(key)).as("key %s after the node left", key)
					.isEqualTo(oracle(remaining, hash(key)).get(0));
				phase[1]++;
			}

			// the node returns: back to the original node
			stopped.up();
			Await.until(Duration.ofSeconds(10),
					() -> directory.nodes()
						.stream()
						.anyMatch((n) -> n.address().equals(stopped.address()) && n.state() == NodeState.ACTIVE),
					directory::toString);
			for (AttributeValue key : keys.keySet()) {
				assertThat(write.apply(key)).as("key %s after the node returned", key).isEqualTo(stoppedEndpoint);
				phase[2]++;
			}
			System.out.printf(
					"key affinity: %d keys (S, N, B) of %s: %d to plan[1] while down, %d to plan[0] of "
							+ "the new list after removal, %d back after return%n",
					keys.size(), stoppedEndpoint, phase[0], phase[1], phase[2]);
		}
	}

	@Test
	void nodeOfAKeyDoesNotDependOnTheOrderLocalnodesAnswers() {
		List<String> addresses = fixture.nodes().stream().map(LocalAlternatorNode::address).toList();
		List<String> forward = new ArrayList<>(addresses);
		List<String> rotated = new ArrayList<>(addresses.subList(2, 5));
		rotated.addAll(addresses.subList(0, 2));
		java.util.Collections.reverse(rotated);
		List<List<String>> chosen = new ArrayList<>();
		for (List<String> order : List.of(forward, rotated)) {
			String body = order.stream().map((a) -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
			fixture.nodes().forEach((n) -> n.localNodesOverride(body));
			try (DynamoDbClient client = AlternatorDynamoDbClient.create(config(KeyAffinityMode.ANY_WRITE).build())) {
				List<String> nodes = new ArrayList<>();
				for (int i = 0; i < 30; i++) {
					AttributeValue key = AttributeValue.fromS("order-" + i);
					nodes.add(nodeOf(() -> conditionalPut(client, STRINGS, key)));
				}
				chosen.add(nodes);
			}
		}
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			expected.add(oracle(fixture.nodes(), KeyHash.hashString("order-" + i)).get(0));
		}
		assertThat(chosen.get(0)).isEqualTo(expected);
		assertThat(chosen.get(1)).isEqualTo(expected);
	}

	private static AlternatorConfig anonymousRmw() {
		return AlternatorConfig.builder()
			.seedHosts(fixture.node(0).address(), fixture.node(1).address())
			.port(fixture.cluster.port())
			.keyAffinityMode(KeyAffinityMode.RMW)
			.build();
	}

	private static StaticCredentialsProvider clusterCredentials() {
		return StaticCredentialsProvider
			.create(AwsBasicCredentials.create(ClusterFixture.ACCESS_KEY, ClusterFixture.SECRET_KEY));
	}

	@Test
	void partitionKeyLookupSignsWithCredentialsGivenOnlyInTheSyncClientCustomizer() {
		RecordingAffinity events = new RecordingAffinity();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(anonymousRmw());
				DynamoDbClient client = AlternatorDynamoDbClient.builder()
					.nodeDirectory(directory)
					.clientCustomizer((builder) -> builder.credentialsProvider(clusterCredentials()))
					.build()) {
			directory.addListener(events);
			AttributeValue id = AttributeValue.fromS("customizer-credentials");
			Await.until(Duration.ofSeconds(10), () -> {
				client.putItem(discoveredPut(id));
				return events.hits(DISCOVERED) > 0;
			}, () -> events.misses(DISCOVERED) + " misses, no hit");
		}
	}

	@Test
	void partitionKeyLookupSignsWithCredentialsGivenOnlyInTheAsyncClientCustomizer() {
		RecordingAffinity events = new RecordingAffinity();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(anonymousRmw());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
					.nodeDirectory(directory)
					.clientCustomizer((builder) -> builder.credentialsProvider(clusterCredentials()))
					.build()) {
			directory.addListener(events);
			AttributeValue id = AttributeValue.fromS("async-customizer-credentials");
			Await.until(Duration.ofSeconds(10), () -> {
				client.putItem(discoveredPut(id)).join();
				return events.hits(DISCOVERED) > 0;
			}, () -> events.misses(DISCOVERED) + " misses, no hit");
		}
	}

	@Test
	void partitionKeyOfATableThatWasNotPreloadedIsDiscoveredWithoutFailingRequests() {
		RecordingAffinity events = new RecordingAffinity();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0, 1).replicaAwareRouting(false).keyAffinityMode(KeyAffinityMode.RMW).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(events);
			fixture.resetAll();
			AttributeValue id = AttributeValue.fromS("discovered-key");
			Runnable write = () -> client.putItem(discoveredPut(id));
			write.run();
			Await.until(Duration.ofSeconds(10), () -> {
				write.run();
				return events.hits(DISCOVERED) > 0;
			}, events.events::toString);
			String expected = oracle(fixture.nodes(), hash(id)).get(0);
			for (int i = 0; i < 50; i++) {
				assertThat(nodeOf(write)).isEqualTo(expected);
			}
			Await.until(Duration.ofSeconds(5), () -> events.hits(DISCOVERED) >= 51, events.events::toString);
			System.out.printf("key affinity: sync discovery: %d misses before the first hit, %d DescribeTable%n",
					events.misses(DISCOVERED), describes());
			assertThat(events.events.get(0)).isEqualTo(DISCOVERED + " miss");
			assertThat(describes()).isEqualTo(1);
		}
	}

	@Test
	void asyncClientDiscoversThePartitionKeyInTheBackgroundToo() {
		RecordingAffinity events = new RecordingAffinity();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0, 1).replicaAwareRouting(false).keyAffinityMode(KeyAffinityMode.RMW).build());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(events);
			fixture.resetAll();
			AttributeValue id = AttributeValue.fromS("async-key");
			Runnable write = () -> client.putItem(discoveredPut(id)).join();
			write.run();
			Await.until(Duration.ofSeconds(10), () -> {
				write.run();
				return events.hits(DISCOVERED) > 0;
			}, events.events::toString);
			String expected = oracle(fixture.nodes(), hash(id)).get(0);
			for (int i = 0; i < 50; i++) {
				assertThat(nodeOf(write)).isEqualTo(expected);
			}
			System.out.printf("key affinity: async discovery: %d misses before the first hit, %d DescribeTable%n",
					events.misses(DISCOVERED), describes());
			assertThat(events.events.get(0)).isEqualTo(DISCOVERED + " miss");
			assertThat(describes()).isEqualTo(1);
		}
	}

	@Test
	void missingTableFailsOnlyAsItWouldWithoutAffinityAndIsLookedUpOncePerCooldown() throws Exception {
		AtomicLong offset = new AtomicLong();
		RecordingAffinity events = new RecordingAffinity();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.builder(fixture.config(0, 1).replicaAwareRouting(false).keyAffinityMode(KeyAffinityMode.ANY_WRITE).build())
			.nanoTime(() -> System.nanoTime() + offset.get())
			.build();
				DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.builder().nodeDirectory(directory).build();
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(events);
			fixture.resetAll();
			for (int i = 0; i < 20; i++) {
				assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> client
					.putItem((r) -> r.tableName(MISSING).item(Map.of("pk", AttributeValue.fromS("k")))));
				assertThatExceptionOfType(CompletionException.class)
					.isThrownBy(() -> async
						.putItem((r) -> r.tableName(MISSING).item(Map.of("pk", AttributeValue.fromS("k"))))
						.join())
					.withCauseInstanceOf(ResourceNotFoundException.class);
				Thread.sleep(50);
			}
			long withinCooldown = describes();
			offset.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());
			assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(
					() -> client.putItem((r) -> r.tableName(MISSING).item(Map.of("pk", AttributeValue.fromS("k")))));
			Await.until(Duration.ofSeconds(10), () -> describes() == 2, () -> "DescribeTable: " + describes());
			System.out.printf("key affinity: missing table: %d DescribeTable for 40 writes in 1 s, %d after the "
					+ "5 min cooldown; %d hits%n", withinCooldown, describes(), events.hits(MISSING));
			assertThat(withinCooldown).isEqualTo(1);
			assertThat(events.hits(MISSING)).isZero();
		}
	}

	@Test
	void batchWriteGoesToTheNodeMostOfItsKeysVoteFor() {
		List<String> votesFor = new ArrayList<>();
		List<AttributeValue> keys = new ArrayList<>();
		String winner = null;
		for (int i = 0; keys.size() < 7; i++) {
			AttributeValue key = AttributeValue.fromS("batch-" + i);
			String node = oracle(fixture.nodes(), hash(key)).get(0);
			if (winner == null) {
				winner = node;
			}
			long forWinner = votesFor.stream().filter(winner::equals).count();
			if (node.equals(winner) ? forWinner < 4 : votesFor.size() - forWinner < 3) {
				keys.add(key);
				votesFor.add(node);
			}
		}
		List<WriteRequest> writes = keys.stream()
			.map((key) -> WriteRequest.builder()
				.putRequest(PutRequest.builder().item(Map.of("pk", key, "sk", AttributeValue.fromS("b"))).build())
				.build())
			.toList();
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config(KeyAffinityMode.ANY_WRITE).build())) {
			fixture.resetAll();
			for (int i = 0; i < 10; i++) {
				client.batchWriteItem((r) -> r.requestItems(Map.of(STRINGS, writes)));
			}
		}
		long[] counts = fixture.nodes().stream().mapToLong((n) -> n.stats().requests("BatchWriteItem")).toArray();
		System.out.printf("key affinity: 10 BatchWriteItems voting %s reached %s%n", votesFor,
				ClusterFixture.counts(counts));
		int index = endpoints(fixture.nodes()).stream().map(Endpoints::canonical).toList().indexOf(winner);
		assertThat(counts[index]).isEqualTo(10);
	}

	@Test
	void enhancedClientConditionalWritesUseTheKeysNode() {
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config(KeyAffinityMode.RMW).build())) {
			DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
			DynamoDbTable<EnhancedDocument> table = enhanced.table(STRINGS,
					TableSchema.documentSchemaBuilder()
						.addIndexPartitionKey(TableMetadata.primaryIndexName(), "pk", AttributeValueType.S)
						.addIndexSortKey(TableMetadata.primaryIndexName(), "sk", AttributeValueType.S)
						.attributeConverterProviders(AttributeConverterProvider.defaultProvider())
						.build());
			Expression condition = Expression.builder().expression("attribute_not_exists(pk)").build();
			String expected = oracle(fixture.nodes(), KeyHash.hashString("enhanced")).get(0);
			for (int i = 0; i < 20; i++) {
				EnhancedDocument document = EnhancedDocument.builder()
					.attributeConverterProviders(AttributeConverterProvider.defaultProvider())
					.putString("pk", "enhanced")
					.putString("sk", "sort-" + i)
					.putNumber("n", i)
					.build();
				assertThat(nodeOf(() -> table.putItem((r) -> r.item(document).conditionExpression(condition))))
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void closingTheClientStopsThePartitionKeyLookupThreadsToo() {
		java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
		fixture.resetAll();
		DynamoDbClient client = AlternatorDynamoDbClient
			.create(fixture.config(0, 1).replicaAwareRouting(false).keyAffinityMode(KeyAffinityMode.RMW).build());
		client.putItem(discoveredPut(AttributeValue.fromS("closing-key")));
		Await.until(Duration.ofSeconds(10), () -> describes() >= 1, () -> "no DescribeTable");
		assertThat(libraryThreads(before)).anyMatch((name) -> name.endsWith("-partition-keys"));
		client.close();
		Await.until(Duration.ofSeconds(10), () -> libraryThreads(before).isEmpty(),
				() -> libraryThreads(before).toString());
	}

	private static List<String> libraryThreads(java.util.Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			.filter((name) -> name.startsWith("alternator-") && !name.startsWith("alternator-local"))
			.toList();
	}

	private static PutItemRequest discoveredPut(AttributeValue id) {
		return PutItemRequest.builder()
			.tableName(DISCOVERED)
			.item(Map.of("id", id, "sk", AttributeValue.fromS("s" + System.nanoTime())))
			.conditionExpression(ALWAYS_TRUE)
			.expressionAttributeNames(Map.of("#none", "none"))
			.build();
	}

	/** Records key-affinity events as "table hit|miss". */
	private static final class RecordingAffinity implements AlternatorListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void keyAffinity(String table, boolean hit) {
			this.events.add(table + (hit ? " hit" : " miss"));
		}

		long hits(String table) {
			return this.events.stream().filter((e) -> e.equals(table + " hit")).count();
		}

		long misses(String table) {
			return this.events.stream().filter((e) -> e.equals(table + " miss")).count();
		}

	}

}
