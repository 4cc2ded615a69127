package dev.alternator.client.internal.placement;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.alternator.client.internal.common.Host;
import dev.alternator.testsupport.AlternatorTokens;
import dev.alternator.testsupport.LocalAlternatorCluster;
import dev.alternator.testsupport.LocalAlternatorNode;
import dev.alternator.testsupport.TablePlacement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The placement model read, through the DynamoDB API, from the local cluster's emulation
 * of ScyllaDB's system tables: both were written independently from the server's facts,
 * so each is the other's oracle. Pages are kept small so that the paging keys of the
 * system tables travel back to the server.
 */
class PlacementFromLocalClusterTests {

	private static final String VNODE_TABLE = "placement_vnodes";

	private static final String TABLET_TABLE = "placement_tablets";

	private static final int KEYS = 3000;

	private static LocalAlternatorCluster cluster;

	private static DynamoDbClient client;

	@BeforeAll
	static void startCluster() {
		cluster = LocalAlternatorCluster.builder()
			.instant(true)
			.maxLifetime(Duration.ofMinutes(5))
			.placement(TABLET_TABLE, TablePlacement.tablets(16))
			.node("dc1", "r1")
			.node("dc1", "r2")
			.node("dc1", "r3")
			.node("dc1", "r1")
			.node("dc1", "r2")
			.node("dc1", "r3")
			.start();
		// system tables are node-local: every read goes to the first node
		client = DynamoDbClient.builder()
			.endpointOverride(cluster.node(0).endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.build();
		createTable(VNODE_TABLE);
		createTable(TABLET_TABLE);
	}

	@AfterAll
	static void stopCluster() {
		client.close();
		cluster.close();
	}

	@AfterEach
	void allowSystemTables() {
		cluster.denySystemTables(false);
	}

	@Test
	void topologyListsEveryNodeWithItsHostIdRackAndTokens() {
		ClusterTopology topology = topology();
		assertThat(topology.nodes()).hasSize(6);
		for (LocalAlternatorNode node : cluster.nodes()) {
			ClusterNode read = topology.nodeAt(Host.parse(node.address()));
			assertThat(read).as(node.address()).isNotNull();
			assertThat(read.hostId()).isEqualTo(node.hostId());
			assertThat(read.datacenter()).isEqualTo(node.datacenter());
			assertThat(read.rack()).isEqualTo(node.rack());
			assertThat(read.tokens())
				.containsExactlyInAnyOrder(node.tokens().stream().mapToLong(Long::longValue).toArray());
		}
	}

	@Test
	void vnodeTableKeysHaveTheClustersReplicas() {
		ClusterTopology topology = topology();
		KeyspaceSchema schema = keyspace(VNODE_TABLE);
		assertThat(schema.tablets()).isFalse();
		ReplicaPlacement placement = VnodePlacement.of(topology, schema.replication());
		assertSameReplicas(VNODE_TABLE, placement);
	}

	@Test
	void tabletTableKeysHaveTheClustersReplicas() {
		ClusterTopology topology = topology();
		KeyspaceSchema schema = keyspace(TABLET_TABLE);
		assertThat(schema.tablets()).isTrue();
		UUID tableId = UUID.fromString(client.describeTable((r) -> r.tableName(TABLET_TABLE)).table().tableId());
		assertThat(tableId).isEqualTo(cluster.tableId(TABLET_TABLE));
		TabletPlacement placement = TabletPlacement.read(tableId,
				(id) -> rows(reader().query(SystemTable.TABLETS, id.toString())), topology);
		assertThat(placement.tabletCount()).isEqualTo(16);
		assertThat(placement.unresolvedReplicas()).isZero();
		assertSameReplicas(TABLET_TABLE, placement);
	}

	@Test
	void deniedSystemTablesAreReportedWithTheGrantNeeded() {
		cluster.denySystemTables(true);
		TableRead read = reader().scan(SystemTable.PEERS);
		assertThat(read).isInstanceOf(TableRead.Failed.class);
		TableRead.Failed failed = (TableRead.Failed) read;
		assertThat(failed.cause()).isEqualTo(TableRead.Cause.ACCESS_DENIED);
		assertThat(failed.message()).contains("GRANT SELECT ON system.peers");
	}

	private static void assertSameReplicas(String table, ReplicaPlacement placement) {
		Random random = new Random(7);
		for (int i = 0; i < KEYS; i++) {
			AttributeValue key = randomKey(random, i);
			long token = PartitionToken.of(key);
			assertThat(token).as("token of %s", key).isEqualTo(oracleToken(key));
			List<String> expected = cluster.replicas(table, token).stream().map(LocalAlternatorNode::address).toList();
			List<String> actual = placement.replicas(token).stream().map((n) -> n.rpcAddress().value()).toList();
			assertThat(actual).as("replicas of %s (token %d) in %s", key, token, table)
				.containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	private static AttributeValue randomKey(Random random, int i) {
		return switch (i % 3) {
			case 0 -> AttributeValue.fromS("key-" + random.nextLong() + "-é€" + i);
			case 1 -> AttributeValue.fromN((random.nextBoolean() ? "-" : "") + random.nextInt(1_000_000) + "."
					+ random.nextInt(1000) + "E" + (random.nextInt(20) - 10));
			default -> {
				byte[] bytes = new byte[1 + random.nextInt(40)];
				random.nextBytes(bytes);
				yield AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
			}
		};
	}

	private static long oracleToken(AttributeValue key) {
		if (key.s() != null) {
			return AlternatorTokens.stringKeyToken(key.s());
		}
		if (key.n() != null) {
			return AlternatorTokens.numberKeyToken(key.n());
		}
		return AlternatorTokens.binaryKeyToken(key.b().asByteArray());
	}

	private static ClusterTopology topology() {
		return ClusterTopology.parse(rows(reader().scan(SystemTable.LOCAL)), rows(reader().scan(SystemTable.PEERS)));
	}

	private static KeyspaceSchema keyspace(String table) {
		String keyspace = CqlNames.keyspace(table);
		Map<String, AttributeValue> row = rows(reader().scan(SystemTable.KEYSPACES)).stream()
			.filter((r) -> keyspace.equals(r.get("keyspace_name").s()))
			.findFirst()
			.orElseThrow();
		Map<String, AttributeValue> scyllaRow = rows(reader().scan(SystemTable.SCYLLA_KEYSPACES)).stream()
			.filter((r) -> keyspace.equals(r.get("keyspace_name").s()))
			.findFirst()
			.orElse(null);
		return KeyspaceSchema.parse(row, scyllaRow);
	}

	/** Pages of two items, so that every read follows the server's paging keys. */
	private static SystemTableReader reader() {
		return new SystemTableReader((request) -> client.scan(request.toBuilder().limit(2).build()),
				(request) -> client.query(request.toBuilder().limit(2).build()), 100_000);
	}

	private static List<Map<String, AttributeValue>> rows(TableRead read) {
		assertThat(read).as("%s", read).isInstanceOf(TableRead.Rows.class);
		return ((TableRead.Rows) read).items();
	}

	private static void createTable(String table) {
		client.createTable((t) -> t.tableName(table)
			.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST));
	}

}
