package dev.alternator.client.internal.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.WriteRetryPolicy;
import dev.alternator.client.internal.affinity.DescribeTableLookup;
import dev.alternator.client.internal.common.Closeables;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.wire.HeaderTrimmer;
import dev.alternator.client.internal.wire.Tls;
import dev.alternator.client.internal.wire.WireInterceptor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Assembles load-balanced SDK clients: routing interceptor, routing SigV4 auth scheme,
 * observed HTTP client with the library's defaults and TLS settings, request and response
 * compression, header optimization, the standard retry strategy with the configured
 * attempts guarded by the write retry policy ({@link WriteRetryGuard}), the attempt
 * timeout, a fixed region and explicit (or anonymous) credentials.
 * <p>
 * Thread-safe (stateless).
 */
public final class ClientFactory {

	private static final Logger logger = Logging.LOGGER;

	private ClientFactory() {
	}

	/**
	 * Builds a sync client.
	 * @param context the node directory's client context
	 * @param owned what closing the client also closes (the directory when the client
	 * owns it)
	 * @param httpClientBuilder the HTTP client to use, or {@code null} for Apache 5
	 * @param customizer applied to the SDK builder after the library's settings
	 * @return the client
	 */
	public static DynamoDbClient sync(ClientContext context, @Nullable AutoCloseable owned,
			SdkHttpClient.@Nullable Builder<?> httpClientBuilder, Consumer<DynamoDbClientBuilder> customizer) {
		DescribeTableLookup lookup = context.describeTableLookup();
		if (lookup != null) {
			lookup.sync(customizer);
		}
		SdkHttpClient.Builder<?> http = (httpClientBuilder != null) ? httpClientBuilder : Apache5HttpClient.builder();
		Tls tls = context.tls();
		if (tls != null) {
			tls.apply(http);
		}
		return assemble(DynamoDbClient.builder(), context, owned, true, (builder, closing) -> builder.httpClientBuilder(
				new ObservingHttpClient.Builder(http, httpDefaults(context), context, closing, headerTrimmer(context))),
				customizer)
			.build();
	}

	/**
	 * Builds an async client.
	 * @param context the node directory's client context
	 * @param owned what closing the client also closes
	 * @param httpClientBuilder the HTTP client to use, or {@code null} for Netty
	 * @param customizer applied to the SDK builder after the library's settings
	 * @return the client
	 */
	public static DynamoDbAsyncClient async(ClientContext context, @Nullable AutoCloseable owned,
			SdkAsyncHttpClient.@Nullable Builder<?> httpClientBuilder,
			Consumer<DynamoDbAsyncClientBuilder> customizer) {
		DescribeTableLookup lookup = context.describeTableLookup();
		if (lookup != null) {
			lookup.async(customizer);
		}
		SdkAsyncHttpClient.Builder<?> http = (httpClientBuilder != null) ? httpClientBuilder
				: NettyNioAsyncHttpClient.builder();
		Tls tls = context.tls();
		if (tls != null) {
			tls.apply(http);
		}
		DynamoDbAsyncClient client = assemble(DynamoDbAsyncClient.builder(), context, owned, false,
				(builder, closing) -> builder.httpClientBuilder(new ObservingAsyncHttpClient.Builder(http,
						httpDefaults(context), context, closing, headerTrimmer(context))),
				customizer)
			.build();
		Routing routing = Routing.of(client);
		return (routing != null) ? ReleasingAsyncClient.wrap(client, routing) : client;
	}

	/**
	 * A customizer for the clients of the library's own background requests (table
	 * descriptions for key affinity and replica-aware routing, system-table reads): the
	 * application's customizer — its credentials, HTTP settings and interceptors apply —
	 * then without any metric publisher or {@link CallObserver}, so that these requests
	 * appear in neither the application's SDK metrics nor its traces.
	 * @param <B> the builder type
	 * @param customizer the application's customizer
	 * @return the background customizer
	 */
	public static <B extends AwsClientBuilder<?, ?>> Consumer<B> unobserved(Consumer<B> customizer) {
		return customizer
			.andThen((builder) -> builder.overrideConfiguration(unobserved(builder.overrideConfiguration())));
	}

	static ClientOverrideConfiguration unobserved(ClientOverrideConfiguration configuration) {
		List<ExecutionInterceptor> interceptors = new ArrayList<>();
		for (ExecutionInterceptor interceptor : configuration.executionInterceptors()) {
			if (!(interceptor instanceof CallObserver)) {
				interceptors.add(interceptor);
			}
		}
		return configuration.toBuilder().metricPublishers(List.of()).executionInterceptors(interceptors).build();
	}

	/**
	 * The library's settings on an SDK builder — the observed HTTP client, which closes
	 * {@code owned} and the client's {@link SdkScheduler} — then the user's customizer,
	 * then the library's override settings again beneath whatever the customizer set.
	 */
	private static <B extends AwsClientBuilder<?, ?>> B assemble(B builder, ClientContext context,
			@Nullable AutoCloseable owned, boolean sync, BiConsumer<B, AutoCloseable> httpClient,
			Consumer<B> customizer) {
		SdkScheduler scheduler = sdkScheduler(context);
		httpClient.accept(builder, closingBoth(scheduler, owned));
		Tls tls = context.tls();
		if (tls != null) {
			tls.warnIfTrustAll();
		}
		Routing routing = new Routing(context, sync, scheduler::beforeCall);
		configure(builder, routing);
		ClientOverrideConfiguration library = libraryOverrides(context, routing, scheduler.executor());
		builder.overrideConfiguration(library);
		customizer.accept(builder);
		builder.overrideConfiguration(guardWrites(beneath(builder.overrideConfiguration(), library), routing));
		ScheduledExecutorService chosen = builder.overrideConfiguration().scheduledExecutorService().orElse(null);
		if (chosen != scheduler.executor()) {
			// the customizer gave the SDK a scheduler of its own: ours is not used
			scheduler.shutdown();
		}
		return builder;
	}

	/**
	 * The user's override configuration with each of the library's settings added back
	 * that the user did not set: the SDK's consumer form
	 * {@code overrideConfiguration(o -> ...)} (and the plain setter) start from an empty
	 * configuration, which would otherwise silently drop the retry strategy, attempt
	 * timeout, scheduler, user agent and interceptors. A setting the user made — any
	 * retry strategy, mode or policy, an attempt timeout, a scheduler, a user agent
	 * prefix — wins; the library's interceptors are always kept (routing needs them).
	 * @param user the configuration after the customizer
	 * @param library the library's settings
	 * @return the merged configuration
	 */
	static ClientOverrideConfiguration beneath(ClientOverrideConfiguration user, ClientOverrideConfiguration library) {
		ClientOverrideConfiguration.Builder merged = user.toBuilder();
		boolean userRetries = user.retryStrategy().isPresent() || user.retryPolicy().isPresent()
				|| user.retryMode().isPresent() || user.retryStrategyConfigurator().isPresent();
		if (!userRetries) {
			library.retryStrategy().ifPresent(merged::retryStrategy);
		}
		if (user.apiCallAttemptTimeout().isEmpty()) {
			library.apiCallAttemptTimeout().ifPresent(merged::apiCallAttemptTimeout);
		}
		if (user.scheduledExecutorService().isEmpty()) {
			library.scheduledExecutorService().ifPresent(merged::scheduledExecutorService);
		}
		if (user.advancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX).isEmpty()) {
			library.advancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX)
				.ifPresent((prefix) -> merged.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, prefix));
		}
		for (ExecutionInterceptor interceptor : library.executionInterceptors()) {
			if (!user.executionInterceptors().contains(interceptor)) {
				merged.addExecutionInterceptor(interceptor);
			}
		}
		return merged.build();
	}

	/**
	 * The configuration with its retry strategy wrapped in a {@link WriteRetryGuard}, so
	 * that the write retry policy applies whatever strategy decides the rest: the
	 * library's, or one the user set — a strategy object, a retry mode or a strategy
	 * configurator, each resolved the way the SDK resolves it. A legacy
	 * {@code RetryPolicy} is left alone: the SDK then decides every retry, and with
	 * {@link WriteRetryPolicy#SAFE} a WARN says that the policy does not apply.
	 * @param config the merged configuration
	 * @param routing the client's routing
	 * @return the configuration with a guarded retry strategy
	 */
	static ClientOverrideConfiguration guardWrites(ClientOverrideConfiguration config, Routing routing) {
		RetryStrategy strategy = config.retryStrategy().orElse(null);
		if (strategy == null) {
			RetryMode mode = config.retryMode().orElse(null);
			Consumer<RetryStrategy.Builder<?, ?>> configurator = config.retryStrategyConfigurator().orElse(null);
			if (mode != null) {
				strategy = AwsRetryStrategy.forRetryMode(mode);
			}
			else if (configurator != null) {
				RetryStrategy.Builder<?, ?> configured = AwsRetryStrategy.defaultRetryStrategy().toBuilder();
				configurator.accept(configured);
				strategy = configured.build();
			}
		}
		if (strategy == null) {
			if (routing.context().config().writeRetryPolicy() == WriteRetryPolicy.SAFE) {
				logger.warn("The SDK client of {} has a legacy RetryPolicy: the write retry policy SAFE does not "
						+ "apply to it, writes that may have reached a node are retried as the policy says "
						+ "(set a RetryStrategy instead)", routing.context().name());
			}
			return config;
		}
		if (strategy instanceof WriteRetryGuard) {
			return config;
		}
		return config.toBuilder().retryStrategy(new WriteRetryGuard(strategy, routing)).build();
	}

	private static @Nullable HeaderTrimmer headerTrimmer(ClientContext context) {
		return HeaderTrimmer.of(context.config(), context.userAgent());
	}

	private static @Nullable WireInterceptor wireInterceptor(AlternatorConfig config) {
		return WireInterceptor.needed(config) ? new WireInterceptor(config) : null;
	}

	/**
	 * The scheduler the SDK uses for attempt timeouts (and, in async clients, retry
	 * delays), one per client: see {@link SdkScheduler} for why it is not the SDK's
	 * default.
	 */
	private static SdkScheduler sdkScheduler(ClientContext context) {
		return new SdkScheduler(context.name() + "-sdk-scheduler", context.config().attemptTimeout(), context.ticker(),
				context::lastActivityNanos);
	}

	/**
	 * What closing the HTTP client also closes: the SDK scheduler this factory created
	 * (the SDK does not shut down a scheduler it was given), then the owned directory.
	 */
	private static AutoCloseable closingBoth(SdkScheduler scheduler, @Nullable AutoCloseable owned) {
		return () -> {
			scheduler.shutdown();
			Closeables.closeQuietly(owned);
		};
	}

	private static void configure(AwsClientBuilder<?, ?> builder, Routing routing) {
		ClientContext context = routing.context();
		AlternatorConfig config = context.config();
		AwsCredentialsProvider credentials = config.signsRequests() ? config.credentialsProvider()
				: AnonymousCredentialsProvider.create();
		builder.region(Region.of(config.region()))
			.credentialsProvider(credentials)
			.endpointOverride(context.placeholderEndpoint())
			.putAuthScheme(RoutingSigner.authScheme(routing));
	}

	/**
	 * The library's override settings: routing (and, when needed, compression)
	 * interceptors, the client's scheduler, the attempt timeout, the standard retry
	 * strategy with the configured attempts and the user agent prefix.
	 */
	private static ClientOverrideConfiguration libraryOverrides(ClientContext context, Routing routing,
			ScheduledExecutorService scheduler) {
		AlternatorConfig config = context.config();
		ClientOverrideConfiguration.Builder library = ClientOverrideConfiguration.builder()
			.addExecutionInterceptor(routing.interceptor())
			.scheduledExecutorService(scheduler)
			.apiCallAttemptTimeout(config.attemptTimeout())
			.retryStrategy(
					AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.maxAttempts()).build())
			.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, context.userAgent());
		WireInterceptor wire = wireInterceptor(config);
		if (wire != null) {
			library.addExecutionInterceptor(wire);
		}
		return library.build();
	}

	/**
	 * The library's HTTP defaults. {@code MAX_CONNECTIONS} is the per-node cap as it is,
	 * whatever the node count: Netty applies it to each host's pool (no total), so every
	 * node, including one that joins later, gets the cap; Apache 5 applies one value to
	 * each route and to the total, so a sync client holds at most the cap per node and in
	 * all — one connection per calling thread, so the cap also bounds its concurrent
	 * calls. A size computed from the node count at build time would be wrong as soon as
	 * the cluster changes (and would let one node take them all with Apache).
	 */
	static AttributeMap httpDefaults(ClientContext context) {
		AlternatorConfig config = context.config();
		return AttributeMap.builder()
			.put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, config.connectTimeout())
			.put(SdkHttpConfigurationOption.READ_TIMEOUT, config.readTimeout())
			.put(SdkHttpConfigurationOption.WRITE_TIMEOUT, config.readTimeout())
			.put(SdkHttpConfigurationOption.MAX_CONNECTIONS, config.maxPoolConnectionsPerNode())
			.put(SdkHttpConfigurationOption.CONNECTION_MAX_IDLE_TIMEOUT, config.connectionMaxIdleTime())
			.put(SdkHttpConfigurationOption.CONNECTION_ACQUIRE_TIMEOUT, config.connectionAcquisitionTimeout())
			.put(SdkHttpConfigurationOption.REAP_IDLE_CONNECTIONS, Boolean.TRUE)
			.put(SdkHttpConfigurationOption.TCP_KEEPALIVE, Boolean.TRUE)
			.build();
	}

}
