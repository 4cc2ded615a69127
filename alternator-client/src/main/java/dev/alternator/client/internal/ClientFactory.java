package dev.alternator.client.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.alternator.client.AlternatorConfig;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Assembles load-balanced SDK clients: routing interceptor, routing SigV4 auth scheme,
 * observed HTTP client with the library's defaults and TLS settings, request and response
 * compression, header optimization, the standard retry strategy with the configured
 * attempts, the attempt timeout, a fixed region and explicit (or anonymous) credentials.
 * <p>
 * Thread-safe (stateless).
 */
public final class ClientFactory {

	private ClientFactory() {
	}

	/**
	 * Builds a sync client.
	 * @param engine the node directory
	 * @param owned what closing the client also closes (the directory when the client
	 * owns it)
	 * @param httpClientBuilder the HTTP client to use, or {@code null} for Apache 5
	 * @param customizer applied to the SDK builder after the library's settings
	 * @return the client
	 */
	public static DynamoDbClient sync(ClientContext engine, @Nullable AutoCloseable owned,
			SdkHttpClient.@Nullable Builder<?> httpClientBuilder, Consumer<DynamoDbClientBuilder> customizer) {
		SdkHttpClient.Builder<?> http = (httpClientBuilder != null) ? httpClientBuilder : Apache5HttpClient.builder();
		Tls tls = engine.tls();
		if (tls != null) {
			tls.apply(http);
		}
		return assemble(DynamoDbClient.builder(), engine, owned, (builder, closing) -> builder.httpClientBuilder(
				new ObservingHttpClient.Builder(http, httpDefaults(engine), engine, closing, headerTrimmer(engine))),
				customizer)
			.build();
	}

	/**
	 * Builds an async client.
	 * @param engine the node directory
	 * @param owned what closing the client also closes
	 * @param httpClientBuilder the HTTP client to use, or {@code null} for Netty
	 * @param customizer applied to the SDK builder after the library's settings
	 * @return the client
	 */
	public static DynamoDbAsyncClient async(ClientContext engine, @Nullable AutoCloseable owned,
			SdkAsyncHttpClient.@Nullable Builder<?> httpClientBuilder,
			Consumer<DynamoDbAsyncClientBuilder> customizer) {
		SdkAsyncHttpClient.Builder<?> http = (httpClientBuilder != null) ? httpClientBuilder
				: NettyNioAsyncHttpClient.builder();
		Tls tls = engine.tls();
		if (tls != null) {
			tls.apply(http);
		}
		return assemble(DynamoDbAsyncClient.builder(), engine, owned,
				(builder, closing) -> builder.httpClientBuilder(new ObservingAsyncHttpClient.Builder(http,
						httpDefaults(engine), engine, closing, headerTrimmer(engine))),
				customizer)
			.build();
	}

	/**
	 * The library's settings on an SDK builder — the observed HTTP client, which closes
	 * {@code owned} and the client's {@link SdkScheduler} — then the user's customizer,
	 * then the library's interceptors merged back in case the customizer replaced them.
	 */
	private static <B extends AwsClientBuilder<?, ?>> B assemble(B builder, ClientContext engine,
			@Nullable AutoCloseable owned, BiConsumer<B, AutoCloseable> httpClient, Consumer<B> customizer) {
		SdkScheduler scheduler = sdkScheduler(engine);
		httpClient.accept(builder, closingBoth(scheduler, owned));
		Tls tls = engine.tls();
		if (tls != null) {
			tls.warnIfTrustAll();
		}
		Routing routing = new Routing(engine, scheduler::beforeCall);
		WireInterceptor wire = wireInterceptor(engine.config());
		configure(builder, routing, scheduler.executor(), wire);
		customizer.accept(builder);
		ensureInterceptors(builder, routing, wire);
		ScheduledExecutorService chosen = builder.overrideConfiguration().scheduledExecutorService().orElse(null);
		if (chosen != scheduler.executor()) {
			// the customizer gave the SDK a scheduler of its own: ours is not used
			scheduler.shutdown();
		}
		return builder;
	}

	private static @Nullable HeaderTrimmer headerTrimmer(ClientContext engine) {
		return HeaderTrimmer.of(engine.config(), engine.userAgent());
	}

	private static @Nullable WireInterceptor wireInterceptor(AlternatorConfig config) {
		return WireInterceptor.needed(config) ? new WireInterceptor(config) : null;
	}

	/**
	 * The scheduler the SDK uses for attempt timeouts (and, in async clients, retry
	 * delays), one per client: see {@link SdkScheduler} for why it is not the SDK's
	 * default.
	 */
	private static SdkScheduler sdkScheduler(ClientContext engine) {
		return new SdkScheduler(engine.name() + "-sdk-scheduler", engine.config().attemptTimeout(), engine.ticker(),
				engine::lastActivityNanos);
	}

	/**
	 * What closing the HTTP client also closes: the SDK scheduler this factory created
	 * (the SDK does not shut down a scheduler it was given), then the owned directory.
	 */
	private static AutoCloseable closingBoth(SdkScheduler scheduler, @Nullable AutoCloseable owned) {
		return () -> {
			scheduler.shutdown();
			closeQuietly(owned);
		};
	}

	private static void configure(AwsClientBuilder<?, ?> builder, Routing routing, ScheduledExecutorService scheduler,
			@Nullable WireInterceptor wire) {
		ClientContext engine = routing.engine();
		AlternatorConfig config = engine.config();
		AwsCredentialsProvider credentials = config.signsRequests() ? config.credentialsProvider()
				: AnonymousCredentialsProvider.create();
		builder.region(Region.of(config.region()))
			.credentialsProvider(credentials)
			.endpointOverride(engine.placeholderEndpoint())
			.putAuthScheme(RoutingSigner.authScheme(routing))
			.overrideConfiguration((override) -> override.addExecutionInterceptor(routing.interceptor())
				.scheduledExecutorService(scheduler)
				.apiCallAttemptTimeout(config.attemptTimeout())
				.retryStrategy(
						AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.maxAttempts()).build())
				.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, engine.userAgent()));
		if (wire != null) {
			builder.overrideConfiguration(
					builder.overrideConfiguration().toBuilder().addExecutionInterceptor(wire).build());
		}
	}

	/**
	 * A customizer may have replaced the override configuration wholesale; routing and
	 * compression need their interceptors, so they are merged back.
	 */
	private static void ensureInterceptors(AwsClientBuilder<?, ?> builder, Routing routing,
			@Nullable WireInterceptor wire) {
		ensureInterceptor(builder, routing.interceptor());
		if (wire != null) {
			ensureInterceptor(builder, wire);
		}
	}

	private static void ensureInterceptor(AwsClientBuilder<?, ?> builder, ExecutionInterceptor interceptor) {
		ClientOverrideConfiguration current = builder.overrideConfiguration();
		if (!current.executionInterceptors().contains(interceptor)) {
			builder.overrideConfiguration(current.toBuilder().addExecutionInterceptor(interceptor).build());
		}
	}

	private static AttributeMap httpDefaults(ClientContext engine) {
		AlternatorConfig config = engine.config();
		int nodes = Math.max(1, engine.topology().size());
		long connections = (long) config.maxPoolConnectionsPerNode() * nodes;
		return AttributeMap.builder()
			.put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, config.connectTimeout())
			.put(SdkHttpConfigurationOption.READ_TIMEOUT, config.readTimeout())
			.put(SdkHttpConfigurationOption.WRITE_TIMEOUT, config.readTimeout())
			.put(SdkHttpConfigurationOption.MAX_CONNECTIONS, (int) Math.min(Integer.MAX_VALUE, connections))
			.put(SdkHttpConfigurationOption.CONNECTION_MAX_IDLE_TIMEOUT, config.connectionMaxIdleTime())
			.put(SdkHttpConfigurationOption.CONNECTION_ACQUIRE_TIMEOUT, config.connectionAcquisitionTimeout())
			.put(SdkHttpConfigurationOption.REAP_IDLE_CONNECTIONS, Boolean.TRUE)
			.put(SdkHttpConfigurationOption.TCP_KEEPALIVE, Boolean.TRUE)
			.build();
	}

	/**
	 * Closes a resource, logging instead of throwing.
	 * @param closeable the resource, or {@code null}
	 */
	static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			Logging.LOGGER.warn("Failed to close {}", closeable, ex);
		}
	}

}
