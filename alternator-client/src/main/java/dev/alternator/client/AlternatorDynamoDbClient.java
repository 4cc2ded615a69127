package dev.alternator.client;

import java.util.Objects;
import java.util.function.Consumer;

import dev.alternator.client.internal.ClientFactory;
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
	 * Builder of load-balanced sync clients. Not thread-safe.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private @Nullable AlternatorConfig config;

		private @Nullable AlternatorNodeDirectory directory;

		private SdkHttpClient.@Nullable Builder<?> httpClientBuilder;

		private Consumer<DynamoDbClientBuilder> customizer = (builder) -> {
		};

		private Builder() {
		}

		/**
		 * The configuration; the client gets its own node directory.
		 * @param config the configuration
		 * @return this builder
		 */
		public Builder config(AlternatorConfig config) {
			this.config = Objects.requireNonNull(config, "config");
			return this;
		}

		/**
		 * A shared node directory (and its configuration); the client does not close it.
		 * @param directory the directory
		 * @return this builder
		 */
		public Builder nodeDirectory(AlternatorNodeDirectory directory) {
			this.directory = Objects.requireNonNull(directory, "directory");
			return this;
		}

		/**
		 * The HTTP client (default Apache 5), e.g.
		 * {@code UrlConnectionHttpClient.builder()}. The library's timeouts and pool size
		 * apply beneath what the builder sets explicitly.
		 * @param httpClientBuilder the HTTP client builder
		 * @return this builder
		 */
		public Builder httpClientBuilder(SdkHttpClient.Builder<?> httpClientBuilder) {
			this.httpClientBuilder = Objects.requireNonNull(httpClientBuilder, "httpClientBuilder");
			return this;
		}

		/**
		 * Customizes the SDK builder after the library configured it. Use the consumer
		 * form of {@code overrideConfiguration} to keep the library's interceptor (it is
		 * merged back if replaced); do not replace the HTTP client, endpoint or auth
		 * scheme.
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder clientCustomizer(Consumer<DynamoDbClientBuilder> customizer) {
			this.customizer = Objects.requireNonNull(customizer, "customizer");
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 * @throws IllegalStateException when neither a configuration nor a directory is
		 * set, or both are
		 */
		public DynamoDbClient build() {
			if (this.directory != null) {
				if (this.config != null && !this.config.equals(this.directory.config())) {
					throw new IllegalStateException("Set either config or nodeDirectory, not both");
				}
				return ClientFactory.sync(this.directory.engine(), null, this.httpClientBuilder, this.customizer);
			}
			if (this.config == null) {
				throw new IllegalStateException("config or nodeDirectory is required");
			}
			AlternatorNodeDirectory owned = AlternatorNodeDirectory.create(this.config);
			try {
				return ClientFactory.sync(owned.engine(), owned, this.httpClientBuilder, this.customizer);
			}
			catch (RuntimeException ex) {
				owned.close();
				throw ex;
			}
		}

	}

}
