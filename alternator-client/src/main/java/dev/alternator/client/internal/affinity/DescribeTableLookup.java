package dev.alternator.client.internal.affinity;

import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.alternator.client.internal.common.Closeables;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Reads a table's HASH attribute with {@code DescribeTable}, through a load-balanced
 * client of the same node directory (same nodes, health and retries) built like the first
 * client the library built over the directory: with that client's SDK customizer, so that
 * credentials (or anything else) given only there apply to the lookup too — a sync client
 * for a sync first client, an async one (waited on) for an async one. The client is
 * created on the first lookup and closed by {@link #close()}.
 * <p>
 * Thread-safe.
 */
public final class DescribeTableLookup implements PartitionKeyResolver.Lookup, AutoCloseable {

	private final Function<Consumer<DynamoDbClientBuilder>, DynamoDbClient> syncClients;

	private final Function<Consumer<DynamoDbAsyncClientBuilder>, DynamoDbAsyncClient> asyncClients;

	private @Nullable Consumer<DynamoDbClientBuilder> syncCustomizer;

	private @Nullable Consumer<DynamoDbAsyncClientBuilder> asyncCustomizer;

	private @Nullable DynamoDbClient client;

	private @Nullable DynamoDbAsyncClient asyncClient;

	private boolean closed;

	/**
	 * Creates the lookup.
	 * @param syncClients builds a sync client over the directory with a customizer
	 * @param asyncClients builds an async client over the directory with a customizer
	 */
	public DescribeTableLookup(Function<Consumer<DynamoDbClientBuilder>, DynamoDbClient> syncClients,
			Function<Consumer<DynamoDbAsyncClientBuilder>, DynamoDbAsyncClient> asyncClients) {
		this.syncClients = syncClients;
		this.asyncClients = asyncClients;
	}

	/**
	 * Notes the customizer of a sync client built over the directory; the first client's
	 * customizer is the one used.
	 * @param customizer the customizer
	 */
	public synchronized void sync(Consumer<DynamoDbClientBuilder> customizer) {
		if (this.syncCustomizer == null && this.asyncCustomizer == null) {
			this.syncCustomizer = customizer;
		}
	}

	/**
	 * Notes the customizer of an async client built over the directory; the first
	 * client's customizer is the one used.
	 * @param customizer the customizer
	 */
	public synchronized void async(Consumer<DynamoDbAsyncClientBuilder> customizer) {
		if (this.syncCustomizer == null && this.asyncCustomizer == null) {
			this.asyncCustomizer = customizer;
		}
	}

	@Override
	public @Nullable String hashKey(String table) {
		TableDescription description = describe(table);
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

	private @Nullable TableDescription describe(String table) {
		DynamoDbAsyncClient async;
		DynamoDbClient sync;
		synchronized (this) {
			if (this.closed) {
				throw new IllegalStateException("closed");
			}
			if (this.client == null && this.asyncClient == null) {
				Consumer<DynamoDbAsyncClientBuilder> asyncCustomizer = this.asyncCustomizer;
				if (asyncCustomizer != null) {
					this.asyncClient = this.asyncClients.apply(asyncCustomizer);
				}
				else {
					Consumer<DynamoDbClientBuilder> syncCustomizer = this.syncCustomizer;
					this.client = this.syncClients.apply((syncCustomizer != null) ? syncCustomizer : (builder) -> {
					});
				}
			}
			async = this.asyncClient;
			sync = this.client;
		}
		if (async != null) {
			try {
				return async.describeTable((request) -> request.tableName(table)).join().table();
			}
			catch (CompletionException ex) {
				// the lookup's caller classifies the SDK's own exception
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}
		return (sync != null) ? sync.describeTable((request) -> request.tableName(table)).table() : null;
	}

	@Override
	public void close() {
		DynamoDbClient sync;
		DynamoDbAsyncClient async;
		synchronized (this) {
			this.closed = true;
			sync = this.client;
			async = this.asyncClient;
			this.client = null;
			this.asyncClient = null;
		}
		Closeables.closeQuietly(sync);
		Closeables.closeQuietly(async);
	}

}
