package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.alternator.testsupport.AlternatorTokens;
import dev.alternator.testsupport.LocalAlternatorCluster;
import dev.alternator.testsupport.LocalAlternatorNode;
import dev.alternator.testsupport.TablePlacement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replica-aware routing end to end, on the local cluster's emulation of ScyllaDB's data
 * placement: six nodes in one datacenter over three racks (two per rack), RF 3, for
 * tables on vnodes and on tablets, with {@code S}, {@code N} and {@code B} keys. The
 * nodes count the single-key requests they receive for keys they do not hold (the extra
 * hop a real coordinator takes), which is what these tests measure. Each prints one line
 * of figures.
 * <p>
 * Load balancing is pinned to round-robin: exact spreads are asserted, and latency-aware
 * routing demotes nodes on a busy machine.
 */
@Timeout(120)
class ReplicaRoutingScenarioTests {

	private static final String HASH_KEY = "pk";

	/** Keys of each type where the spread over the nodes is measured. */
	private static final int KEYS_PER_TYPE = 400;

	/** Keys of each type elsewhere. */
	private static final int FEW_KEYS_PER_TYPE = 100;

	/** The single-key operations each key is sent, in order. */
	private static final int OPERATIONS_PER_KEY = 5;

	private static LocalAlternatorCluster cluster;

	/**
	 * The tables of one placement kind: one per key type.
	 */
	enum Layout {

		VNODES("scenario_vnodes"), TABLETS("scenario_tablets");

		final String prefix;

		Layout(String prefix) {
			this.prefix = prefix;
		}

		String table(ScalarAttributeType type) {
			return this.prefix + "_" + type.toString().toLowerCase();
		}

		List<String> tables() {
			return KEY_TYPES.stream().map(this::table).toList();
		}

		ReplicaRoutingStatus.Placement placement() {
			return (this == VNODES) ? ReplicaRoutingStatus.Placement.VNODES : ReplicaRoutingStatus.Placement.TABLETS;
		}

	}

	private static final List<ScalarAttributeType> KEY_TYPES = List.of(ScalarAttributeType.S, ScalarAttributeType.N,
			ScalarAttributeType.B);

	@BeforeAll
	static void startCluster() {
		LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder()
			.instant(true)
			.maxLifetime(Duration.ofMinutes(10))
			// ScyllaDB's default: with fewer tokens per node, vnode ownership alone is
			// too
			// uneven for a per-node spread to mean anything (with 256: 1.13 max/min here)
			.vnodeTokens(256);
		for (String table : Layout.TABLETS.tables()) {
			builder.placement(table, TablePlacement.tablets(16));
		}
		for (String rack : List.of("r1", "r2", "r3", "r1", "r2", "r3")) {
			builder.node("dc1", rack);
		}
		cluster = builder.start();
		try (DynamoDbClient direct = DynamoDbClient.builder()
			.endpointOverride(cluster.node(0).endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.build()) {
			for (Layout layout : Layout.values()) {
				for (ScalarAttributeType type : KEY_TYPES) {
					direct.createTable((t) -> t.tableName(layout.table(type))
						.keySchema(KeySchemaElement.builder().attributeName(HASH_KEY).keyType(KeyType.HASH).build())
						.attributeDefinitions(
								AttributeDefinition.builder().attributeName(HASH_KEY).attributeType(type).build())
						.billingMode(BillingMode.PAY_PER_REQUEST));
				}
			}
		}
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void restoreCluster() {
		cluster.denySystemTables(false);
		for (LocalAlternatorNode node : cluster.nodes()) {
			node.clearFaults();
			if (!node.isUp()) {
				node.up();
			}
		}
	}

	/**
	 * Every single-key operation over many random keys of each type starts at a replica,
	 * the replicas of the keys share the load evenly, and the client's hit count is what
	 * the nodes saw; the same requests without replica-aware routing reach a replica
	 * about half the time (three replicas out of six nodes).
	 */
	@ParameterizedTest
	@EnumSource(Layout.class)
	void singleKeyRequestsReachAReplicaAndSpreadEvenly(Layout layout) {
		List<Key> keys = randomKeys(layout, KEYS_PER_TYPE, new Random(layout.ordinal() + 1));
		List<Key> offKeys = keys.subList(0, FEW_KEYS_PER_TYPE * KEY_TYPES.size());
		int requests = keys.size() * OPERATIONS_PER_KEY;
		Measured on;
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			awaitPlacement(directory, client, layout);
			long hitsBefore = directory.replicaRoutingCount(true);
			long missesBefore = directory.replicaRoutingCount(false);
			on = measure(() -> keys.forEach((key) -> everyOperation(client, key)));
			assertThat(directory.replicaRoutingCount(true) - hitsBefore).as("client-side hits")
				.isEqualTo(on.replicaRequests());
			assertThat(directory.replicaRoutingCount(false) - missesBefore).as("client-side misses")
				.isEqualTo(on.nonReplicaRequests());
		}
		Measured off;
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config().replicaAwareRouting(false).build())) {
			// discovery first, so that the requests spread over all six nodes
			awaitDiscovery(client, keys.get(0));
			// fewer keys: only the fraction at a replica is compared
			off = measure(() -> offKeys.forEach((key) -> everyOperation(client, key)));
		}
		System.out.printf(
				"replica routing %s: replica-aware on: requests=%d hit=%.1f%% per-node=%s max/min=%.2f; "
						+ "off: requests=%d hit=%.1f%% per-node=%s max/min=%.2f%n",
				layout, requests, on.hitPercent(), Arrays.toString(on.perNode()), on.spread(),
				offKeys.size() * OPERATIONS_PER_KEY, off.hitPercent(), Arrays.toString(off.perNode()), off.spread());
		assertThat(on.replicaRequests() + on.nonReplicaRequests()).as("single-key requests seen by the nodes")
			.isEqualTo(requests);
		assertThat(on.hitPercent()).as("replica-aware on: %% at a replica").isGreaterThanOrEqualTo(97.0);
		assertThat(on.spread()).as("replica-aware on: max/min per node %s", Arrays.toString(on.perNode()))
			.isLessThanOrEqualTo(1.3);
		assertThat(off.replicaRequests() + off.nonReplicaRequests()).isEqualTo(offKeys.size() * OPERATIONS_PER_KEY);
		assertThat(off.hitPercent()).as("replica-aware off: %% at a replica").isBetween(30.0, 70.0);
	}

	/**
	 * A replica killed under load (its connections reset, its port closed): no idempotent
	 * request fails, during or after, and requests keep starting at the key's live
	 * replicas.
	 */
	@ParameterizedTest
	@EnumSource(Layout.class)
	void killedReplicaLosesNoIdempotentRequest(Layout layout) throws Exception {
		List<Key> keys = randomKeys(layout, FEW_KEYS_PER_TYPE, new Random(10 + layout.ordinal()));
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			awaitPlacement(directory, client, layout);
			Runnable request = () -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				Key key = keys.get(random.nextInt(keys.size()));
				if (random.nextBoolean()) {
					client.getItem((r) -> r.tableName(key.table()).key(key.item()));
				}
				else {
					client.putItem((r) -> r.tableName(key.table()).item(key.item("v", "x")));
				}
			};
			LocalAlternatorNode victim = cluster.node(1);
			LoadLoop load = new LoadLoop(4, Duration.ofSeconds(3), request).start();
			Thread.sleep(1000);
			victim.down();
			load.await(Duration.ofSeconds(30));
			resetStats();
			Measured after = measure(() -> keys.forEach((key) -> {
				client.getItem((r) -> r.tableName(key.table()).key(key.item()));
				client.putItem((r) -> r.tableName(key.table()).item(key.item("v", "y")));
			}));
			System.out.printf(
					"replica routing %s, replica killed: requests=%d failed=%d p99=%dms; after: hit=%.1f%% per-node=%s%n",
					layout, load.requests(), load.failures().size(), load.p99().toMillis(), after.hitPercent(),
					Arrays.toString(after.perNode()));
			assertThat(load.failures()).isEmpty();
			assertThat(after.replicaRequests() + after.nonReplicaRequests()).isEqualTo(2L * keys.size());
			// keys whose replicas include the killed node start at one of their two
			// others
			assertThat(after.hitPercent()).isGreaterThanOrEqualTo(97.0);
		}
	}

	/**
	 * A tablet moved to another node, through every stage of its migration: within about
	 * one refresh interval its keys go to the new replica and no request reaches a node
	 * that does not hold its key.
	 */
	@Test
	void movedTabletIsFollowedWithinOneRefresh() {
		Duration refresh = Duration.ofMillis(300);
		String table = Layout.TABLETS.table(ScalarAttributeType.S);
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(config().placementRefreshInterval(refresh).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			awaitPlacement(directory, client, Layout.TABLETS);
			List<Key> tabletKeys = new ArrayList<>();
			int tablet = cluster.tablet(table, AlternatorTokens.stringKeyToken("moved-0"));
			for (int i = 0; tabletKeys.size() < 30; i++) {
				String value = "moved-" + i;
				if (cluster.tablet(table, AlternatorTokens.stringKeyToken(value)) == tablet) {
					tabletKeys.add(new Key(table, AttributeValue.fromS(value)));
				}
			}
			long token = AlternatorTokens.stringKeyToken("moved-0");
			List<LocalAlternatorNode> before = cluster.replicas(table, token);
			LocalAlternatorNode from = before.get(0);
			LocalAlternatorNode to = cluster.nodes()
				.stream()
				.filter((node) -> !before.contains(node))
				.findFirst()
				.orElseThrow();
			cluster.moveTablet(table, tablet, from, to);
			while (cluster.advanceTabletMigration(table, tablet) != null) {
				// through every stage to the end
			}
			long movedAt = System.nanoTime();
			assertThat(cluster.replicas(table, token)).contains(to).doesNotContain(from);
			Await.until(Duration.ofSeconds(10), () -> {
				resetStats();
				tabletKeys.forEach((key) -> client.getItem((r) -> r.tableName(key.table()).key(key.item())));
				return to.stats().replicaRequests() > 0 && nonReplicaRequests() == 0;
			}, () -> "requests still reach the old replica: " + perNodeSummary());
			Duration followedAfter = Duration.ofNanos(System.nanoTime() - movedAt);
			resetStats();
			Measured after = measure(() -> tabletKeys.forEach((key) -> everyOperation(client, key)));
			System.out.printf(
					"replica routing TABLETS, tablet %d moved %s -> %s: followed after %dms "
							+ "(refresh %dms); after: hit=%.1f%% per-node=%s%n",
					tablet, from.address(), to.address(), followedAfter.toMillis(), refresh.toMillis(),
					after.hitPercent(), Arrays.toString(after.perNode()));
			assertThat(after.hitPercent()).isEqualTo(100.0);
			// one refresh, plus the cycle's reads and a busy machine's scheduling
			assertThat(followedAfter).isLessThan(refresh.multipliedBy(2).plusSeconds(1));
		}
	}

	/**
	 * System tables denied: normal routing (about half the requests reach a replica), no
	 * failed call, exactly one INFO line naming the grant; once allowed again, the retry
	 * with backoff finds the placement and requests start at replicas.
	 */
	@ParameterizedTest
	@EnumSource(Layout.class)
	void deniedSystemTablesRouteNormallyThenRecoverWhenAllowed(Layout layout) {
		List<Key> keys = randomKeys(layout, FEW_KEYS_PER_TYPE, new Random(20 + layout.ordinal()));
		cluster.denySystemTables(true);
		try (CapturedLog log = CapturedLog.of("alternator");
				AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			awaitDiscovery(client, keys.get(0));
			Await.until(Duration.ofSeconds(10), () -> {
				keys.subList(0, 3).forEach((key) -> client.getItem((r) -> r.tableName(key.table()).key(key.item())));
				return directory.replicaRouting().size() == KEY_TYPES.size() && directory.replicaRouting()
					.stream()
					.allMatch((s) -> s.reason() != null && s.reason().contains("GRANT SELECT"));
			}, () -> directory.replicaRouting().toString());
			long hitsBefore = directory.replicaRoutingCount(true);
			Measured denied = measure(() -> keys.forEach((key) -> everyOperation(client, key)));
			assertThat(directory.replicaRoutingCount(true)).isEqualTo(hitsBefore);
			assertThat(directory.replicaRouting()).allSatisfy(
					(status) -> assertThat(status.placement()).isEqualTo(ReplicaRoutingStatus.Placement.UNAVAILABLE));
			List<ILoggingEvent> events = log.events();
			assertThat(events).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
			assertThat(events).filteredOn((event) -> event.getFormattedMessage().startsWith("Replica-aware routing"))
				.singleElement()
				.satisfies((event) -> assertThat(event.getLevel()).isEqualTo(Level.INFO))
				.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("GRANT SELECT ON system."));

			cluster.denySystemTables(false);
			long allowedAt = System.nanoTime();
			awaitPlacement(directory, client, layout);
			Duration recoveredAfter = Duration.ofNanos(System.nanoTime() - allowedAt);
			Measured allowed = measure(() -> keys.forEach((key) -> everyOperation(client, key)));
			System.out.printf(
					"replica routing %s, system tables denied: hit=%.1f%% per-node=%s; allowed again: placement "
							+ "read after %dms, hit=%.1f%%%n",
					layout, denied.hitPercent(), Arrays.toString(denied.perNode()), recoveredAfter.toMillis(),
					allowed.hitPercent());
			assertThat(denied.replicaRequests() + denied.nonReplicaRequests())
				.isEqualTo((long) keys.size() * OPERATIONS_PER_KEY);
			assertThat(denied.hitPercent()).isBetween(30.0, 70.0);
			assertThat(allowed.hitPercent()).isGreaterThanOrEqualTo(97.0);
		}
	}

	// ---- helpers

	private static AlternatorConfig.Builder config() {
		return AlternatorConfig.builder()
			.seedHosts(List.of(cluster.node(0).address()))
			.port(cluster.port())
			.loadBalancing(LoadBalancing.ROUND_ROBIN);
	}

	/**
	 * Sends requests to every table of the layout until their placement is read and a
	 * request to each starts at a replica.
	 */
	private static void awaitPlacement(AlternatorNodeDirectory directory, DynamoDbClient client, Layout layout) {
		List<Key> probes = KEY_TYPES.stream()
			.map((type) -> randomKey(layout.table(type), type, new Random(type.ordinal())))
			.toList();
		Await.until(Duration.ofSeconds(20), () -> {
			long hits = directory.replicaRoutingCount(true);
			probes.forEach((key) -> client.getItem((r) -> r.tableName(key.table()).key(key.item())));
			Map<String, ReplicaRoutingStatus> statuses = new HashMap<>();
			directory.replicaRouting().forEach((status) -> statuses.put(status.table(), status));
			return directory.replicaRoutingCount(true) - hits == probes.size()
					&& layout.tables()
						.stream()
						.allMatch((table) -> statuses.containsKey(table)
								&& statuses.get(table).placement() == layout.placement()
								&& statuses.get(table).lastRefresh() != null);
		}, () -> "placement not known: " + directory.replicaRouting());
	}

	/** Sends requests until the client routes over every node of the cluster. */
	private static void awaitDiscovery(DynamoDbClient client, Key probe) {
		Await.until(Duration.ofSeconds(15), () -> {
			resetStats();
			for (int i = 0; i < 2 * cluster.nodes().size(); i++) {
				client.getItem((r) -> r.tableName(probe.table()).key(probe.item()));
			}
			return cluster.nodes().stream().allMatch((node) -> node.stats().apiRequests() > 0);
		}, ReplicaRoutingScenarioTests::perNodeSummary);
	}

	/** GetItem, PutItem, UpdateItem, Query on the partition key, DeleteItem. */
	private static void everyOperation(DynamoDbClient client, Key key) {
		client.getItem((r) -> r.tableName(key.table()).key(key.item()));
		client.putItem((r) -> r.tableName(key.table()).item(key.item("v", "1")));
		client.updateItem((r) -> r.tableName(key.table())
			.key(key.item())
			.updateExpression("SET v = :v")
			.expressionAttributeValues(Map.of(":v", AttributeValue.fromS("2"))));
		client.query((r) -> r.tableName(key.table())
			.keyConditionExpression("#k = :k")
			.expressionAttributeNames(Map.of("#k", HASH_KEY))
			.expressionAttributeValues(Map.of(":k", key.value())));
		client.deleteItem((r) -> r.tableName(key.table()).key(key.item()));
	}

	private static Measured measure(Runnable work) {
		resetStats();
		work.run();
		List<LocalAlternatorNode> nodes = cluster.nodes();
		long[] perNode = new long[nodes.size()];
		long replica = 0;
		long nonReplica = 0;
		for (int i = 0; i < perNode.length; i++) {
			LocalAlternatorNode node = nodes.get(i);
			replica += node.stats().replicaRequests();
			nonReplica += node.stats().nonReplicaRequests();
			perNode[i] = node.stats().replicaRequests() + node.stats().nonReplicaRequests();
		}
		return new Measured(replica, nonReplica, perNode);
	}

	private static void resetStats() {
		cluster.nodes().forEach(LocalAlternatorNode::resetStats);
	}

	private static long nonReplicaRequests() {
		return cluster.nodes().stream().mapToLong((node) -> node.stats().nonReplicaRequests()).sum();
	}

	private static String perNodeSummary() {
		StringBuilder summary = new StringBuilder();
		for (LocalAlternatorNode node : cluster.nodes()) {
			summary.append(node.address())
				.append(": api=")
				.append(node.stats().apiRequests())
				.append(" replica=")
				.append(node.stats().replicaRequests())
				.append(" non-replica=")
				.append(node.stats().nonReplicaRequests())
				.append("; ");
		}
		return summary.toString();
	}

	/** Random keys of every type, each for the layout's table of its type. */
	private static List<Key> randomKeys(Layout layout, int perType, Random random) {
		List<Key> keys = new ArrayList<>();
		for (int i = 0; i < perType; i++) {
			for (ScalarAttributeType type : KEY_TYPES) {
				keys.add(randomKey(layout.table(type), type, random));
			}
		}
		return keys;
	}

	private static Key randomKey(String table, ScalarAttributeType type, Random random) {
		AttributeValue value = switch (type) {
			case S -> AttributeValue.fromS("key-" + random.nextLong() + ((random.nextBoolean()) ? "-é€😀" : ""));
			case N -> AttributeValue.fromN(((random.nextBoolean()) ? "-" : "") + random.nextInt(1_000_000)
					+ ((random.nextBoolean()) ? "." + random.nextInt(1000) : "")
					+ ((random.nextBoolean()) ? "E" + (random.nextInt(20) - 10) : ""));
			default -> {
				byte[] bytes = new byte[1 + random.nextInt(40)];
				random.nextBytes(bytes);
				yield AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
			}
		};
		return new Key(table, value);
	}

	/**
	 * A partition key of a table.
	 *
	 * @param table the table
	 * @param value the key's value
	 */
	private record Key(String table, AttributeValue value) {

		Map<String, AttributeValue> item() {
			return Map.of(HASH_KEY, this.value);
		}

		Map<String, AttributeValue> item(String attribute, String text) {
			return Map.of(HASH_KEY, this.value, attribute, AttributeValue.fromS(text));
		}

	}

	/**
	 * What the nodes counted over some single-key requests.
	 *
	 * @param replicaRequests requests that reached a replica of their key
	 * @param nonReplicaRequests requests that did not
	 * @param perNode single-key requests by node
	 */
	private record Measured(long replicaRequests, long nonReplicaRequests, long[] perNode) {

		double hitPercent() {
			long total = this.replicaRequests + this.nonReplicaRequests;
			return (total == 0) ? 0 : 100.0 * this.replicaRequests / total;
		}

		double spread() {
			long max = Arrays.stream(this.perNode).max().orElse(0);
			long min = Arrays.stream(this.perNode).min().orElse(0);
			return (min == 0) ? Double.POSITIVE_INFINITY : (double) max / min;
		}

	}

}
