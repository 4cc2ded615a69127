package dev.alternator.client.internal.affinity;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.alternator.client.internal.common.Closeables;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The library's own background reads — a table's description with {@code DescribeTable}
 * (its HASH attribute for key affinity; its HASH attribute and {@code TableId} for
 * replica-aware routing) and the {@code Scan}/{@code Query} of ScyllaDB system tables —
 * through a load-balanced client of the same node directory (same nodes, health and
 * retries) built like the first client the library built over the directory: with that
 * client's SDK customizer, so that credentials (or anything else) given only there apply
 * to these reads too — a sync client for a sync first client, an async one (waited on)
 * for an async one. The client is created on the first read and closed by
 * {@link #close()}. Every method blocks the calling thread for as long as the request
 * takes: call them from background threads only.
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

	/**
	 * The HASH attribute of a table's description.
	 * @param description the description
	 * @return the attribute name, or {@code null} when the key schema has none
	 */
	public static @Nullable String hashKey(TableDescription description) {
		for (KeySchemaElement element : description.keySchema()) {
			if (element.keyType() == KeyType.HASH) {
				return element.attributeName();
			}
		}
		return null;
	}

	@Override
	public @Nullable String hashKey(String table) {
		return hashKey(describe(table));
	}

	/**
	 * Describes a table.
	 * @param table the table name
	 * @return its description
	 * @throws RuntimeException the SDK's exception when the request failed
	 */
	public TableDescription describe(String table) {
		return call((sync) -> sync.describeTable((request) -> request.tableName(table)),
				(async) -> async.describeTable((request) -> request.tableName(table)))
			.table();
	}

	/**
	 * Sends a {@code DescribeTable}.
	 * @param request the request
	 * @return the response
	 * @throws RuntimeException the SDK's exception when the request failed
	 */
	public DescribeTableResponse describe(DescribeTableRequest request) {
		return call((sync) -> sync.describeTable(request), (async) -> async.describeTable(request));
	}

	/**
	 * Sends a {@code Scan}.
	 * @param request the request
	 * @return the response
	 * @throws RuntimeException the SDK's exception when the request failed
	 */
	public ScanResponse scan(ScanRequest request) {
		return call((sync) -> sync.scan(request), (async) -> async.scan(request));
	}

	/**
	 * Sends a {@code Query}.
	 * @param request the request
	 * @return the response
	 * @throws RuntimeException the SDK's exception when the request failed
	 */
	public QueryResponse query(QueryRequest request) {
		return call((sync) -> sync.query(request), (async) -> async.query(request));
	}

	private <T> T call(Function<DynamoDbClient, T> syncCall,
			Function<DynamoDbAsyncClient, CompletableFuture<T>> asyncCall) {
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
				return asyncCall.apply(async).join();
			}
			catch (CompletionException ex) {
				// the lookup's caller classifies the SDK's own exception
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}
		return syncCall.apply(Objects.requireNonNull(sync));
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
