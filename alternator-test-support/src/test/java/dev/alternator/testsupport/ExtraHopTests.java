package dev.alternator.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExtraHopTests {

	private static LocalAlternatorCluster cluster;

	private static final List<DynamoDbClient> clients = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = ClusterPlacementTests.threeRacks(6).placement("hop_tablets", TablePlacement.tablets(8)).start();
		for (LocalAlternatorNode node : cluster.nodes()) {
			clients.add(TestClients.dynamoDb(node.endpoint()));
		}
		SystemTablesTests.createTable(clients.get(0), "hop_vnodes");
		SystemTablesTests.createTable(clients.get(0), "hop_tablets");
	}

	@AfterAll
	static void stopCluster() {
		clients.forEach(DynamoDbClient::close);
		cluster.close();
	}

	@AfterEach
	void reset() {
		cluster.extraHopDelay(Duration.ZERO);
		for (LocalAlternatorNode node : cluster.nodes()) {
			node.clearFaults();
			node.resetStats();
		}
	}

	@Test
	void onlyNodesThatAreNotReplicasOfTheKeyCountAnExtraHop() {
		for (String table : List.of("hop_vnodes", "hop_tablets")) {
			List<LocalAlternatorNode> replicas = cluster.replicas(table, AlternatorTokens.stringKeyToken("hello"));
			assertThat(replicas).hasSize(3);
			for (int i = 0; i < 6; i++) {
				clients.get(i).getItem((r) -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("hello"))));
			}
			for (LocalAlternatorNode node : cluster.nodes()) {
				boolean replica = replicas.contains(node);
				assertThat(node.stats().replicaRequests()).as(table + " " + node).isEqualTo(replica ? 1 : 0);
				assertThat(node.stats().nonReplicaRequests()).as(table + " " + node).isEqualTo(replica ? 0 : 1);
				node.resetStats();
			}
		}
	}

	@Test
	void everySingleKeyOperationIsCountedAndOthersAreNot() {
		LocalAlternatorNode node = nonReplica("hop_vnodes", "k1");
		DynamoDbClient client = clients.get(cluster.nodes().indexOf(node));
		Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("k1"));
		client.putItem((r) -> r.tableName("hop_vnodes").item(Map.of("id", AttributeValue.fromS("k1"))));
		client.getItem((r) -> r.tableName("hop_vnodes").key(key));
		client.updateItem((r) -> r.tableName("hop_vnodes").key(key));
		client.deleteItem((r) -> r.tableName("hop_vnodes").key(key));
		client.query((r) -> r.tableName("hop_vnodes")
			.keyConditionExpression("#id = :v")
			.expressionAttributeNames(Map.of("#id", "id"))
			.expressionAttributeValues(Map.of(":v", AttributeValue.fromS("k1"))));
		client.query((r) -> r.tableName("hop_vnodes")
			.keyConditions(Map.of("id",
					Condition.builder()
						.comparisonOperator(ComparisonOperator.EQ)
						.attributeValueList(AttributeValue.fromS("k1"))
						.build())));
		assertThat(node.stats().nonReplicaRequests()).isEqualTo(6);
		client.query((r) -> r.tableName("hop_vnodes")
			.indexName("by_other")
			.keyConditionExpression("other = :v")
			.expressionAttributeValues(Map.of(":v", AttributeValue.fromS("k1"))));
		client.scan((r) -> r.tableName("hop_vnodes"));
		client.describeTable((r) -> r.tableName("hop_vnodes"));
		assertThat(node.stats().nonReplicaRequests()).isEqualTo(6);
		assertThat(node.stats().replicaRequests()).isZero();
	}

	@Test
	void numberAndBinaryKeysUseTheirTokens() throws IOException {
		long number = AlternatorTokens.numberKeyToken("42.0");
		LocalAlternatorNode replica = cluster.replicas("hop_vnodes", number).get(0);
		RawHttp.post(replica, "GetItem", "{\"TableName\":\"hop_vnodes\",\"Key\":{\"id\":{\"N\":\"42.0\"}}}");
		assertThat(replica.stats().replicaRequests()).isEqualTo(1);
		byte[] bytes = { (byte) 0xff, 0, 1 };
		LocalAlternatorNode binaryReplica = cluster.replicas("hop_vnodes", AlternatorTokens.binaryKeyToken(bytes))
			.get(0);
		binaryReplica.resetStats();
		clients.get(cluster.nodes().indexOf(binaryReplica))
			.getItem((r) -> r.tableName("hop_vnodes")
				.key(Map.of("id", AttributeValue.fromB(SdkBytes.fromByteArray(bytes)))));
		assertThat(binaryReplica.stats().replicaRequests()).isEqualTo(1);
		assertThat(Base64.getEncoder().encodeToString(bytes)).isEqualTo("/wAB");
	}

	@Test
	void theExtraHopDelayShowsInTheLatencyOfNonReplicaRequestsOnly() {
		cluster.extraHopDelay(Duration.ofMillis(400));
		LocalAlternatorNode far = nonReplica("hop_tablets", "slow");
		LocalAlternatorNode near = cluster.replicas("hop_tablets", AlternatorTokens.stringKeyToken("slow")).get(0);
		long started = System.nanoTime();
		clients.get(cluster.nodes().indexOf(far))
			.getItem((r) -> r.tableName("hop_tablets").key(Map.of("id", AttributeValue.fromS("slow"))));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		started = System.nanoTime();
		clients.get(cluster.nodes().indexOf(near))
			.getItem((r) -> r.tableName("hop_tablets").key(Map.of("id", AttributeValue.fromS("slow"))));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
	}

	@Test
	void requestsFollowAMovedTabletOnceReadsUseTheNewReplicas() {
		long token = AlternatorTokens.stringKeyToken("mover");
		int tablet = cluster.tablet("hop_tablets", token);
		List<LocalAlternatorNode> before = cluster.replicas("hop_tablets", token);
		LocalAlternatorNode from = before.get(0);
		LocalAlternatorNode to = nonReplica("hop_tablets", "mover");
		cluster.moveTablet("hop_tablets", tablet, from, to);
		getThrough(to, "mover");
		assertThat(to.stats().nonReplicaRequests()).isEqualTo(1);
		while (!"write_both_read_new".equals(cluster.advanceTabletMigration("hop_tablets", tablet))) {
			// advance to the first stage that reads from the new replicas
		}
		getThrough(to, "mover");
		getThrough(from, "mover");
		assertThat(to.stats().replicaRequests()).isEqualTo(1);
		assertThat(from.stats().nonReplicaRequests()).isEqualTo(1);
		cluster.finishTabletMigration("hop_tablets", tablet);
		cluster.moveTablet("hop_tablets", tablet, to, from);
		cluster.finishTabletMigration("hop_tablets", tablet);
		assertThat(cluster.replicas("hop_tablets", token)).isEqualTo(before);
	}

	@Test
	void aBootstrappingNodeOwnsNoVnodeKeys() {
		LocalAlternatorNode joining = cluster.node(4);
		joining.bootstrapping(true);
		for (int i = 0; i < 20; i++) {
			getThrough(joining, "key" + i, "hop_vnodes");
		}
		assertThat(joining.stats().nonReplicaRequests()).isEqualTo(20);
	}

	private static LocalAlternatorNode nonReplica(String table, String key) {
		List<LocalAlternatorNode> replicas = cluster.replicas(table, AlternatorTokens.stringKeyToken(key));
		return cluster.nodes().stream().filter((node) -> !replicas.contains(node)).findFirst().orElseThrow();
	}

	private static void getThrough(LocalAlternatorNode node, String key) {
		getThrough(node, key, "hop_tablets");
	}

	private static void getThrough(LocalAlternatorNode node, String key, String table) {
		clients.get(cluster.nodes().indexOf(node))
			.getItem((r) -> r.tableName(table).key(Map.of("id", AttributeValue.fromS(key))));
	}

}
