package dev.alternator.sample;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.alternator.client.AlternatorWriteOutcomeUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Repository;

/**
 * The {@code items} table, accessed with the load-balanced {@link DynamoDbClient}. The
 * table is created at startup when missing. Every write bumps {@code version}; writes are
 * conditional on it, so concurrent read-modify-write cycles never lose an update.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
@Repository
public class ItemRepository implements InitializingBean {

	/**
	 * The table name.
	 */
	public static final String TABLE = "items";

	private static final Logger logger = LoggerFactory.getLogger(ItemRepository.class);

	private static final Duration TABLE_CREATION_TIMEOUT = Duration.ofSeconds(60);

	private final DynamoDbClient dynamoDb;

	/**
	 * Creates the repository.
	 * @param dynamoDb the load-balanced client
	 */
	public ItemRepository(DynamoDbClient dynamoDb) {
		this.dynamoDb = dynamoDb;
	}

	/**
	 * Creates the table unless it exists, and waits until it is active.
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Override
	public void afterPropertiesSet() throws InterruptedException {
		try {
			this.dynamoDb.createTable((table) -> table.tableName(TABLE)
				.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
				.attributeDefinitions(
						AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
				.billingMode(BillingMode.PAY_PER_REQUEST));
			logger.info("Created table {}", TABLE);
		}
		catch (ResourceInUseException ex) {
			logger.info("Table {} exists", TABLE);
		}
		long deadline = System.nanoTime() + TABLE_CREATION_TIMEOUT.toNanos();
		while (this.dynamoDb.describeTable((table) -> table.tableName(TABLE))
			.table()
			.tableStatus() != TableStatus.ACTIVE) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Table " + TABLE + " not active after " + TABLE_CREATION_TIMEOUT);
			}
			Thread.sleep(100);
		}
	}

	/**
	 * Creates an item unless one with its id exists.
	 * @param id the id
	 * @param name the name
	 * @param quantity the quantity
	 * <p>
	 * A conditional create is not idempotent, so the client does not resend it after a
	 * failure that may have come after the node applied it (write retry policy
	 * {@code safe}): it throws {@link AlternatorWriteOutcomeUnknownException}. The item
	 * is then read back: if it is there exactly as written, this create applied it.
	 * @return the item (version 1), or empty when the id is taken
	 * @throws AlternatorWriteOutcomeUnknownException when the outcome stays unknown (the
	 * item is not there yet: the write may still be applied by the node that received it)
	 */
	public Optional<Item> create(String id, String name, long quantity) {
		Item item = new Item(id, name, quantity, 1);
		try {
			this.dynamoDb.putItem((put) -> put.tableName(TABLE)
				.item(toAttributes(item))
				.conditionExpression("attribute_not_exists(id)"));
			return Optional.of(item);
		}
		catch (ConditionalCheckFailedException ex) {
			return Optional.empty();
		}
		catch (AlternatorWriteOutcomeUnknownException ex) {
			Optional<Item> stored = find(id);
			if (stored.isEmpty()) {
				throw ex;
			}
			logger.info("Create of item {} had an unknown outcome on {}; read back: {}", id, ex.node(),
					stored.get().equals(item) ? "applied" : "taken by another write");
			return stored.filter(item::equals);
		}
	}

	/**
	 * Reads an item (strongly consistent).
	 * @param id the id
	 * @return the item, or empty
	 */
	public Optional<Item> find(String id) {
		Map<String, AttributeValue> attributes = this.dynamoDb
			.getItem((get) -> get.tableName(TABLE).key(key(id)).consistentRead(true))
			.item();
		return (attributes == null || attributes.isEmpty()) ? Optional.empty()
				: Optional.of(fromAttributes(attributes));
	}

	/**
	 * Lists every item (one scan; fine for a demo table).
	 * @return the items
	 */
	public List<Item> findAll() {
		return this.dynamoDb.scanPaginator((scan) -> scan.tableName(TABLE))
			.items()
			.stream()
			.map(ItemRepository::fromAttributes)
			.toList();
	}

	/**
	 * Replaces the name and quantity of an existing item, bumping its version.
	 * @param id the id
	 * @param name the new name
	 * @param quantity the new quantity
	 * @return the updated item, or empty when there is no such item
	 */
	public Optional<Item> replace(String id, String name, long quantity) {
		try {
			Map<String, AttributeValue> updated = this.dynamoDb
				.updateItem((update) -> update.tableName(TABLE)
					.key(key(id))
					.updateExpression("SET #name = :name, quantity = :quantity ADD version :one")
					.conditionExpression("attribute_exists(id)")
					.expressionAttributeNames(Map.of("#name", "name"))
					.expressionAttributeValues(Map.of(":name", AttributeValue.fromS(name), ":quantity",
							number(quantity), ":one", number(1)))
					.returnValues(ReturnValue.ALL_NEW))
				.attributes();
			return Optional.of(fromAttributes(updated));
		}
		catch (ConditionalCheckFailedException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Writes a new quantity only if the item still has the expected version (optimistic
	 * concurrency): the write half of a read-modify-write.
	 * @param item the item as read
	 * @param quantity the new quantity
	 * <p>
	 * When the outcome is unknown ({@link AlternatorWriteOutcomeUnknownException}), the
	 * item is read back: the write's version check lets it apply at most once, so either
	 * the item shows this write, or the caller can read and try again like after a lost
	 * race.
	 * @return the updated item, or empty when another write changed the item first (or
	 * this write's outcome is unknown and the item does not show it)
	 */
	public Optional<Item> updateQuantityIfVersion(Item item, long quantity) {
		Item next = new Item(item.id(), item.name(), quantity, item.version() + 1);
		try {
			this.dynamoDb.updateItem((update) -> update.tableName(TABLE)
				.key(key(item.id()))
				.updateExpression("SET quantity = :quantity, version = :next")
				.conditionExpression("version = :expected")
				.expressionAttributeValues(Map.of(":quantity", number(quantity), ":next", number(next.version()),
						":expected", number(item.version()))));
			return Optional.of(next);
		}
		catch (ConditionalCheckFailedException ex) {
			return Optional.empty();
		}
		catch (AlternatorWriteOutcomeUnknownException ex) {
			return find(item.id()).filter(next::equals);
		}
	}

	/**
	 * Deletes an item.
	 * @param id the id
	 * @return whether the item existed
	 */
	public boolean delete(String id) {
		Map<String, AttributeValue> old = this.dynamoDb
			.deleteItem((delete) -> delete.tableName(TABLE).key(key(id)).returnValues(ReturnValue.ALL_OLD))
			.attributes();
		return old != null && !old.isEmpty();
	}

	private static Map<String, AttributeValue> key(String id) {
		return Map.of("id", AttributeValue.fromS(id));
	}

	private static AttributeValue number(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	private static Map<String, AttributeValue> toAttributes(Item item) {
		Map<String, AttributeValue> attributes = new HashMap<>();
		attributes.put("id", AttributeValue.fromS(item.id()));
		attributes.put("name", AttributeValue.fromS(item.name()));
		attributes.put("quantity", number(item.quantity()));
		attributes.put("version", number(item.version()));
		return attributes;
	}

	private static Item fromAttributes(Map<String, AttributeValue> attributes) {
		return new Item(attributes.get("id").s(), attributes.get("name").s(),
				Long.parseLong(attributes.get("quantity").n()), Long.parseLong(attributes.get("version").n()));
	}

}
