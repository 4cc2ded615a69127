package dev.alternator.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.RequestCompression;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.TlsConfig;
import dev.alternator.client.WriteRetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AlternatorAutoConfiguration}.
 */
class AlternatorAutoConfigurationTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
				AlternatorEnhancedClientAutoConfiguration.class))
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port());

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void createsSharedDirectoryClientAndConnectionDetails() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AlternatorConfig.class)
				.hasSingleBean(AlternatorNodeDirectory.class)
				.hasSingleBean(AlternatorNodeDirectoryLifecycle.class)
				.hasSingleBean(DynamoDbClient.class)
				.hasSingleBean(DynamoDbEnhancedClient.class)
				.hasSingleBean(PropertiesAlternatorConnectionDetails.class)
				.doesNotHaveBean(DynamoDbAsyncClient.class)
				.doesNotHaveBean(DynamoDbEnhancedAsyncClient.class);
			AlternatorNodeDirectory directory = context.getBean(AlternatorNodeDirectory.class);
			assertThat(directory.config()).isSameAs(context.getBean(AlternatorConfig.class));
			assertThat(directory.config().seedHosts()).containsExactly(FakeAlternatorNode.ADDRESS);
			assertThat(directory.config().port()).isEqualTo(node.port());
		});
	}

	@Test
	void sendsRequestsThroughTheNodeDirectory() {
		this.contextRunner.run((context) -> {
			int before = node.apiRequests();
			assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames()).isEmpty();
			assertThat(node.apiRequests()).isEqualTo(before + 1);
			assertThat(context.getBean(AlternatorNodeDirectory.class).nodes())
				.anySatisfy((status) -> assertThat(status.requests()).isPositive());
		});
	}

	@Test
	void writeRetryPolicyDefaultsToSafeAndBindsFromItsProperty() {
		this.contextRunner.run((context) -> assertThat(context.getBean(AlternatorConfig.class).writeRetryPolicy())
			.isEqualTo(WriteRetryPolicy.SAFE));
		this.contextRunner.withPropertyValues("alternator.write-retry-policy=sdk")
			.run((context) -> assertThat(context.getBean(AlternatorConfig.class).writeRetryPolicy())
				.isEqualTo(WriteRetryPolicy.SDK));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("alternator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorNodeDirectory.class)
				.doesNotHaveBean(DynamoDbClient.class)
				.doesNotHaveBean(AlternatorProperties.class));
	}

	@Test
	void backsOffWithoutTheDynamoDbSdk() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DynamoDbClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorNodeDirectory.class));
	}

	@Test
	void createsAsyncClientsWhenAsyncIsEnabled() {
		this.contextRunner.withPropertyValues("alternator.async.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(DynamoDbAsyncClient.class)
				.hasSingleBean(DynamoDbEnhancedAsyncClient.class)
				.hasSingleBean(DynamoDbClient.class)
				.hasSingleBean(AlternatorNodeDirectory.class);
			int before = node.apiRequests();
			assertThat(context.getBean(DynamoDbAsyncClient.class).listTables().join().tableNames()).isEmpty();
			assertThat(node.apiRequests()).isEqualTo(before + 1);
		});
	}

	@Test
	void createsNoEnhancedClientsWithoutTheEnhancedLibrary() {
		this.contextRunner.withPropertyValues("alternator.async.enabled=true")
			.withClassLoader(new FilteredClassLoader(DynamoDbEnhancedClient.class))
			.run((context) -> assertThat(context).hasSingleBean(DynamoDbClient.class)
				.hasSingleBean(DynamoDbAsyncClient.class)
				.doesNotHaveBean(DynamoDbEnhancedClient.class)
				.doesNotHaveBean(DynamoDbEnhancedAsyncClient.class));
	}

	@Test
	void backsOffToUserClients() {
		DynamoDbClient sync = mock(DynamoDbClient.class);
		DynamoDbAsyncClient async = mock(DynamoDbAsyncClient.class);
		DynamoDbEnhancedClient enhanced = mock(DynamoDbEnhancedClient.class);
		DynamoDbEnhancedAsyncClient enhancedAsync = mock(DynamoDbEnhancedAsyncClient.class);
		this.contextRunner.withPropertyValues("alternator.async.enabled=true")
			.withBean(DynamoDbClient.class, () -> sync)
			.withBean(DynamoDbAsyncClient.class, () -> async)
			.withBean(DynamoDbEnhancedClient.class, () -> enhanced)
			.withBean(DynamoDbEnhancedAsyncClient.class, () -> enhancedAsync)
			.run((context) -> {
				assertThat(context.getBean(DynamoDbClient.class)).isSameAs(sync);
				assertThat(context.getBean(DynamoDbAsyncClient.class)).isSameAs(async);
				assertThat(context.getBean(DynamoDbEnhancedClient.class)).isSameAs(enhanced);
				assertThat(context.getBean(DynamoDbEnhancedAsyncClient.class)).isSameAs(enhancedAsync);
			});
	}

	@Test
	void enhancedClientWrapsUserClient() {
		this.contextRunner.withBean("userClient", DynamoDbClient.class, () -> mock(DynamoDbClient.class))
			.run((context) -> assertThat(context).hasSingleBean(DynamoDbClient.class)
				.hasSingleBean(DynamoDbEnhancedClient.class)
				.getBean(DynamoDbClient.class)
				.isSameAs(context.getBean("userClient")));
	}

	@Test
	void createsNoEnhancedClientWithSeveralUserClients() {
		this.contextRunner.withBean("daxClient", DynamoDbClient.class, () -> mock(DynamoDbClient.class))
			.withBean("standardClient", DynamoDbClient.class, () -> mock(DynamoDbClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DynamoDbEnhancedClient.class)
				.getBeans(DynamoDbClient.class)
				.containsOnlyKeys("daxClient", "standardClient"));
	}

	@Test
	void enhancedClientUsesThePrimaryOfSeveralClients() {
		this.contextRunner.withBean("other", DynamoDbClient.class, () -> mock(DynamoDbClient.class))
			.withBean("primary", DynamoDbClient.class, () -> mock(DynamoDbClient.class),
					(definition) -> definition.setPrimary(true))
			.run((context) -> assertThat(context).hasSingleBean(DynamoDbEnhancedClient.class));
	}

	@Test
	void backsOffToUserConfigDirectoryAndLifecycle() {
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts(FakeAlternatorNode.ADDRESS)
			.port(node.port())
			.maxAttempts(7)
			.build();
		this.contextRunner.withBean(AlternatorConfig.class, () -> config).run((context) -> {
			assertThat(context.getBean(AlternatorConfig.class)).isSameAs(config);
			assertThat(context.getBean(AlternatorNodeDirectory.class).config()).isSameAs(config);
		});
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config)) {
			AlternatorNodeDirectoryLifecycle lifecycle = new AlternatorNodeDirectoryLifecycle(directory);
			this.contextRunner.withBean(AlternatorNodeDirectory.class, () -> directory)
				.withBean(AlternatorNodeDirectoryLifecycle.class, () -> lifecycle)
				.run((context) -> {
					assertThat(context).doesNotHaveBean(AlternatorConfig.class);
					assertThat(context.getBean(AlternatorNodeDirectory.class)).isSameAs(directory);
					assertThat(context.getBean(AlternatorNodeDirectoryLifecycle.class)).isSameAs(lifecycle);
				});
		}
	}

	@Test
	void userConnectionDetailsWinOverProperties() {
		AlternatorConnectionDetails details = new AlternatorConnectionDetails() {

			@Override
			public List<String> getSeedHosts() {
				return List.of(FakeAlternatorNode.ADDRESS);
			}

			@Override
			public int getPort() {
				return node.port();
			}

			@Override
			public String getScheme() {
				return "http";
			}

			@Override
			public String getDatacenter() {
				return "dc100";
			}

		};
		this.contextRunner
			.withPropertyValues("alternator.seed-hosts=10.0.0.10", "alternator.port=10", "alternator.datacenter=dc10",
					"alternator.max-attempts=10")
			.withBean(AlternatorConnectionDetails.class, () -> details)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PropertiesAlternatorConnectionDetails.class);
				AlternatorConfig config = context.getBean(AlternatorConfig.class);
				assertThat(config.seedHosts()).containsExactly(FakeAlternatorNode.ADDRESS);
				assertThat(config.port()).isEqualTo(node.port());
				assertThat(config.routingScope()).isEqualTo(RoutingScope.datacenter("dc100"));
				assertThat(config.maxAttempts()).isEqualTo(10);
			});
	}

	@Test
	void propertiesConnectionDetailsExposeTheConnectionProperties() {
		this.contextRunner
			.withPropertyValues("alternator.scheme=https", "alternator.discovery-timeout=100ms",
					"alternator.datacenter=dc1", "alternator.rack=rack1", "alternator.tls.bundle=alternator")
			.withBean(SslBundles.class, AlternatorAutoConfigurationTests::sslBundles)
			.run((context) -> {
				AlternatorConnectionDetails details = context.getBean(AlternatorConnectionDetails.class);
				assertThat(details.getSeedHosts()).containsExactly(FakeAlternatorNode.ADDRESS);
				assertThat(details.getPort()).isEqualTo(node.port());
				assertThat(details.getScheme()).isEqualTo("https");
				assertThat(details.getDatacenter()).isEqualTo("dc1");
				assertThat(details.getRack()).isEqualTo("rack1");
				assertThat(details.getSslBundleName()).isEqualTo("alternator");
				assertThat(context.getBean(AlternatorConfig.class).routingScope())
					.isEqualTo(RoutingScope.rack("dc1", "rack1"));
			});
	}

	@Test
	void propertiesConnectionDetailsDefaultToTheCoreDefaults() {
		AlternatorConnectionDetails details = new PropertiesAlternatorConnectionDetails(new AlternatorProperties());
		assertThat(details.getPort()).isEqualTo(AlternatorConfig.DEFAULT_PORT);
		assertThat(details.getScheme()).isEqualTo(AlternatorConfig.DEFAULT_SCHEME);
		assertThat(details.getDatacenter()).isNull();
		assertThat(details.getRack()).isNull();
		assertThat(details.getSslBundleName()).isNull();
	}

	@Test
	void mapsEveryProperty(@TempDir Path directory) throws Exception {
		Path ca = Files.writeString(directory.resolve("ca.pem"), "ca");
		Path cert = Files.writeString(directory.resolve("client.pem"), "cert");
		Path key = Files.writeString(directory.resolve("client.key"), "key");
		this.contextRunner.withPropertyValues("alternator.seed-hosts=127.0.0.1,localhost", "alternator.datacenter=dc1",
				"alternator.rack=rack1", "alternator.fallback-enabled=false", "alternator.discovery-enabled=false",
				"alternator.region=eu-west-1", "alternator.authentication-enabled=false",
				"alternator.active-refresh-interval=11s", "alternator.idle-refresh-interval=12m",
				"alternator.discovery-timeout=13s", "alternator.connect-timeout=14s", "alternator.read-timeout=15s",
				"alternator.attempt-timeout=16s", "alternator.max-attempts=17", "alternator.max-pool-connections=18",
				"alternator.connection-max-idle-time=19s", "alternator.connection-acquisition-timeout=20s",
				"alternator.failures-before-quarantine=21", "alternator.quarantine-initial-backoff=22s",
				"alternator.quarantine-max-backoff=23s", "alternator.compression=gzip",
				"alternator.min-compression-size=2KB", "alternator.compression-level=9",
				"alternator.response-compression=deflate,gzip", "alternator.optimize-headers=true",
				"alternator.headers-whitelist=X-Trace-Id,X-Other", "alternator.user-agent=sample/1.0",
				"alternator.key-affinity.mode=any-write", "alternator.key-affinity.partition-keys.orders=orderId",
				"alternator.tls.ca-certificates=" + ca, "alternator.tls.use-system-ca-certificates=false",
				"alternator.tls.hostname-verification=false", "alternator.tls.client-certificate=" + cert,
				"alternator.tls.client-key=" + key, "alternator.tls.server-name=alternator.example.com",
				"alternator.tls.session-cache-size=24", "alternator.tls.session-timeout=25m",
				"alternator.credentials.access-key=role", "alternator.credentials.secret-key=hash",
				"alternator.load-balancing=round-robin", "alternator.latency-half-life=26ms",
				"alternator.replica-aware-routing=false", "alternator.placement-refresh-interval=45s",
				"alternator.slow-node-ratio=2.5", "alternator.slow-node-min-excess=27ms")
			.run((context) -> {
				AlternatorConfig config = context.getBean(AlternatorConfig.class);
				assertThat(config.seedHosts()).containsExactly("127.0.0.1", "localhost");
				assertThat(config.port()).isEqualTo(node.port());
				assertThat(config.routingScope()).isEqualTo(RoutingScope.rack("dc1", "rack1"));
				assertThat(config.fallbackEnabled()).isFalse();
				assertThat(config.discoveryEnabled()).isFalse();
				assertThat(config.region()).isEqualTo("eu-west-1");
				assertThat(config.authenticationEnabled()).isFalse();
				assertThat(config.activeRefreshInterval()).isEqualTo(Duration.ofSeconds(11));
				assertThat(config.idleRefreshInterval()).isEqualTo(Duration.ofMinutes(12));
				assertThat(config.discoveryTimeout()).isEqualTo(Duration.ofSeconds(13));
				assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(14));
				assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(15));
				assertThat(config.attemptTimeout()).isEqualTo(Duration.ofSeconds(16));
				assertThat(config.maxAttempts()).isEqualTo(17);
				assertThat(config.maxPoolConnectionsPerNode()).isEqualTo(18);
				assertThat(config.loadBalancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
				assertThat(config.latencyHalfLife()).isEqualTo(Duration.ofMillis(26));
				assertThat(config.replicaAwareRouting()).isFalse();
				assertThat(config.placementRefreshInterval()).isEqualTo(Duration.ofSeconds(45));
				assertThat(config.slowNodeRatio()).isEqualTo(2.5);
				assertThat(config.slowNodeMinExcess()).isEqualTo(Duration.ofMillis(27));
				assertThat(config.connectionMaxIdleTime()).isEqualTo(Duration.ofSeconds(19));
				assertThat(config.connectionAcquisitionTimeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(config.failuresBeforeQuarantine()).isEqualTo(21);
				assertThat(config.quarantineInitialBackoff()).isEqualTo(Duration.ofSeconds(22));
				assertThat(config.quarantineMaxBackoff()).isEqualTo(Duration.ofSeconds(23));
				assertThat(config.compression()).isEqualTo(RequestCompression.GZIP);
				assertThat(config.minCompressionSizeBytes()).isEqualTo(2048);
				assertThat(config.compressionLevel()).isEqualTo(9);
				assertThat(config.responseCompression()).containsExactly("deflate", "gzip");
				assertThat(config.optimizeHeaders()).isTrue();
				assertThat(config.headersWhitelist()).containsExactlyInAnyOrder("x-trace-id", "x-other");
				assertThat(config.userAgent()).isEqualTo("sample/1.0");
				assertThat(config.keyAffinityMode()).isEqualTo(KeyAffinityMode.ANY_WRITE);
				assertThat(config.partitionKeys()).containsExactly(Map.entry("orders", "orderId"));
				assertThat(config.credentialsProvider()).isNotNull();
				assertThat(config.credentialsProvider().resolveCredentials().accessKeyId()).isEqualTo("role");
				assertThat(config.signsRequests()).isFalse();
				TlsConfig tls = config.tls();
				assertThat(tls.caCertificates()).containsExactly(ca);
				assertThat(tls.useSystemCaCertificates()).isFalse();
				assertThat(tls.trustAll()).isFalse();
				assertThat(tls.hostnameVerification()).isFalse();
				assertThat(tls.clientCertificate()).isEqualTo(cert);
				assertThat(tls.clientKey()).isEqualTo(key);
				assertThat(tls.serverName()).isEqualTo("alternator.example.com");
				assertThat(tls.sessionCacheSize()).isEqualTo(24);
				assertThat(tls.sessionTimeout()).isEqualTo(Duration.ofMinutes(25));
			});
	}

	@Test
	void mapsSchemeAndTrustAll() {
		this.contextRunner
			.withPropertyValues("alternator.scheme=HTTPS", "alternator.discovery-timeout=100ms",
					"alternator.tls.trust-all=true")
			.run((context) -> {
				AlternatorConfig config = context.getBean(AlternatorConfig.class);
				assertThat(config.scheme()).isEqualTo("https");
				assertThat(config.tls().trustAll()).isTrue();
				assertThat(config.tls().hostnameVerification()).isFalse();
			});
	}

	@Test
	void treatsNoneAsNoResponseCompression() {
		this.contextRunner.withPropertyValues("alternator.response-compression=none")
			.run((context) -> assertThat(context.getBean(AlternatorConfig.class).responseCompression()).isEmpty());
	}

	@Test
	void unsetPropertiesKeepTheCoreDefaults() {
		this.contextRunner.run((context) -> {
			AlternatorConfig config = context.getBean(AlternatorConfig.class);
			AlternatorConfig defaults = AlternatorConfig.builder()
				.seedHosts(FakeAlternatorNode.ADDRESS)
				.port(node.port())
				.build();
			assertThat(config).usingRecursiveComparison().isEqualTo(defaults);
		});
	}

	@Test
	void sendsAnonymousRequestsWithoutCredentials() {
		this.contextRunner.run((context) -> {
			AlternatorConfig config = context.getBean(AlternatorConfig.class);
			assertThat(config.credentialsProvider()).isNull();
			assertThat(config.signsRequests()).isFalse();
		});
	}

	@Test
	void usesTheUserCredentialsProviderBean() {
		AwsCredentialsProvider provider = StaticCredentialsProvider.create(AwsBasicCredentials.create("bean", "s"));
		this.contextRunner.withBean(AwsCredentialsProvider.class, () -> provider).run((context) -> {
			AlternatorConfig config = context.getBean(AlternatorConfig.class);
			assertThat(config.credentialsProvider()).isSameAs(provider);
			assertThat(config.signsRequests()).isTrue();
		});
	}

	@Test
	void credentialPropertiesWinOverTheCredentialsProviderBean() {
		AwsCredentialsProvider provider = StaticCredentialsProvider.create(AwsBasicCredentials.create("bean", "s"));
		this.contextRunner
			.withPropertyValues("alternator.credentials.access-key=property",
					"alternator.credentials.secret-key=secret", "alternator.credentials.session-token=token")
			.withBean(AwsCredentialsProvider.class, () -> provider)
			.run((context) -> {
				AlternatorConfig config = context.getBean(AlternatorConfig.class);
				assertThat(config.credentialsProvider()).isNotSameAs(provider);
				assertThat(config.credentialsProvider().resolveCredentials().accessKeyId()).isEqualTo("property");
			});
	}

	@Test
	void configCustomizersRunInOrderAfterProperties() {
		this.contextRunner.withPropertyValues("alternator.max-attempts=3", "alternator.max-pool-connections=3")
			.withUserConfiguration(ConfigCustomizers.class)
			.run((context) -> {
				AlternatorConfig config = context.getBean(AlternatorConfig.class);
				assertThat(config.maxAttempts()).isEqualTo(300);
				assertThat(config.maxPoolConnectionsPerNode()).isEqualTo(30);
				assertThat(context.getBean(Calls.class).list).containsExactly("first", "second");
			});
	}

	@Test
	void clientCustomizersRunInOrder() {
		this.contextRunner.withPropertyValues("alternator.async.enabled=true")
			.withUserConfiguration(ClientCustomizers.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DynamoDbAsyncClient.class);
				List<String> calls = context.getBean(Calls.class).list;
				assertThat(calls.stream().filter((call) -> call.startsWith("sync"))).containsExactly("sync-first",
						"sync-second");
				assertThat(calls.stream().filter((call) -> call.startsWith("async"))).containsExactly("async-first",
						"async-second");
				assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().region().id())
					.isEqualTo("eu-central-100");
			});
	}

	@Test
	void consumerFormCustomizersKeepTheLibrarysSettingsBeneathTheirOwn() {
		this.contextRunner
			.withPropertyValues("alternator.max-attempts=1", "alternator.attempt-timeout=700ms",
					"alternator.async.enabled=true")
			.withBean(AlternatorDynamoDbClientCustomizer.class,
					() -> (builder) -> builder.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofSeconds(7))))
			.withBean(AlternatorDynamoDbAsyncClientCustomizer.class,
					() -> (builder) -> builder.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofSeconds(8))))
			.run((context) -> {
				ClientOverrideConfiguration sync = context.getBean(DynamoDbClient.class)
					.serviceClientConfiguration()
					.overrideConfiguration();
				ClientOverrideConfiguration async = context.getBean(DynamoDbAsyncClient.class)
					.serviceClientConfiguration()
					.overrideConfiguration();
				assertThat(sync.apiCallTimeout()).contains(Duration.ofSeconds(7));
				assertThat(async.apiCallTimeout()).contains(Duration.ofSeconds(8));
				for (ClientOverrideConfiguration configuration : List.of(sync, async)) {
					assertThat(configuration.apiCallAttemptTimeout()).contains(Duration.ofMillis(700));
					assertThat(configuration.retryStrategy())
						.hasValueSatisfying((strategy) -> assertThat(strategy.maxAttempts()).isEqualTo(1));
					assertThat(configuration.scheduledExecutorService()).isPresent();
				}
			});
	}

	@Test
	void customizerReplacingOverrideConfigurationKeepsRoutingInterceptor() {
		ExecutionInterceptor own = new ExecutionInterceptor() {
		};
		this.contextRunner
			.withBean(AlternatorDynamoDbClientCustomizer.class,
					() -> (builder) -> builder.overrideConfiguration(
							ClientOverrideConfiguration.builder().addExecutionInterceptor(own).build()))
			.run((context) -> {
				DynamoDbClient client = context.getBean(DynamoDbClient.class);
				List<ExecutionInterceptor> interceptors = client.serviceClientConfiguration()
					.overrideConfiguration()
					.executionInterceptors();
				assertThat(interceptors).contains(own);
				assertThat(interceptors).anySatisfy((interceptor) -> assertThat(interceptor.getClass().getName())
					.startsWith("dev.alternator.client.internal."));
				int before = node.apiRequests();
				assertThat(client.listTables().tableNames()).isEmpty();
				assertThat(node.apiRequests()).isEqualTo(before + 1);
			});
	}

	@Test
	void lifecycleStopsDiscoveryAfterTheWebServerAndStartResumesIt() {
		this.contextRunner.run((context) -> {
			AlternatorNodeDirectoryLifecycle lifecycle = context.getBean(AlternatorNodeDirectoryLifecycle.class);
			assertThat(lifecycle.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
			assertThat(lifecycle.isRunning()).isTrue();
			AlternatorNodeDirectory directory = context.getBean(AlternatorNodeDirectory.class);
			context.stop();
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(directory.isStopped()).isTrue();
			assertThat(directory.isClosed()).isFalse();
			long cycles = directory.discoveryCount(DiscoveryResult.Outcome.SUCCESS);
			context.start();
			assertThat(lifecycle.isRunning()).isTrue();
			assertThat(directory.isStopped()).isFalse();
			// start() asks for a discovery cycle at once
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (directory.discoveryCount(DiscoveryResult.Outcome.SUCCESS) == cycles
					&& System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(directory.discoveryCount(DiscoveryResult.Outcome.SUCCESS)).isGreaterThan(cycles);
		});
	}

	@Test
	void closingTheContextClosesTheDirectory() {
		List<AlternatorNodeDirectory> directories = new ArrayList<>();
		this.contextRunner.run((context) -> directories.add(context.getBean(AlternatorNodeDirectory.class)));
		assertThat(directories).singleElement().satisfies((directory) -> assertThat(directory.isClosed()).isTrue());
	}

	@Test
	void failsWithThePropertyNameOnAnInvalidValue() {
		this.contextRunner.withPropertyValues("alternator.port=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("port");
			InvalidAlternatorConfigurationException ex = findCause(context.getStartupFailure());
			assertThat(ex.getProperty()).isEqualTo("alternator.port");
		});
	}

	@Test
	void failsWithoutSeedHosts() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context.getStartupFailure()).getProperty()).isEqualTo("alternator.seed-hosts");
			});
	}

	@Test
	void failsOnAnUnknownSslBundle() {
		this.contextRunner.withPropertyValues("alternator.tls.bundle=missing")
			.withBean(SslBundles.class, AlternatorAutoConfigurationTests::sslBundles)
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidAlternatorConfigurationException ex = findCause(context.getStartupFailure());
				assertThat(ex.getProperty()).isEqualTo("alternator.tls.bundle");
				assertThat(ex.getReason()).contains("'missing'");
			});
	}

	@Test
	void sslBundleStoresBecomeTheTrustedCertificatesAndClientKey() throws Exception {
		java.security.KeyStore trustStore = java.security.KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		registry.registerBundle("nodes", SslBundle.of(SslStoreBundle.of(keyStore, "store-secret", trustStore),
				org.springframework.boot.ssl.SslBundleKey.of("key-secret")));
		this.contextRunner.withPropertyValues("alternator.tls.bundle=nodes")
			.withBean(SslBundles.class, () -> registry)
			.run((context) -> {
				dev.alternator.client.TlsConfig tls = context.getBean(AlternatorConfig.class).tls();
				assertThat(tls.trustStore()).isSameAs(trustStore);
				assertThat(tls.keyStore()).isSameAs(keyStore);
				assertThat(tls.keyStorePassword()).containsExactly("key-secret".toCharArray());
			});
	}

	@Test
	void failsOnAnSslBundleWithoutSslBundles() {
		this.contextRunner.withPropertyValues("alternator.tls.bundle=alternator").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context.getStartupFailure()).getProperty()).isEqualTo("alternator.tls.bundle");
		});
	}

	private static SslBundles sslBundles() {
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		registry.registerBundle("alternator", SslBundle.of(SslStoreBundle.NONE));
		return registry;
	}

	static InvalidAlternatorConfigurationException findCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidAlternatorConfigurationException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("No InvalidAlternatorConfigurationException in " + failure);
	}

	static class Calls {

		final List<String> list = new ArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	static class ConfigCustomizers {

		@Bean
		Calls calls() {
			return new Calls();
		}

		@Bean
		@Order(2)
		AlternatorConfigCustomizer second(Calls calls) {
			return (builder) -> {
				calls.list.add("second");
				builder.maxAttempts(300);
			};
		}

		@Bean
		@Order(1)
		AlternatorConfigCustomizer first(Calls calls) {
			return (builder) -> {
				calls.list.add("first");
				builder.maxAttempts(30).maxPoolConnectionsPerNode(30);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientCustomizers {

		@Bean
		Calls calls() {
			return new Calls();
		}

		@Bean
		@Order(2)
		AlternatorDynamoDbClientCustomizer syncSecond(Calls calls) {
			return (builder) -> {
				calls.list.add("sync-second");
				builder.region(Region.of("eu-central-100"));
			};
		}

		@Bean
		@Order(1)
		AlternatorDynamoDbClientCustomizer syncFirst(Calls calls) {
			return (builder) -> {
				calls.list.add("sync-first");
				builder.region(Region.of("eu-central-10"));
			};
		}

		@Bean
		@Order(2)
		AlternatorDynamoDbAsyncClientCustomizer asyncSecond(Calls calls) {
			return (builder) -> calls.list.add("async-second");
		}

		@Bean
		@Order(1)
		AlternatorDynamoDbAsyncClientCustomizer asyncFirst(Calls calls) {
			return (builder) -> calls.list.add("async-first");
		}

	}

}
