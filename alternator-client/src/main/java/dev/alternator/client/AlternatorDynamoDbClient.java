package dev.alternator.client;

import java.util.function.Consumer;

import dev.alternator.client.internal.sdk.ClientContext;
import dev.alternator.client.internal.sdk.ClientFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Creates load-balanced sync {@link DynamoDbClient}s for Alternator.
 * <p>
 * The returned object is an ordinary SDK client (the Enhanced client works on top of it).
 * Each call gets a plan over the live nodes (round-robin first node, quarantined nodes
 * last); every attempt — the SDK's retries included — goes to the next node of the plan,
 * signed for that node. Whether to retry stays the SDK's decision: its standard retry
 * strategy is set explicitly with {@link AlternatorConfig#maxAttempts()} attempts (it
 * retries I/O errors, 5xx, throttling and clock skew). Note that the SDK also retries a
 * <em>conditional</em> write whose attempt timed out; if the first attempt was applied,
 * the retry can then fail with {@code ConditionalCheckFailedException} although the write
 * happened — design conditional writes to tolerate that, or set {@code maxAttempts(1)}
 * for such calls' client. <pre>{@code
 * AlternatorConfig config = AlternatorConfig.builder().seedHosts(List.of("10.0.0.1")).build();
 * DynamoDbClient client = AlternatorDynamoDbClient.create(config);
 * }</pre> Closing the client stops every thread the library started for it.
 *
 * @since 0.1.0
 */
public final class AlternatorDynamoDbClient {

	private AlternatorDynamoDbClient() {
	}

	/**
	 * Creates a client with its own node directory, using the Apache 5 HTTP client. Runs
	 * the first discovery before returning (bounded by the discovery timeout).
	 * @param config the configuration
	 * @return the client; closing it closes its directory
	 */
	public static DynamoDbClient create(AlternatorConfig config) {
		return builder().config(config).build();
	}

	/**
	 * A builder, to share a node directory, pick the HTTP client or customize the SDK
	 * builder.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder of load-balanced sync clients: a configuration or a shared
	 * {@link AlternatorNodeDirectory}, optionally an HTTP client (default Apache 5, e.g.
	 * {@code UrlConnectionHttpClient.builder()} for the URL-connection client) and a
	 * customizer of the SDK builder. Not thread-safe.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder extends
			LoadBalancedClientBuilder<Builder, DynamoDbClient, SdkHttpClient.Builder<?>, DynamoDbClientBuilder> {

		private Builder() {
		}

		@Override
		DynamoDbClient create(ClientContext context, @Nullable AutoCloseable owned,
				SdkHttpClient.@Nullable Builder<?> httpClientBuilder, Consumer<DynamoDbClientBuilder> customizer) {
			return ClientFactory.sync(context, owned, httpClientBuilder, customizer);
		}

	}

}
