package dev.alternator.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterPlacementTests {

	@Test
	void identitiesAndTableIdsAreDrawnFromTheSeed() {
		List<UUID> first;
		List<List<Long>> firstTokens;
		UUID firstTable;
		try (LocalAlternatorCluster cluster = threeRacks(6).placementSeed(7).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "seeded");
			first = hostIds(cluster);
			firstTokens = cluster.nodes().stream().map(LocalAlternatorNode::tokens).toList();
			firstTable = cluster.tableId("seeded");
		}
		try (LocalAlternatorCluster cluster = threeRacks(6).placementSeed(7).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "seeded");
			assertThat(hostIds(cluster)).isEqualTo(first);
			assertThat(cluster.nodes().stream().map(LocalAlternatorNode::tokens).toList()).isEqualTo(firstTokens);
			assertThat(cluster.tableId("seeded")).isEqualTo(firstTable);
		}
		try (LocalAlternatorCluster cluster = threeRacks(6).placementSeed(8).vnodeTokens(3).start()) {
			assertThat(hostIds(cluster)).doesNotContainAnyElementsOf(first);
			assertThat(cluster.node(0).tokens()).hasSize(3).isSorted();
		}
		assertThat(new HashSet<>(first)).hasSize(6);
	}

	@Test
	void aRecreatedTableGetsANewId() {
		try (LocalAlternatorCluster cluster = threeRacks(3).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "again");
			UUID before = cluster.tableId("again");
			client.deleteTable((r) -> r.tableName("again"));
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> cluster.tableId("again"));
			SystemTablesTests.createTable(client, "again");
			assertThat(cluster.tableId("again")).isNotEqualTo(before);
		}
	}

	@Test
	void vnodeReplicasAreTheFirstNodeOfEachRackWalkingTheRing() {
		try (LocalAlternatorCluster cluster = threeRacks(6).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "ring");
			SplittableRandom random = new SplittableRandom(1);
			for (int i = 0; i < 500; i++) {
				long token = random.nextLong();
				List<LocalAlternatorNode> expected = new ArrayList<>();
				Set<String> racks = new HashSet<>();
				for (LocalAlternatorNode node : ringWalk(cluster, token)) {
					if (racks.add(node.rack())) {
						expected.add(node);
					}
				}
				assertThat(cluster.replicas("ring", token)).containsExactlyElementsOf(expected);
			}
		}
	}

	@Test
	void theRingFollowsNodesAddedRemovedAndBootstrapping() {
		try (LocalAlternatorCluster cluster = threeRacks(3).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "changing");
			assertThat(cluster.replicas("changing", 0)).hasSize(3);
			LocalAlternatorNode added = cluster.addNode("dc1", "r1");
			assertThat(added.hostId()).isNotIn(hostIds(cluster).subList(0, 3));
			long owned = added.tokens().get(0);
			// the first ring token at or after a node's own token is that token
			assertThat(cluster.replicas("changing", owned).get(0)).isEqualTo(added);
			added.bootstrapping(true);
			assertThat(cluster.replicas("changing", owned)).doesNotContain(added).hasSize(3);
			added.bootstrapping(false);
			LocalAlternatorNode removed = cluster.node(1);
			cluster.removeNode(removed);
			// racks r1 (two nodes) and r3 left: RF 3 over 2 racks repeats one rack
			assertThat(cluster.replicas("changing", owned)).hasSize(3).contains(added).doesNotContain(removed);
		}
	}

	@Test
	void vnodeReplicasRepeatARackOnlyWhenRacksAreFewerThanTheReplicationFactor() {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "a")
			.node("dc1", "a")
			.node("dc1", "b")
			.node("dc1", "b")
			.instant(true)
			.start(); DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "two_racks");
			SplittableRandom random = new SplittableRandom(2);
			for (int i = 0; i < 500; i++) {
				long token = random.nextLong();
				// RF 3 over 2 racks allows one rack repeat: the first three distinct
				// nodes
				List<LocalAlternatorNode> walk = ringWalk(cluster, token);
				List<LocalAlternatorNode> replicas = cluster.replicas("two_racks", token);
				assertThat(replicas).containsExactlyElementsOf(walk.subList(0, 3));
				assertThat(replicas.stream().map(LocalAlternatorNode::rack).distinct()).hasSize(2);
			}
		}
	}

	@Test
	void everyDatacenterGetsItsReplicationFactorCappedByItsNodes() {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "r1")
			.node("dc1", "r2")
			.node("dc1", "r3")
			.node("dc2", "r1")
			.node("dc2", "r1")
			.placement("pinned", TablePlacement.vnodes(Map.of("dc1", 2, "dc2", 3)))
			.instant(true)
			.start(); DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "multi");
			SystemTablesTests.createTable(client, "pinned");
			for (long token : new long[] { Long.MIN_VALUE + 1, -5, 0, 12345678901L, Long.MAX_VALUE }) {
				List<LocalAlternatorNode> replicas = cluster.replicas("multi", token);
				assertThat(replicas.stream().filter((n) -> n.datacenter().equals("dc1"))).hasSize(3);
				assertThat(replicas.stream().filter((n) -> n.datacenter().equals("dc2"))).hasSize(2);
				List<LocalAlternatorNode> pinned = cluster.replicas("pinned", token);
				assertThat(pinned.stream().filter((n) -> n.datacenter().equals("dc1"))).hasSize(2);
				assertThat(pinned.stream().filter((n) -> n.datacenter().equals("dc2"))).hasSize(2);
			}
			assertThat(replication(cluster, "alternator_multi"))
				.isEqualTo("({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 3}, {dc2 : 3})");
			assertThat(replication(cluster, "alternator_pinned"))
				.isEqualTo("({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 2}, {dc2 : 3})");
		}
	}

	@Test
	void smallClustersGetReplicationFactorOne() {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "r1")
			.node("dc1", "r2")
			.defaultPlacement(TablePlacement.tablets(2))
			.instant(true)
			.start(); DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "small");
			assertThat(cluster.replicas("small", 0)).hasSize(1);
			assertThat(replication(cluster, "alternator_small"))
				.isEqualTo("({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 1})");
		}
	}

	@Test
	void tabletLookupFindsTheFirstLastTokenAtOrAboveTheToken() {
		try (LocalAlternatorCluster cluster = threeRacks(3).defaultPlacement(TablePlacement.tablets(4)).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "edges");
			assertThat(cluster.tablet("edges", Long.MIN_VALUE)).isZero();
			assertThat(cluster.tablet("edges", -4611686018427387905L)).isZero();
			assertThat(cluster.tablet("edges", -4611686018427387904L)).isEqualTo(1);
			assertThat(cluster.tablet("edges", -1)).isEqualTo(1);
			assertThat(cluster.tablet("edges", 0)).isEqualTo(2);
			assertThat(cluster.tablet("edges", 4611686018427387903L)).isEqualTo(2);
			assertThat(cluster.tablet("edges", 4611686018427387904L)).isEqualTo(3);
			assertThat(cluster.tablet("edges", Long.MAX_VALUE)).isEqualTo(3);
		}
	}

	@Test
	void lastTokensSplitTheRingByTopBits() {
		assertThat(ClusterPlacement.lastTokenOfTablet(0, 0)).isEqualTo(Long.MAX_VALUE);
		assertThat(ClusterPlacement.lastTokenOfTablet(1, 0)).isEqualTo(-1);
		assertThat(ClusterPlacement.lastTokenOfTablet(1, 1)).isEqualTo(Long.MAX_VALUE);
		assertThat(ClusterPlacement.lastTokenOfTablet(3, 0)).isEqualTo(Long.MIN_VALUE + (1L << 61) - 1);
		assertThat(ClusterPlacement.lastTokenOfTablet(10, 1023)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void tabletsSpreadEvenlyOverNodesAndRacks() {
		try (LocalAlternatorCluster cluster = threeRacks(6).defaultPlacement(TablePlacement.tablets(64)).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "spread");
			Map<LocalAlternatorNode, Integer> load = new HashMap<>();
			for (int i = 0; i < 64; i++) {
				long token = ClusterPlacement.lastTokenOfTablet(6, i);
				List<LocalAlternatorNode> replicas = cluster.replicas("spread", token);
				assertThat(replicas.stream().map(LocalAlternatorNode::rack).distinct()).hasSize(3);
				replicas.forEach((node) -> load.merge(node, 1, Integer::sum));
			}
			assertThat(load.values()).containsOnly(32);
		}
	}

	@Test
	void aMovedTabletPassesThroughTheMigrationStagesAndReadsFollowTheNewReplicas() throws IOException {
		try (LocalAlternatorCluster cluster = threeRacks(6).defaultPlacement(TablePlacement.tablets(2)).start();
				DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			SystemTablesTests.createTable(client, "moving");
			List<LocalAlternatorNode> before = cluster.replicas("moving", 5);
			LocalAlternatorNode from = before.get(1);
			LocalAlternatorNode to = cluster.nodes()
				.stream()
				.filter((n) -> !before.contains(n) && n.rack().equals(from.rack()))
				.findFirst()
				.orElseThrow();
			List<LocalAlternatorNode> after = new ArrayList<>(before);
			after.set(1, to);

			assertThat(cluster.moveTablet("moving", 1, from, to)).isEqualTo("allow_write_both_read_old");
			JsonNode row = tabletRow(cluster, "moving", 1);
			assertThat(row.field("stage").get().field("S").get().asString()).isEqualTo("allow_write_both_read_old");
			assertThat(row.field("transition").get().field("S").get().asString()).isEqualTo("migration");
			assertThat(row.field("new_replicas").get().field("S").get().asString()).contains(to.hostId().toString())
				.doesNotContain(from.hostId().toString());
			assertThat(row.field("replicas").get().field("S").get().asString()).contains(from.hostId().toString());
			List<String> stages = new ArrayList<>();
			stages.add("allow_write_both_read_old");
			String stage;
			while ((stage = cluster.advanceTabletMigration("moving", 1)) != null) {
				stages.add(stage);
				boolean readsNew = Set.of("write_both_read_new", "use_new", "cleanup", "end_migration").contains(stage);
				assertThat(cluster.replicas("moving", 5)).as(stage).isEqualTo(readsNew ? after : before);
			}
			assertThat(stages).containsExactly("allow_write_both_read_old", "write_both_read_old", "streaming",
					"write_both_read_new", "use_new", "cleanup", "end_migration");
			assertThat(cluster.replicas("moving", 5)).isEqualTo(after);
			JsonNode finished = tabletRow(cluster, "moving", 1);
			assertThat(finished.field("new_replicas")).isEmpty();
			assertThat(finished.field("stage")).isEmpty();
			assertThat(finished.field("transition")).isEmpty();
			assertThat(finished.field("replicas").get().field("S").get().asString()).contains(to.hostId().toString());

			cluster.moveTablet("moving", 1, to, from);
			cluster.finishTabletMigration("moving", 1);
			assertThat(cluster.replicas("moving", 5)).isEqualTo(before);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> cluster.advanceTabletMigration("moving", 1));
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> cluster.moveTablet("moving", 1, to, from));
			assertThatExceptionOfType(IndexOutOfBoundsException.class)
				.isThrownBy(() -> cluster.moveTablet("moving", 2, from, to));
		}
	}

	@Test
	void builderAndPlacementValuesAreValidated() {
		LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.vnodeTokens(0));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.vnodeTokens(257));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> builder.shardsPerNode(0));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> builder.extraHopDelay(java.time.Duration.ofMillis(-1)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> builder.extraHopDelay(java.time.Duration.ofMinutes(1)));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TablePlacement.tablets(3));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TablePlacement.tablets(0));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TablePlacement.tablets(2048));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TablePlacement.vnodes(Map.of("dc1", 0)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TablePlacement.vnodes(Map.of("dc1", -1)));
		assertThat(TablePlacement.tablets(8, Map.of("b", 1, "a", 2)).replicationFactors().keySet()).containsExactly("a",
				"b");
		assertThat(TablePlacement.tablets(8)).isEqualTo(TablePlacement.tablets(8)).hasToString("tablets(8)");
	}

	static LocalAlternatorCluster.Builder threeRacks(int nodes) {
		LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder().instant(true);
		for (int i = 0; i < nodes; i++) {
			builder.node("dc1", "r" + (i % 3 + 1));
		}
		return builder;
	}

	private static List<UUID> hostIds(LocalAlternatorCluster cluster) {
		return cluster.nodes().stream().map(LocalAlternatorNode::hostId).toList();
	}

	/**
	 * The distinct nodes met walking the ring clockwise from the first token at or after
	 * the given one.
	 */
	private static List<LocalAlternatorNode> ringWalk(LocalAlternatorCluster cluster, long token) {
		List<Map.Entry<Long, LocalAlternatorNode>> ring = new ArrayList<>();
		for (LocalAlternatorNode node : cluster.nodes()) {
			for (long nodeToken : node.tokens()) {
				ring.add(Map.entry(nodeToken, node));
			}
		}
		ring.sort(Comparator.comparing(Map.Entry::getKey));
		int start = 0;
		while (start < ring.size() && ring.get(start).getKey() < token) {
			start++;
		}
		LinkedHashSet<LocalAlternatorNode> walk = new LinkedHashSet<>();
		for (int i = 0; i < ring.size(); i++) {
			walk.add(ring.get((start + i) % ring.size()).getValue());
		}
		return new ArrayList<>(walk);
	}

	private static String replication(LocalAlternatorCluster cluster, String keyspace) {
		try {
			String body = "{\"TableName\":\".scylla.alternator.system_schema.keyspaces\","
					+ "\"KeyConditionExpression\":\"keyspace_name = :k\","
					+ "\"ExpressionAttributeValues\":{\":k\":{\"S\":\"" + keyspace + "\"}}}";
			JsonNode answer = JsonNode.parser().parse(RawHttp.post(cluster.node(0), "Query", body).text());
			return answer.field("Items").get().asArray().get(0).field("replication").get().field("S").get().asString();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode tabletRow(LocalAlternatorCluster cluster, String table, int index) throws IOException {
		String body = "{\"TableName\":\".scylla.alternator.system.tablets\",\"KeyConditions\":{\"table_id\":"
				+ "{\"ComparisonOperator\":\"EQ\",\"AttributeValueList\":[{\"S\":\"" + cluster.tableId(table)
				+ "\"}]}}}";
		JsonNode answer = JsonNode.parser().parse(RawHttp.post(cluster.node(2), "Query", body).text());
		return answer.field("Items").get().asArray().get(index);
	}

}
