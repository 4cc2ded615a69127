package dev.alternator.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemTablesTests {

	private static final String LOCAL = ".scylla.alternator.system.local";

	private static final String PEERS = ".scylla.alternator.system.peers";

	private static final String TABLETS = ".scylla.alternator.system.tablets";

	private static final String KEYSPACES = ".scylla.alternator.system_schema.keyspaces";

	private static final String SCYLLA_KEYSPACES = ".scylla.alternator.system_schema.scylla_keyspaces";

	private static LocalAlternatorCluster cluster;

	private static DynamoDbClient client;

	@BeforeAll
	static void startCluster() {
		cluster = LocalAlternatorCluster.builder()
			.node("dc1", "r1")
			.node("dc1", "r2")
			.node("dc1", "r3")
			.node("dc1", "r1")
			.node("dc1", "r2")
			.node("dc1", "r3")
			.placement("by_tablets", TablePlacement.tablets(4))
			.instant(true)
			.start();
		client = TestClients.dynamoDb(cluster.node(0).endpoint());
		createTable(client, "by_tablets");
		createTable(client, "by_vnodes");
	}

	@AfterAll
	static void stopCluster() {
		client.close();
		cluster.close();
	}

	@AfterEach
	void clearFaults() {
		cluster.denySystemTables(false);
		for (LocalAlternatorNode node : cluster.nodes()) {
			node.clearFaults();
		}
	}

	@Test
	void localIsTheReceivingNodeRenderedAsText() throws IOException {
		LocalAlternatorNode node = cluster.node(1);
		List<String> tokens = new ArrayList<>();
		for (long token : node.tokens()) {
			tokens.add(Long.toString(token));
		}
		tokens.sort(null);
		String expected = "{\"Items\":[{\"key\":{\"S\":\"local\"},\"bootstrapped\":{\"S\":\"COMPLETED\"},"
				+ "\"broadcast_address\":{\"S\":\"127.0.0.2\"},\"cluster_name\":{\"S\":\"alternator-local\"},"
				+ "\"data_center\":{\"S\":\"dc1\"},\"host_id\":{\"S\":\"" + node.hostId() + "\"},"
				+ "\"listen_address\":{\"S\":\"127.0.0.2\"},"
				+ "\"partitioner\":{\"S\":\"org.apache.cassandra.dht.Murmur3Partitioner\"},\"rack\":{\"S\":\"r2\"},"
				+ "\"release_version\":{\"S\":\"3.0.8\"},\"rpc_address\":{\"S\":\"127.0.0.2\"},"
				+ "\"tokens\":{\"S\":\"" + String.join("; ", tokens) + "\"}}],\"Count\":1,\"ScannedCount\":1}";
		RawHttp.Response response = RawHttp.post(node, "Scan", "{\"TableName\":\"" + LOCAL + "\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo(expected);
		assertThat(node.hostId().toString())
			.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(node.tokens()).hasSize(LocalAlternatorCluster.DEFAULT_VNODE_TOKENS);
	}

	@Test
	void tokensAreSortedAsTextLikeACqlSetOfText() throws IOException {
		String tokens = string(item(scan(cluster.node(0), LOCAL), 0), "tokens");
		List<String> elements = List.of(tokens.split("; "));
		List<String> sorted = new ArrayList<>(elements);
		sorted.sort(null);
		assertThat(elements).isEqualTo(sorted).hasSize(LocalAlternatorCluster.DEFAULT_VNODE_TOKENS);
	}

	@Test
	void peersAreTheOtherNodesKeyedByAddress() throws IOException {
		LocalAlternatorNode node = cluster.node(2);
		JsonNode answer = scan(node, PEERS);
		Map<String, String> hostIds = new HashMap<>();
		for (JsonNode item : answer.field("Items").get().asArray()) {
			Map<String, JsonNode> attributes = item.asObject();
			assertThat(attributes.keySet()).containsExactly("peer", "data_center", "host_id", "rack", "release_version",
					"rpc_address", "tokens");
			assertThat(attributes.get("rpc_address").field("S").get().asString())
				.isEqualTo(attributes.get("peer").field("S").get().asString());
			hostIds.put(attributes.get("peer").field("S").get().asString(),
					attributes.get("host_id").field("S").get().asString());
		}
		Map<String, String> expected = new HashMap<>();
		for (LocalAlternatorNode other : cluster.nodes()) {
			if (other != node) {
				expected.put(other.address(), other.hostId().toString());
			}
		}
		assertThat(hostIds).isEqualTo(expected);
		assertThat(answer.field("LastEvaluatedKey")).isEmpty();
	}

	@Test
	void tabletsRenderReplicasAsUuidShardTuplesAndNumbersAsStrings() throws IOException {
		JsonNode answer = query(cluster.node(0), TABLETS, "table_id", cluster.tableId("by_tablets").toString());
		List<JsonNode> items = answer.field("Items").get().asArray();
		assertThat(items).hasSize(4);
		List<String> lastTokens = new ArrayList<>();
		for (JsonNode item : items) {
			Map<String, JsonNode> attributes = item.asObject();
			assertThat(attributes.keySet()).containsExactly("table_id", "last_token", "keyspace_name",
					"resize_seq_number", "resize_type", "table_name", "tablet_count", "replicas");
			assertThat(string(item, "keyspace_name")).isEqualTo("alternator_by_tablets");
			assertThat(string(item, "table_name")).isEqualTo("by_tablets");
			assertThat(string(item, "tablet_count")).isEqualTo("4");
			assertThat(string(item, "replicas")).matches("[0-9a-f-]{36}:[01], [0-9a-f-]{36}:[01], [0-9a-f-]{36}:[01]");
			lastTokens.add(string(item, "last_token"));
		}
		assertThat(lastTokens).containsExactly("-4611686018427387905", "-1", "4611686018427387903",
				"9223372036854775807");
		String first = "{\"table_id\":{\"S\":\"" + cluster.tableId("by_tablets") + "\"},"
				+ "\"last_token\":{\"S\":\"-4611686018427387905\"},\"keyspace_name\":{\"S\":\"alternator_by_tablets\"},"
				+ "\"resize_seq_number\":{\"S\":\"0\"},\"resize_type\":{\"S\":\"none\"},"
				+ "\"table_name\":{\"S\":\"by_tablets\"},\"tablet_count\":{\"S\":\"4\"},\"replicas\":{\"S\":\""
				+ string(items.get(0), "replicas") + "\"}}";
		assertThat(RawHttp
			.post(cluster.node(0), "Query", queryBody(TABLETS, "table_id", cluster.tableId("by_tablets").toString(), 1))
			.text())
			.startsWith("{\"Items\":[" + first + "],\"Count\":1,\"ScannedCount\":1,\"LastEvaluatedKey\":{"
					+ "\"table_id\":{\"S\":\"" + cluster.tableId("by_tablets") + "\"},"
					+ "\"last_token\":{\"S\":\"-4611686018427387905\"}}}");
	}

	@Test
	void tabletReplicasNameTheNodesAndSpreadOverRacks() throws IOException {
		Map<String, LocalAlternatorNode> byHostId = new HashMap<>();
		for (LocalAlternatorNode node : cluster.nodes()) {
			byHostId.put(node.hostId().toString(), node);
		}
		Map<LocalAlternatorNode, Integer> load = new HashMap<>();
		JsonNode answer = query(cluster.node(3), TABLETS, "table_id", cluster.tableId("by_tablets").toString());
		for (JsonNode item : answer.field("Items").get().asArray()) {
			Set<String> racks = new HashSet<>();
			for (String tuple : string(item, "replicas").split(", ")) {
				LocalAlternatorNode node = byHostId.get(tuple.substring(0, tuple.indexOf(':')));
				assertThat(node).isNotNull();
				racks.add(node.rack());
				load.merge(node, 1, Integer::sum);
			}
			assertThat(racks).containsExactlyInAnyOrder("r1", "r2", "r3");
		}
		assertThat(load.values()).containsOnly(2);
	}

	@Test
	void keyspacesRenderReplicationAsFrozenMapAndBooleansAsStrings() throws IOException {
		String body = RawHttp
			.post(cluster.node(0), "Query", queryBody(KEYSPACES, "keyspace_name", "alternator_by_vnodes", 0))
			.text();
		assertThat(body).isEqualTo("{\"Items\":[{\"keyspace_name\":{\"S\":\"alternator_by_vnodes\"},"
				+ "\"durable_writes\":{\"BOOL\":\"true\"},\"replication\":{\"S\":"
				+ "\"({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 3})\"}}],"
				+ "\"Count\":1,\"ScannedCount\":1}");
		Set<String> names = new HashSet<>();
		for (JsonNode item : scan(cluster.node(0), KEYSPACES).field("Items").get().asArray()) {
			names.add(string(item, "keyspace_name"));
		}
		assertThat(names).contains("system", "system_schema", "alternator_by_tablets", "alternator_by_vnodes");
	}

	@Test
	void scyllaKeyspacesHaveInitialTabletsOnlyForTabletKeyspaces() throws IOException {
		String body = RawHttp.post(cluster.node(0), "Scan", "{\"TableName\":\"" + SCYLLA_KEYSPACES + "\"}").text();
		assertThat(body).isEqualTo("{\"Items\":[{\"keyspace_name\":{\"S\":\"alternator_by_tablets\"},"
				+ "\"initial_tablets\":{\"S\":\"0\"}}],\"Count\":1,\"ScannedCount\":1}");
	}

	@Test
	void pagesOfATableWithoutClusteringKeyCarryRegionAndNumericWeight() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		RawHttp.Response first = RawHttp.post(node, "Scan", "{\"TableName\":\"" + PEERS + "\",\"Limit\":2}");
		String text = first.text();
		assertThat(text).contains("\":scylla:paging:region\":{\"S\":\"partition_start\"}")
			.contains("\":scylla:paging:weight\":{\"N\":0}");
		Set<String> peers = new HashSet<>();
		JsonNode answer = JsonNode.parser().parse(text);
		int pages = 1;
		while (true) {
			for (JsonNode item : answer.field("Items").get().asArray()) {
				assertThat(peers.add(string(item, "peer"))).isTrue();
			}
			JsonNode last = answer.field("LastEvaluatedKey").orElse(null);
			if (last == null) {
				break;
			}
			String start = "{\"peer\":{\"S\":\"" + string(last, "peer")
					+ "\"},\":scylla:paging:region\":{\"S\":\"partition_start\"},\":scylla:paging:weight\":{\"N\":\"0\"}}";
			answer = JsonNode.parser()
				.parse(RawHttp
					.post(node, "Scan",
							"{\"TableName\":\"" + PEERS + "\",\"Limit\":2,\"ExclusiveStartKey\":" + start + "}")
					.text());
			pages++;
		}
		assertThat(peers).hasSize(5);
		// 5 rows by 2: two full pages, a last one of 1 row without LastEvaluatedKey
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void sdkPagesThroughSystemTablesSendingTheWeightBack() {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		Map<String, AttributeValue> start = null;
		int pages = 0;
		do {
			Map<String, AttributeValue> from = start;
			ScanResponse page = client.scan((r) -> r.tableName(TABLETS).limit(3).exclusiveStartKey(from));
			items.addAll(page.items());
			start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
			pages++;
		}
		while (start != null && pages < 10);
		assertThat(items).hasSize(4);
		assertThat(pages).isEqualTo(2);
		List<Map<String, AttributeValue>> peers = new ArrayList<>();
		start = null;
		pages = 0;
		do {
			Map<String, AttributeValue> from = start;
			ScanResponse page = client.scan((r) -> r.tableName(PEERS).limit(1).exclusiveStartKey(from));
			peers.addAll(page.items());
			start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
			if (start != null) {
				assertThat(start.get(":scylla:paging:weight")).isEqualTo(AttributeValue.fromN("0"));
			}
			pages++;
		}
		while (start != null && pages < 10);
		assertThat(peers).hasSize(5);
	}

	@Test
	void aWeightSentBackAsNumberOrStringTypeIsRejectedLikeTheServer() throws IOException {
		String asNumber = "{\"TableName\":\"" + PEERS + "\",\"ExclusiveStartKey\":{\"peer\":{\"S\":\"127.0.0.2\"},"
				+ "\":scylla:paging:region\":{\"S\":\"partition_start\"},\":scylla:paging:weight\":{\"N\":0}}}";
		RawHttp.Response numeric = RawHttp.post(cluster.node(0), "Scan", asNumber);
		assertThat(numeric.status()).isEqualTo(400);
		assertThat(numeric.text()).contains("ValidationException").contains("Malformed value object for key weight");
		RawHttp.Response typedS = RawHttp.post(cluster.node(0), "Scan", asNumber.replace("{\"N\":0}", "{\"S\":\"0\"}"));
		assertThat(typedS.text())
			.contains("Type mismatch: expected type N for key weight :scylla:paging:weight, got type S");
		RawHttp.Response half = RawHttp.post(cluster.node(0), "Scan", "{\"TableName\":\"" + PEERS
				+ "\",\"ExclusiveStartKey\":{\"peer\":{\"S\":\"127.0.0.2\"},\":scylla:paging:weight\":{\"N\":\"0\"}}}");
		assertThat(half.text()).contains("region and weight has to be either both missing or both present");
	}

	@Test
	void tabletPagesResumeAfterTheLastTokenWithinAPartition() throws IOException {
		String id = cluster.tableId("by_tablets").toString();
		String body = "{\"TableName\":\"" + TABLETS + "\",\"Limit\":2,\"ExclusiveStartKey\":{\"table_id\":{\"S\":\""
				+ id + "\"},\"last_token\":{\"S\":\"-1\"}}}";
		JsonNode answer = JsonNode.parser().parse(RawHttp.post(cluster.node(0), "Scan", body).text());
		List<String> lastTokens = new ArrayList<>();
		for (JsonNode item : answer.field("Items").get().asArray()) {
			lastTokens.add(string(item, "last_token"));
		}
		assertThat(lastTokens).containsExactly("4611686018427387903", "9223372036854775807");
	}

	@Test
	void getItemAndWritesOnSystemTablesAreRefusedLikeTheServer() throws IOException {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(
					() -> client.getItem((r) -> r.tableName(LOCAL).key(Map.of("key", AttributeValue.fromS("local")))))
			.withMessageContaining("Requested resource not found: Table: " + LOCAL + " not found");
		RawHttp.Response put = RawHttp.post(cluster.node(0), "PutItem",
				"{\"TableName\":\"" + LOCAL + "\",\"Item\":{\"key\":{\"S\":\"x\"}}}");
		assertThat(put.status()).isEqualTo(400);
		assertThat(put.text()).contains("ResourceNotFoundException")
			.contains("is an internal table, and writing to it is forbidden");
		assertThat(
				RawHttp.post(cluster.node(0), "Scan", "{\"TableName\":\".scylla.alternator.system.nothing\"}").text())
			.contains("ResourceNotFoundException")
			.contains("Internal table: system.nothing not found");
		assertThat(RawHttp
			.post(cluster.node(0), "Scan", "{\"TableName\":\".scylla.alternator.alternator_by_vnodes.by_vnodes\"}")
			.text()).contains("ResourceNotFoundException");
	}

	@Test
	void deniedSystemTablesAnswerAccessDenied() throws IOException {
		cluster.denySystemTables(true);
		assertThatExceptionOfType(DynamoDbException.class).isThrownBy(() -> client.scan((r) -> r.tableName(PEERS)))
			.satisfies((ex) -> {
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorMessage())
					.startsWith("SELECT access on table system.peers is denied to role ");
			});
		RawHttp.Response raw = RawHttp.post(cluster.node(1), "Scan", "{\"TableName\":\"" + LOCAL + "\"}");
		assertThat(raw.text()).isEqualTo("{\"__type\":\"com.amazonaws.dynamodb.v20120810#AccessDeniedException\","
				+ "\"message\":\"SELECT access on table system.local is denied to role <anonymous>, client address 127.0.0.1\"}");
		cluster.denySystemTables(false);
		assertThat(client.scan((r) -> r.tableName(PEERS)).count()).isEqualTo(5);
	}

	@Test
	void aBootstrappingNodeHasNoTokensInAnyView() throws IOException {
		LocalAlternatorNode joining = cluster.node(5);
		joining.bootstrapping(true);
		JsonNode local = item(scan(joining, LOCAL), 0);
		assertThat(local.field("tokens")).isEmpty();
		assertThat(string(local, "bootstrapped")).isEqualTo("IN_PROGRESS");
		for (JsonNode peer : scan(cluster.node(0), PEERS).field("Items").get().asArray()) {
			assertThat(peer.field("tokens").isPresent()).isEqualTo(!string(peer, "peer").equals(joining.address()));
		}
		assertThat(cluster.replicas("by_vnodes", 0)).hasSize(3).doesNotContain(joining);
	}

	@Test
	void segmentsSplitTheRowsByToken() {
		Set<String> keyspaces = new HashSet<>();
		int total = 0;
		for (int segment = 0; segment < 4; segment++) {
			int current = segment;
			ScanResponse page = client.scan((r) -> r.tableName(KEYSPACES).segment(current).totalSegments(4));
			for (Map<String, AttributeValue> item : page.items()) {
				keyspaces.add(item.get("keyspace_name").s());
				total++;
			}
		}
		assertThat(total).isEqualTo(keyspaces.size()).isEqualTo(client.scan((r) -> r.tableName(KEYSPACES)).count());
	}

	static void createTable(DynamoDbClient client, String name) {
		client.createTable((request) -> request.tableName(name)
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST));
	}

	private static JsonNode scan(LocalAlternatorNode node, String table) throws IOException {
		RawHttp.Response response = RawHttp.post(node, "Scan", "{\"TableName\":\"" + table + "\"}");
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return JsonNode.parser().parse(response.text());
	}

	@Test
	void queriesNeedAnEqualityOnThePartitionKeyAndNothingElse() throws IOException {
		String tableId = cluster.tableId("by_tablets").toString();
		String reversed = "{\"TableName\":\"" + TABLETS + "\",\"KeyConditionExpression\":\":v = table_id\","
				+ "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"" + tableId + "\"}}}";
		assertThat(RawHttp.post(cluster.node(0), "Query", reversed).status()).isEqualTo(200);
		String range = "{\"TableName\":\"" + TABLETS + "\",\"KeyConditionExpression\":"
				+ "\"table_id = :v AND last_token > :t\",\"ExpressionAttributeValues\":{\":v\":{\"S\":\"" + tableId
				+ "\"},\":t\":{\"N\":\"0\"}}}";
		RawHttp.Response rangeAnswer = RawHttp.post(cluster.node(0), "Query", range);
		assertThat(rangeAnswer.status()).isEqualTo(400);
		assertThat(rangeAnswer.text()).contains("ValidationException", "Only an equality on the partition key");
		String legacyRange = "{\"TableName\":\"" + TABLETS + "\",\"KeyConditions\":{\"table_id\":"
				+ "{\"ComparisonOperator\":\"BEGINS_WITH\",\"AttributeValueList\":[{\"S\":\"" + tableId + "\"}]}}}";
		RawHttp.Response legacyAnswer = RawHttp.post(cluster.node(0), "Query", legacyRange);
		assertThat(legacyAnswer.status()).isEqualTo(400);
		assertThat(legacyAnswer.text()).contains("needs an equality on its partition key table_id");
	}

	private static JsonNode query(LocalAlternatorNode node, String table, String key, String value) throws IOException {
		RawHttp.Response response = RawHttp.post(node, "Query", queryBody(table, key, value, 0));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return JsonNode.parser().parse(response.text());
	}

	private static String queryBody(String table, String key, String value, int limit) {
		return "{\"TableName\":\"" + table + "\",\"KeyConditionExpression\":\"#k = :v\","
				+ "\"ExpressionAttributeNames\":{\"#k\":\"" + key
				+ "\"},\"ExpressionAttributeValues\":{\":v\":{\"S\":\"" + value + "\"}}"
				+ ((limit > 0) ? ",\"Limit\":" + limit : "") + "}";
	}

	private static JsonNode item(JsonNode answer, int index) {
		return answer.field("Items").get().asArray().get(index);
	}

	private static String string(JsonNode item, String attribute) {
		return item.field(attribute).flatMap((value) -> value.field("S")).map(JsonNode::asString).orElseThrow();
	}

}
