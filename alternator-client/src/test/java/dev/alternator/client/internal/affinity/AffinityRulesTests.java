package dev.alternator.client.internal.affinity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.internal.Vectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AffinityRules} against every vector of
 * {@code generated-rmw-classification.json} (typed SDK requests built from
 * {@code params}), plus {@code BatchWriteItem}.
 */
class AffinityRulesTests {

	static Stream<Named<JsonNode>> vectors() {
		List<JsonNode> vectors = Vectors.vectors("generated-rmw-classification.json");
		return vectors.stream()
			.map((vector) -> Named.of(
					Vectors.string(vector, "operation") + " " + Vectors.field(vector, "params").asObject().keySet(),
					vector));
	}

	@ParameterizedTest
	@MethodSource("vectors")
	void requestQualifiesExactlyAsTheJavaColumnsSay(JsonNode vector) {
		SdkRequest request = request(Vectors.string(vector, "operation"), Vectors.field(vector, "params"));
		assertThat(AffinityRules.qualifies(KeyAffinityMode.RMW, request))
			.isEqualTo(Vectors.field(vector, "java_rmw").asBoolean());
		assertThat(AffinityRules.qualifies(KeyAffinityMode.ANY_WRITE, request))
			.isEqualTo(Vectors.field(vector, "java_any_write").asBoolean());
		assertThat(AffinityRules.qualifies(KeyAffinityMode.NONE, request)).isFalse();
	}

	@Test
	void vectorFileCoversEveryOperationAndBothModes() {
		List<JsonNode> vectors = Vectors.vectors("generated-rmw-classification.json");
		assertThat(vectors).hasSize(30);
		assertThat(vectors.stream().map((v) -> Vectors.string(v, "operation")).distinct())
			.containsExactlyInAnyOrder("PutItem", "DeleteItem", "UpdateItem", "GetItem");
	}

	@Test
	void batchWriteQualifiesOnlyInAnyWriteModeWithATarget() {
		BatchWriteItemRequest batch = BatchWriteItemRequest.builder()
			.requestItems(Map.of("t",
					List.of(WriteRequest.builder()
						.deleteRequest(DeleteRequest.builder().key(Map.of("pk", AttributeValue.fromS("k"))).build())
						.build())))
			.build();
		BatchWriteItemRequest empty = BatchWriteItemRequest.builder().requestItems(Map.of("t", List.of())).build();
		assertThat(AffinityRules.qualifies(KeyAffinityMode.ANY_WRITE, batch)).isTrue();
		assertThat(AffinityRules.qualifies(KeyAffinityMode.RMW, batch)).isFalse();
		assertThat(AffinityRules.qualifies(KeyAffinityMode.NONE, batch)).isFalse();
		assertThat(AffinityRules.qualifies(KeyAffinityMode.ANY_WRITE, empty)).isFalse();
		assertThat(AffinityRules.qualifies(KeyAffinityMode.ANY_WRITE, BatchWriteItemRequest.builder().build()))
			.isFalse();
	}

	private static SdkRequest request(String operation, JsonNode params) {
		Map<String, JsonNode> p = params.asObject();
		String table = p.get("TableName").asString();
		switch (operation) {
			case "PutItem" -> {
				PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item(p.get("Item")));
				optional(p, "ConditionExpression").ifPresent((e) -> put.conditionExpression(e.asString()));
				optional(p, "Expected").ifPresent((e) -> put.expected(expected(e)));
				optional(p, "ReturnValues").ifPresent((e) -> put.returnValues(e.asString()));
				return put.build();
			}
			case "DeleteItem" -> {
				DeleteItemRequest.Builder delete = DeleteItemRequest.builder().tableName(table).key(item(p.get("Key")));
				optional(p, "ConditionExpression").ifPresent((e) -> delete.conditionExpression(e.asString()));
				optional(p, "Expected").ifPresent((e) -> delete.expected(expected(e)));
				optional(p, "ReturnValues").ifPresent((e) -> delete.returnValues(e.asString()));
				return delete.build();
			}
			case "UpdateItem" -> {
				UpdateItemRequest.Builder update = UpdateItemRequest.builder().tableName(table).key(item(p.get("Key")));
				optional(p, "ConditionExpression").ifPresent((e) -> update.conditionExpression(e.asString()));
				optional(p, "UpdateExpression").ifPresent((e) -> update.updateExpression(e.asString()));
				optional(p, "Expected").ifPresent((e) -> update.expected(expected(e)));
				optional(p, "ReturnValues").ifPresent((e) -> update.returnValues(e.asString()));
				optional(p, "AttributeUpdates").ifPresent((e) -> update.attributeUpdates(attributeUpdates(e)));
				return update.build();
			}
			case "GetItem" -> {
				return GetItemRequest.builder().tableName(table).key(item(p.get("Key"))).build();
			}
			default -> throw new IllegalArgumentException("unknown operation " + operation);
		}
	}

	private static java.util.Optional<JsonNode> optional(Map<String, JsonNode> params, String name) {
		return java.util.Optional.ofNullable(params.get(name));
	}

	private static Map<String, AttributeValue> item(JsonNode node) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		node.asObject().forEach((name, value) -> item.put(name, value(value)));
		return item;
	}

	private static AttributeValue value(JsonNode node) {
		Map<String, JsonNode> typed = node.asObject();
		assertThat(typed).hasSize(1);
		Map.Entry<String, JsonNode> entry = typed.entrySet().iterator().next();
		return switch (entry.getKey()) {
			case "S" -> AttributeValue.fromS(entry.getValue().asString());
			case "N" -> AttributeValue.fromN(entry.getValue().asString());
			case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Vectors.hex(entry.getValue().asString())));
			default -> throw new IllegalArgumentException("unsupported type " + entry.getKey());
		};
	}

	private static Map<String, ExpectedAttributeValue> expected(JsonNode node) {
		Map<String, ExpectedAttributeValue> expected = new LinkedHashMap<>();
		node.asObject().forEach((name, condition) -> {
			ExpectedAttributeValue.Builder builder = ExpectedAttributeValue.builder();
			Map<String, JsonNode> fields = condition.asObject();
			if (fields.containsKey("Exists")) {
				builder.exists(fields.get("Exists").asBoolean());
			}
			if (fields.containsKey("Value")) {
				builder.value(value(fields.get("Value")));
			}
			expected.put(name, builder.build());
		});
		return expected;
	}

	private static Map<String, AttributeValueUpdate> attributeUpdates(JsonNode node) {
		Map<String, AttributeValueUpdate> updates = new LinkedHashMap<>();
		node.asObject().forEach((name, update) -> {
			AttributeValueUpdate.Builder builder = AttributeValueUpdate.builder();
			Map<String, JsonNode> fields = update.asObject();
			builder.action(fields.get("Action").asString());
			if (fields.containsKey("Value")) {
				builder.value(value(fields.get("Value")));
			}
			updates.put(name, builder.build());
		});
		return updates;
	}

}
