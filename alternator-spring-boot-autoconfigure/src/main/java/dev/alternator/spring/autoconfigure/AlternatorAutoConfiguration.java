package dev.alternator.spring.autoconfigure;

import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorConfigurationException;
import dev.alternator.client.AlternatorDynamoDbAsyncClient;
import dev.alternator.client.AlternatorDynamoDbClient;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.TlsConfig;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of load-balanced Alternator clients: one
 * {@link AlternatorNodeDirectory} (node discovery and health) shared by a
 * {@link DynamoDbClient} and optionally a {@link DynamoDbAsyncClient}
 * ({@code alternator.async.enabled=true}).
 * {@link AlternatorEnhancedClientAutoConfiguration} adds the Enhanced clients on top of
 * them.
 * <p>
 * It runs before spring-cloud-aws's DynamoDB auto-configuration, whose client then backs
 * off. Every bean backs off to a user-defined bean of its type.
 *
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration")
@ConditionalOnClass({ DynamoDbClient.class, AlternatorNodeDirectory.class })
@ConditionalOnBooleanProperty(name = "alternator.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AlternatorProperties.class)
public final class AlternatorAutoConfiguration {

	AlternatorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(AlternatorConnectionDetails.class)
	PropertiesAlternatorConnectionDetails alternatorConnectionDetails(AlternatorProperties properties) {
		return new PropertiesAlternatorConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean({ AlternatorConfig.class, AlternatorNodeDirectory.class })
	AlternatorConfig alternatorConfig(AlternatorProperties properties, AlternatorConnectionDetails connectionDetails,
			ObjectProvider<AwsCredentialsProvider> credentialsProvider, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<AlternatorConfigCustomizer> customizers) {
		SslBundle bundle = sslBundle(connectionDetails.getSslBundleName(), sslBundles.getIfAvailable());
		try {
			AlternatorConfig.Builder builder = AlternatorConfig.builder();
			applyConnectionDetails(connectionDetails, builder);
			applyProperties(properties, bundle, builder);
			applyCredentials(properties.getCredentials(), credentialsProvider, builder);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw InvalidAlternatorConfigurationException.fromCore(ex);
		}
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AlternatorNodeDirectory alternatorNodeDirectory(AlternatorConfig config) {
		try {
			return AlternatorNodeDirectory.create(config);
		}
		catch (AlternatorConfigurationException ex) {
			// TLS files are read when the directory is built
			throw InvalidAlternatorConfigurationException.fromCore(ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	AlternatorNodeDirectoryLifecycle alternatorNodeDirectoryLifecycle(AlternatorNodeDirectory directory) {
		return new AlternatorNodeDirectoryLifecycle(directory);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DynamoDbClient dynamoDbClient(AlternatorNodeDirectory directory,
			ObjectProvider<AlternatorDynamoDbClientCustomizer> customizers) {
		Consumer<DynamoDbClientBuilder> customizer = (builder) -> customizers.orderedStream()
			.forEach((each) -> each.customize(builder));
		return AlternatorDynamoDbClient.builder().nodeDirectory(directory).clientCustomizer(customizer).build();
	}

	private static @Nullable SslBundle sslBundle(@Nullable String bundle, @Nullable SslBundles sslBundles) {
		if (bundle == null) {
			return null;
		}
		if (sslBundles == null) {
			throw new InvalidAlternatorConfigurationException("alternator.tls.bundle",
					"SSL bundle '" + bundle + "' is named but no SSL bundles are available", null);
		}
		try {
			return sslBundles.getBundle(bundle);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidAlternatorConfigurationException("alternator.tls.bundle",
					"SSL bundle '" + bundle + "' is not defined", ex);
		}
	}

	private static void applyConnectionDetails(AlternatorConnectionDetails details, AlternatorConfig.Builder builder) {
		PropertyMapper map = PropertyMapper.get();
		map.from(details::getSeedHosts).to(builder::seedHosts);
		map.from(details::getPort).to(builder::port);
		map.from(details::getScheme).to(builder::scheme);
		map.from(details::isDiscoveryEnabled).to(builder::discoveryEnabled);
		map.from(details::getDatacenter).to(builder::datacenter);
		map.from(details::getRack).to(builder::rack);
	}

	private static void applyProperties(AlternatorProperties properties, @Nullable SslBundle bundle,
			AlternatorConfig.Builder builder) {
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getFallbackEnabled).to(builder::fallbackEnabled);
		map.from(properties::getRegion).to(builder::region);
		map.from(properties::getAuthenticationEnabled).to(builder::authenticationEnabled);
		map.from(properties::getActiveRefreshInterval).to(builder::activeRefreshInterval);
		map.from(properties::getIdleRefreshInterval).to(builder::idleRefreshInterval);
		map.from(properties::getDiscoveryTimeout).to(builder::discoveryTimeout);
		map.from(properties::getConnectTimeout).to(builder::connectTimeout);
		map.from(properties::getReadTimeout).to(builder::readTimeout);
		map.from(properties::getAttemptTimeout).to(builder::attemptTimeout);
		map.from(properties::getMaxAttempts).to(builder::maxAttempts);
		map.from(properties::getMaxPoolConnections).to(builder::maxPoolConnectionsPerNode);
		map.from(properties::getLoadBalancing).to(builder::loadBalancing);
		map.from(properties::getLatencyHalfLife).to(builder::latencyHalfLife);
		map.from(properties::getReplicaAwareRouting).to(builder::replicaAwareRouting);
		map.from(properties::getPlacementRefreshInterval).to(builder::placementRefreshInterval);
		map.from(properties::getSlowNodeRatio).to(builder::slowNodeRatio);
		map.from(properties::getSlowNodeMinExcess).to(builder::slowNodeMinExcess);
		map.from(properties::getConnectionMaxIdleTime).to(builder::connectionMaxIdleTime);
		map.from(properties::getConnectionAcquisitionTimeout).to(builder::connectionAcquisitionTimeout);
		map.from(properties::getFailuresBeforeQuarantine).to(builder::failuresBeforeQuarantine);
		map.from(properties::getQuarantineInitialBackoff).to(builder::quarantineInitialBackoff);
		map.from(properties::getQuarantineMaxBackoff).to(builder::quarantineMaxBackoff);
		map.from(properties::getCompression).to(builder::compression);
		map.from(properties::getMinCompressionSize)
			.as(AlternatorAutoConfiguration::toBytes)
			.to(builder::minCompressionSizeBytes);
		map.from(properties::getCompressionLevel).to(builder::compressionLevel);
		map.from(properties::getResponseCompression)
			.as(AlternatorAutoConfiguration::withoutNone)
			.to(builder::responseCompression);
		map.from(properties::getOptimizeHeaders).to(builder::optimizeHeaders);
		map.from(properties::getHeadersWhitelist).to(builder::headersWhitelist);
		map.from(properties::getUserAgent).to(builder::userAgent);
		map.from(properties.getKeyAffinity()::getMode).to(builder::keyAffinityMode);
		map.from(properties.getKeyAffinity()::getPartitionKeys).to(builder::partitionKeys);
		map.from(properties::getWriteRetryPolicy).to(builder::writeRetryPolicy);
		builder.tls(tls(properties.getTls(), bundle));
	}

	/**
	 * The TLS settings from {@code alternator.tls.*}; an SSL bundle adds its trust
	 * store's certificates as trusted CAs and its key store as the client key material
	 * (mutual TLS), the key password being the bundle key's password, else the key
	 * store's.
	 */
	private static TlsConfig tls(AlternatorProperties.Tls properties, @Nullable SslBundle bundle) {
		PropertyMapper map = PropertyMapper.get();
		TlsConfig.Builder builder = TlsConfig.builder();
		if (bundle != null) {
			SslStoreBundle stores = bundle.getStores();
			builder.trustStore(stores.getTrustStore());
			KeyStore keyStore = stores.getKeyStore();
			if (keyStore != null) {
				String password = (bundle.getKey().getPassword() != null) ? bundle.getKey().getPassword()
						: stores.getKeyStorePassword();
				builder.keyStore(keyStore, (password != null) ? password.toCharArray() : null);
			}
		}
		map.from(properties::getCaCertificates).to(builder::caCertificates);
		map.from(properties::getUseSystemCaCertificates).to(builder::useSystemCaCertificates);
		map.from(properties::getTrustAll).to(builder::trustAll);
		map.from(properties::getHostnameVerification).to(builder::hostnameVerification);
		map.from(properties::getClientCertificate).to(builder::clientCertificate);
		map.from(properties::getClientKey).to(builder::clientKey);
		map.from(properties::getServerName).to(builder::serverName);
		map.from(properties::getSessionCacheSize).to(builder::sessionCacheSize);
		map.from(properties::getSessionTimeout).to(builder::sessionTimeout);
		return builder.build();
	}

	private static void applyCredentials(AlternatorProperties.Credentials credentials,
			ObjectProvider<AwsCredentialsProvider> credentialsProvider, AlternatorConfig.Builder builder) {
		if (StringUtils.hasText(credentials.getAccessKey()) || StringUtils.hasText(credentials.getSecretKey())
				|| StringUtils.hasText(credentials.getSessionToken())) {
			builder.credentials(credentials.getAccessKey(), credentials.getSecretKey(), credentials.getSessionToken());
			return;
		}
		credentialsProvider.ifUnique(builder::credentialsProvider);
	}

	private static int toBytes(DataSize size) {
		long bytes = size.toBytes();
		if (bytes > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("minCompressionSizeBytes must be at most 2 GB, got " + size);
		}
		return (int) bytes;
	}

	private static List<String> withoutNone(List<String> encodings) {
		return encodings.stream()
			.filter((encoding) -> !"none".equals(encoding.trim().toLowerCase(Locale.ROOT)))
			.toList();
	}

	/**
	 * The async client, opt-in: it owns an event-loop group and takes about two seconds
	 * to close.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("alternator.async.enabled")
	static class AsyncClientConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		DynamoDbAsyncClient dynamoDbAsyncClient(AlternatorNodeDirectory directory,
				ObjectProvider<AlternatorDynamoDbAsyncClientCustomizer> customizers) {
			Consumer<DynamoDbAsyncClientBuilder> customizer = (builder) -> customizers.orderedStream()
				.forEach((each) -> each.customize(builder));
			return AlternatorDynamoDbAsyncClient.builder()
				.nodeDirectory(directory)
				.clientCustomizer(customizer)
				.build();
		}

	}

}
