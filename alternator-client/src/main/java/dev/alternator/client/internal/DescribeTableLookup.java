package dev.alternator.client.internal;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Reads a table's HASH attribute with {@code DescribeTable}, through a load-balanced sync
 * client of the same node directory (same nodes, credentials, health and retries). The
 * client is created on the first lookup and closed by {@link #close()}.
 * <p>
 * Thread-safe.
 */
final class DescribeTableLookup implements PartitionKeyResolver.Lookup, AutoCloseable {

	private final Supplier<DynamoDbClient> clients;

	private @Nullable DynamoDbClient client;

	private boolean closed;

	/**
	 * Creates the lookup.
	 * @param clients creates the client on first use
	 */
	DescribeTableLookup(Supplier<DynamoDbClient> clients) {
		this.clients = clients;
	}

	@Override
	public @Nullable String hashKey(String table) {
		TableDescription description = client().describeTable((request) -> request.tableName(table)).table();
		if (description == null) {
			return null;
		}
		for (KeySchemaElement element : description.keySchema()) {
			if (element.keyType() == KeyType.HASH) {
				return element.attributeName();
			}
		}
		return null;
	}

	private synchronized DynamoDbClient client() {
		if (this.closed) {
			throw new IllegalStateException("closed");
		}
		DynamoDbClient current = this.client;
		if (current == null) {
			current = this.clients.get();
			this.client = current;
		}
		return current;
	}

	@Override
	public void close() {
		DynamoDbClient current;
		synchronized (this) {
			this.closed = true;
			current = this.client;
			this.client = null;
		}
		ClientFactory.closeQuietly(current);
	}

}
