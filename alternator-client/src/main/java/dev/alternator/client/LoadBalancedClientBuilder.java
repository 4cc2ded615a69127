package dev.alternator.client;

import java.util.Objects;
import java.util.function.Consumer;

import dev.alternator.client.internal.sdk.ClientContext;
import org.jspecify.annotations.Nullable;

/**
 * What the sync and async client builders share: the configuration or a shared node
 * directory, the HTTP client builder, the SDK builder customizer, and ownership of the
 * directory. Not thread-safe.
 *
 * @param <B> the concrete builder
 * @param <C> the client type built
 * @param <H> the SDK HTTP client builder type
 * @param <S> the SDK client builder type
 */
abstract class LoadBalancedClientBuilder<B extends LoadBalancedClientBuilder<B, C, H, S>, C, H, S> {

	private @Nullable AlternatorConfig config;

	private @Nullable AlternatorNodeDirectory directory;

	private @Nullable H httpClientBuilder;

	private Consumer<S> customizer = (builder) -> {
	};

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

	/**
	 * The configuration; the client gets its own node directory and closes it.
	 * @param config the configuration
	 * @return this builder
	 */
	public B config(AlternatorConfig config) {
		this.config = Objects.requireNonNull(config, "config");
		return self();
	}

	/**
	 * A shared node directory (and its configuration); the client does not close it.
	 * @param directory the directory
	 * @return this builder
	 */
	public B nodeDirectory(AlternatorNodeDirectory directory) {
		this.directory = Objects.requireNonNull(directory, "directory");
		return self();
	}

	/**
	 * The SDK HTTP client to use. The library's timeouts and pool size apply beneath what
	 * the builder sets explicitly.
	 * @param httpClientBuilder the HTTP client builder
	 * @return this builder
	 */
	public B httpClientBuilder(H httpClientBuilder) {
		this.httpClientBuilder = Objects.requireNonNull(httpClientBuilder, "httpClientBuilder");
		return self();
	}

	/**
	 * Customizes the SDK builder after the library configured it. Either form of
	 * {@code overrideConfiguration} may be used, the consumer form
	 * {@code overrideConfiguration(o -> ...)} included: afterwards each library setting
	 * the customizer did not set is added back — the retry strategy
	 * ({@link AlternatorConfig#maxAttempts()}), the attempt timeout
	 * ({@link AlternatorConfig#attemptTimeout()}), the scheduler, the user agent prefix
	 * and the library's interceptors. A retry strategy (or retry mode or policy),
	 * {@code apiCallAttemptTimeout}, {@code scheduledExecutorService} or
	 * {@code USER_AGENT_PREFIX} set here wins over the library's; the library's
	 * interceptors are always kept. Do not replace the HTTP client, endpoint or auth
	 * scheme: they carry the per-attempt routing.
	 * @param customizer the customizer
	 * @return this builder
	 */
	public B clientCustomizer(Consumer<S> customizer) {
		this.customizer = Objects.requireNonNull(customizer, "customizer");
		return self();
	}

	/**
	 * Builds the client; with a configuration (and no directory) it first creates the
	 * client's own directory, running the first discovery.
	 * @return the client
	 * @throws IllegalStateException when neither a configuration nor a directory is set,
	 * or both are
	 */
	public C build() {
		if (this.directory != null) {
			if (this.config != null && this.config != this.directory.config()) {
				throw new IllegalStateException("Set either config or nodeDirectory, not both");
			}
			return create(this.directory.clientContext(), null, this.httpClientBuilder, this.customizer);
		}
		if (this.config == null) {
			throw new IllegalStateException("config or nodeDirectory is required");
		}
		AlternatorNodeDirectory owned = AlternatorNodeDirectory.create(this.config);
		try {
			return create(owned.clientContext(), owned, this.httpClientBuilder, this.customizer);
		}
		catch (RuntimeException ex) {
			owned.close();
			throw ex;
		}
	}

	abstract C create(ClientContext context, @Nullable AutoCloseable owned, @Nullable H httpClientBuilder,
			Consumer<S> customizer);

}
