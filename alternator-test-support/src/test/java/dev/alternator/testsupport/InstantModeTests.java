package dev.alternator.testsupport;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(60)
class InstantModeTests {

	@Test
	void instantClusterAnswersTableAndItemOperationsFromMemoryWithoutDynalite() {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "r1")
			.node("dc1", "r2")
			.instant(true)
			.start(); DynamoDbClient one = client(cluster, 0); DynamoDbClient two = client(cluster, 1)) {
			assertThat(cluster.isInstant()).isTrue();
			one.createTable((t) -> t.tableName("t")
				.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
				.attributeDefinitions(AttributeDefinition.builder()
					.attributeName("id")
					.attributeType(ScalarAttributeType.S)
					.build()));
			assertThat(two.describeTable((r) -> r.tableName("t")).table().keySchema().get(0).attributeName())
				.isEqualTo("id");
			one.putItem((r) -> r.tableName("t")
				.item(Map.of("id", AttributeValue.fromS("a"), "v", AttributeValue.fromN("7"))));
			assertThat(two.getItem((r) -> r.tableName("t").key(Map.of("id", AttributeValue.fromS("a")))).item())
				.containsEntry("v", AttributeValue.fromN("7"));
			two.deleteItem((r) -> r.tableName("t").key(Map.of("id", AttributeValue.fromS("a"))));
			assertThat(one.getItem((r) -> r.tableName("t").key(Map.of("id", AttributeValue.fromS("a")))).hasItem())
				.isFalse();
			assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(
					() -> one.getItem((r) -> r.tableName("missing").key(Map.of("id", AttributeValue.fromS("a")))));
			assertThat(cluster.node(0).stats().apiRequests()).isEqualTo(4);
		}
	}

	private static DynamoDbClient client(LocalAlternatorCluster cluster, int node) {
		return DynamoDbClient.builder()
			.endpointOverride(cluster.node(node).endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.build();
	}

}
