package dev.alternator.client.internal.replica;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaKeysTests {

	private static final AttributeValue KEY = AttributeValue.fromS("k1");

	private static final Map<String, AttributeValue> ITEM = Map.of("pk", KEY, "sk", AttributeValue.fromN("7"), "v",
			AttributeValue.fromS("x"));

	@Test
	void getPutUpdateAndDeleteAddressTheirKeysPartition() {
		GetItemRequest get = GetItemRequest.builder().tableName("t").key(Map.of("pk", KEY)).build();
		PutItemRequest put = PutItemRequest.builder().tableName("t").item(ITEM).build();
		UpdateItemRequest update = UpdateItemRequest.builder()
			.tableName("t")
			.key(Map.of("pk", KEY, "sk", AttributeValue.fromN("7")))
			.updateExpression("SET v = :v")
			.build();
		DeleteItemRequest delete = DeleteItemRequest.builder().tableName("t").key(Map.of("pk", KEY)).build();
		for (var request : new software.amazon.awssdk.core.SdkRequest[] { get, put, update, delete }) {
			assertThat(ReplicaKeys.table(request)).isEqualTo("t");
			assertThat(ReplicaKeys.partitionKey(request, "pk")).isSameAs(KEY);
		}
	}

	@Test
	void aRequestWithoutThePartitionKeyHasNoKey() {
		GetItemRequest get = GetItemRequest.builder().tableName("t").key(Map.of("other", KEY)).build();
		assertThat(ReplicaKeys.partitionKey(get, "pk")).isNull();
		assertThat(ReplicaKeys.partitionKey(GetItemRequest.builder().tableName("t").build(), "pk")).isNull();
	}

	@Test
	void otherOperationsAndInternalTablesAreNotRoutedByKey() {
		assertThat(ReplicaKeys.table(ScanRequest.builder().tableName("t").build())).isNull();
		assertThat(ReplicaKeys.table(BatchGetItemRequest.builder().build())).isNull();
		assertThat(ReplicaKeys.table(GetItemRequest.builder().key(Map.of("pk", KEY)).build())).isNull();
		assertThat(ReplicaKeys.table(QueryRequest.builder()
			.tableName(".scylla.alternator.system.tablets")
			.keyConditionExpression("#c0 = :key")
			.build())).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "#p = :v", "pk = :v", ":v = #p", "#p=:v", "(#p = :v)", "#p = :v AND #s > :w",
			"#s BETWEEN :w AND :x AND #p = :v", "begins_with(#s, :w) AND (pk = :v)", "#s = :w AND #p = :v",
			"  #p   =   :v  " })
	void queryWithAnEqualityOnThePartitionKeyAddressesItsPartition(String expression) {
		QueryRequest query = QueryRequest.builder()
			.tableName("t")
			.keyConditionExpression(expression)
			.expressionAttributeNames(Map.of("#p", "pk", "#s", "sk"))
			.expressionAttributeValues(
					Map.of(":v", KEY, ":w", AttributeValue.fromN("1"), ":x", AttributeValue.fromN("2")))
			.build();
		assertThat(ReplicaKeys.table(query)).isEqualTo("t");
		assertThat(ReplicaKeys.partitionKey(query, "pk")).as(expression).isSameAs(KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "#s = :w", "#p <= :v", "#p >= :v", "#p <> :v", "#p = #s", "pkx = :v", "#p = :missing",
			"#unknown = :v", "#p = :vv" })
	void queryWithoutAnEqualityOnThePartitionKeyHasNoKey(String expression) {
		QueryRequest query = QueryRequest.builder()
			.tableName("t")
			.keyConditionExpression(expression)
			.expressionAttributeNames(Map.of("#p", "pk", "#s", "sk"))
			.expressionAttributeValues(Map.of(":v", KEY, ":w", AttributeValue.fromN("1")))
			.build();
		assertThat(ReplicaKeys.partitionKey(query, "pk")).as(expression).isNull();
	}

	@Test
	void legacyKeyConditionsWithEqAddressThePartition() {
		QueryRequest eq = QueryRequest.builder()
			.tableName("t")
			.keyConditions(Map.of("pk",
					Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(KEY).build(), "sk",
					Condition.builder()
						.comparisonOperator(ComparisonOperator.GT)
						.attributeValueList(AttributeValue.fromN("1"))
						.build()))
			.build();
		assertThat(ReplicaKeys.partitionKey(eq, "pk")).isSameAs(KEY);
		QueryRequest other = QueryRequest.builder()
			.tableName("t")
			.keyConditions(Map.of("pk",
					Condition.builder()
						.comparisonOperator(ComparisonOperator.BEGINS_WITH)
						.attributeValueList(KEY)
						.build()))
			.build();
		assertThat(ReplicaKeys.partitionKey(other, "pk")).isNull();
	}

	@Test
	void queriesOfGlobalOrLocalIndexesAreNotRoutedByTheTablesKey() {
		QueryRequest index = QueryRequest.builder()
			.tableName("t")
			.indexName("by-pk")
			.keyConditionExpression("pk = :v")
			.expressionAttributeValues(Map.of(":v", KEY))
			.build();
		assertThat(ReplicaKeys.table(index)).isEqualTo("t");
		assertThat(ReplicaKeys.partitionKey(index, "pk")).isNull();
	}

	@Test
	void numberAndBinaryKeysAreReturnedAsSent() {
		AttributeValue number = AttributeValue.fromN("42.0");
		AttributeValue binary = AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] { (byte) 0xff }));
		assertThat(ReplicaKeys.partitionKey(GetItemRequest.builder().tableName("t").key(Map.of("pk", number)).build(),
				"pk"))
			.isSameAs(number);
		assertThat(ReplicaKeys.partitionKey(GetItemRequest.builder().tableName("t").key(Map.of("pk", binary)).build(),
				"pk"))
			.isSameAs(binary);
	}

}
