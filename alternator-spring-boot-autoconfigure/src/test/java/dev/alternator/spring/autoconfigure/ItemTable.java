package dev.alternator.spring.autoconfigure;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A table {@code id} (S, hash key) → {@code name}, {@code quantity}, for the tests
 * against real ScyllaDB.
 *
 * @param client the client
 * @param name the table name
 */
public record ItemTable(DynamoDbClient client, String name) {

	public static ItemTable create(DynamoDbClient client, String name) {
		client.createTable((table) -> table.tableName(name)
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST));
		client.waiter().waitUntilTableExists((table) -> table.tableName(name));
		return new ItemTable(client, name);
	}

	public void put(String id, String itemName, int quantity) {
		this.client.putItem((put) -> put.tableName(this.name)
			.item(Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS(itemName), "quantity",
					AttributeValue.fromN(Integer.toString(quantity)))));
	}

	public Map<String, AttributeValue> get(String id) {
		return this.client
			.getItem((get) -> get.tableName(this.name).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true))
			.item();
	}

	public void setQuantity(String id, int quantity) {
		this.client.updateItem((update) -> update.tableName(this.name)
			.key(Map.of("id", AttributeValue.fromS(id)))
			.updateExpression("SET quantity = :q")
			.expressionAttributeValues(Map.of(":q", AttributeValue.fromN(Integer.toString(quantity)))));
	}

	/**
	 * Adds one to {@code quantity} if it equals {@code expected}: a conditional write (a
	 * read-modify-write, so an LWT under any write isolation but {@code unsafe}).
	 */
	public void incrementQuantity(String id, int expected) {
		this.client.updateItem((update) -> update.tableName(this.name)
			.key(Map.of("id", AttributeValue.fromS(id)))
			.updateExpression("SET quantity = quantity + :one")
			.conditionExpression("quantity = :expected")
			.expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":expected",
					AttributeValue.fromN(Integer.toString(expected)))));
	}

	public void delete(String id) {
		this.client.deleteItem((delete) -> delete.tableName(this.name).key(Map.of("id", AttributeValue.fromS(id))));
	}

	public void drop() {
		this.client.deleteTable((table) -> table.tableName(this.name));
	}

}
