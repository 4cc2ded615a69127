package dev.alternator.testsupport;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TableIdTests {

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void instantModeDescribesTheClustersTableId() throws IOException {
		try (LocalAlternatorCluster cluster = ClusterPlacementTests.threeRacks(3)
			.defaultPlacement(TablePlacement.tablets(2))
			.start(); DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			assertTableIdEverywhere(cluster, client);
		}
	}

	@Test
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void dynaliteModeReplacesDynalitesTableIdWithTheClusters() throws IOException {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "r1")
			.node("dc1", "r2")
			.node("dc1", "r3")
			.defaultPlacement(TablePlacement.tablets(2))
			.start(); DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint())) {
			assertTableIdEverywhere(cluster, client);

			// A table created behind the nodes' backs becomes known when first used.
			try (DynamoDbClient direct = TestClients.dynamoDb(cluster.dynamoDbEndpoint(),
					StaticCredentialsProvider.create(AwsBasicCredentials.create("ak", "sk")))) {
				SystemTablesTests.createTable(direct, "behind");
				String dynalitesId = direct.describeTable((r) -> r.tableName("behind")).table().tableId();
				LocalAlternatorNode node = cluster.node(1);
				try (DynamoDbClient through = TestClients.dynamoDb(node.endpoint())) {
					through.getItem((r) -> r.tableName("behind").key(Map.of("id", AttributeValue.fromS("x"))));
				}
				assertThat(node.stats().replicaRequests() + node.stats().nonReplicaRequests()).isEqualTo(1);
				UUID id = cluster.tableId("behind");
				assertThat(id.toString()).isNotEqualTo(dynalitesId);
				assertThat(client.describeTable((r) -> r.tableName("behind")).table().tableId())
					.isEqualTo(id.toString());
				assertThat(client.deleteTable((r) -> r.tableName("behind")).tableDescription().tableId())
					.isEqualTo(id.toString());
				assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> cluster.tableId("behind"));
			}
		}
	}

	private static void assertTableIdEverywhere(LocalAlternatorCluster cluster, DynamoDbClient client)
			throws IOException {
		CreateTableResponse created = client.createTable((request) -> request.tableName("identified")
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST));
		String id = cluster.tableId("identified").toString();
		assertThat(created.tableDescription().tableId()).isEqualTo(id);
		for (LocalAlternatorNode node : cluster.nodes()) {
			try (DynamoDbClient other = TestClients.dynamoDb(node.endpoint())) {
				assertThat(other.describeTable((r) -> r.tableName("identified")).table().tableId()).isEqualTo(id);
			}
		}
		assertThat(client.describeTable((r) -> r.tableName("identified")).table().keySchema().get(0).attributeName())
			.isEqualTo("id");
		String body = "{\"TableName\":\".scylla.alternator.system.tablets\"}";
		JsonNode answer = JsonNode.parser().parse(RawHttp.post(cluster.node(0), "Scan", body).text());
		List<JsonNode> rows = answer.field("Items").get().asArray();
		assertThat(rows).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.field("table_id").get().field("S").get().asString()).isEqualTo(id));
	}

}
