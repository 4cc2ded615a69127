package dev.alternator.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.WriteRetryPolicy;
import dev.alternator.client.RequestCompression;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Alternator clients ({@code alternator.*}).
 * <p>
 * Every property left unset ({@code null}) keeps the core library's default, the
 * {@code DEFAULT_*} constants of {@link dev.alternator.client.AlternatorConfig}; the
 * configuration metadata documents them.
 * <p>
 * Not thread-safe: bound once at startup.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("alternator")
public class AlternatorProperties {

	/**
	 * Whether to enable the Alternator auto-configuration.
	 */
	private boolean enabled = true;

	/**
	 * Host names or IP addresses of Alternator nodes used for node discovery, without
	 * scheme or port. In cluster scope, list at least one node per datacenter.
	 */
	private List<String> seedHosts = new ArrayList<>();

	/**
	 * Alternator port of every node.
	 */
	private @Nullable Integer port;

	/**
	 * Scheme of every node: http or https.
	 */
	private @Nullable String scheme;

	/**
	 * Datacenter to route requests to. Unset routes to the whole cluster.
	 */
	private @Nullable String datacenter;

	/**
	 * Rack of the datacenter to route requests to. Requires the datacenter.
	 */
	private @Nullable String rack;

	/**
	 * Whether routing falls back from the rack to its datacenter, then to the whole
	 * cluster, when the configured scope has no live node.
	 */
	private @Nullable Boolean fallbackEnabled;

	/**
	 * Whether nodes are discovered with GET /localnodes. Off makes the seed hosts the
	 * fixed node list, for one node behind a mapped port (a container) whose /localnodes
	 * lists addresses the client cannot reach.
	 */
	private @Nullable Boolean discoveryEnabled;

	/**
	 * Region used in request signatures only; Alternator ignores it.
	 */
	private @Nullable String region;

	/**
	 * Whether requests are signed when credentials are available.
	 */
	private @Nullable Boolean authenticationEnabled;

	/**
	 * Static credentials. Without them, an AwsCredentialsProvider bean is used if there
	 * is one, otherwise requests are anonymous.
	 */
	private final Credentials credentials = new Credentials();

	/**
	 * Node discovery interval while requests flow.
	 */
	private @Nullable Duration activeRefreshInterval;

	/**
	 * Node discovery interval when no request was sent for that long.
	 */
	private @Nullable Duration idleRefreshInterval;

	/**
	 * Total deadline of one discovery or health-probe request.
	 */
	private @Nullable Duration discoveryTimeout;

	/**
	 * TCP connect timeout.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * Socket read timeout.
	 */
	private @Nullable Duration readTimeout;

	/**
	 * Timeout of one API call attempt.
	 */
	private @Nullable Duration attemptTimeout;

	/**
	 * Attempts per API call, including the first; each attempt goes to the next node.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * How the first node of each call is chosen: latency-aware (round-robin that gives a
	 * clearly slower or busier node only a small probing share) or round-robin.
	 */
	private @Nullable LoadBalancing loadBalancing;

	/**
	 * Half-life of each node's answer-time estimate: how fast a node that answers fast
	 * again is seen as fast.
	 */
	private @Nullable Duration latencyHalfLife;

	/**
	 * Whether single-key requests start at a node that holds their key (placement read in
	 * the background from ScyllaDB's system tables through the DynamoDB API; applies only
	 * with discovery on).
	 */
	private @Nullable Boolean replicaAwareRouting;

	/**
	 * How often the cluster's topology and each used table's placement are read again for
	 * replica-aware routing.
	 */
	private @Nullable Duration placementRefreshInterval;

	/**
	 * Latency-aware routing demotes a node on which a new request is expected to wait at
	 * least this many times as long as on a typical node of the scope (and
	 * slow-node-min-excess more).
	 */
	private @Nullable Double slowNodeRatio;

	/**
	 * Latency-aware routing demotes a node only when a new request is expected to wait at
	 * least this much longer on it than on a typical node of the scope.
	 */
	private @Nullable Duration slowNodeMinExcess;

	/**
	 * Maximum number of pooled connections per node.
	 */
	private @Nullable Integer maxPoolConnections;

	/**
	 * Idle time after which a pooled connection is closed.
	 */
	private @Nullable Duration connectionMaxIdleTime;

	/**
	 * Maximum time to wait for a pooled connection.
	 */
	private @Nullable Duration connectionAcquisitionTimeout;

	/**
	 * Consecutive server errors or attempt timeouts after which a node is quarantined.
	 */
	private @Nullable Integer failuresBeforeQuarantine;

	/**
	 * First quarantine backoff; it doubles on every repeat. Probes follow it, at most 3 s
	 * apart.
	 */
	private @Nullable Duration quarantineInitialBackoff;

	/**
	 * Longest quarantine backoff.
	 */
	private @Nullable Duration quarantineMaxBackoff;

	/**
	 * Compression of request bodies.
	 */
	private @Nullable RequestCompression compression;

	/**
	 * Smallest request body that is compressed when request compression is on.
	 */
	private @Nullable DataSize minCompressionSize;

	/**
	 * Gzip level of request compression, 0-9.
	 */
	private @Nullable Integer compressionLevel;

	/**
	 * Response encodings to accept, in order of preference: gzip, deflate. Empty or
	 * 'none' turns response compression off.
	 */
	private List<String> responseCompression = new ArrayList<>();

	/**
	 * Whether request headers Alternator does not need are dropped.
	 */
	private @Nullable Boolean optimizeHeaders;

	/**
	 * Extra header names kept when header optimization is on.
	 */
	private List<String> headersWhitelist = new ArrayList<>();

	/**
	 * Prefix of the User-Agent header. Unset uses the library's name and version.
	 */
	private @Nullable String userAgent;

	/**
	 * Partition-key affinity of writes.
	 */
	private final KeyAffinity keyAffinity = new KeyAffinity();

	/**
	 * Whether writes that may have reached a node are sent again: 'safe' retries a call
	 * that is not idempotent only after failures before its request was sent, 'sdk'
	 * leaves every retry to the SDK.
	 */
	private @Nullable WriteRetryPolicy writeRetryPolicy;

	/**
	 * TLS settings for https.
	 */
	private final Tls tls = new Tls();

	/**
	 * Async client settings.
	 */
	private final Async async = new Async();

	/**
	 * Micrometer metrics of the client beans.
	 */
	private final Metrics metrics = new Metrics();

	/**
	 * Micrometer observations of the client beans' API calls.
	 */
	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getSeedHosts() {
		return this.seedHosts;
	}

	public void setSeedHosts(List<String> seedHosts) {
		this.seedHosts = seedHosts;
	}

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	public @Nullable String getScheme() {
		return this.scheme;
	}

	public void setScheme(@Nullable String scheme) {
		this.scheme = scheme;
	}

	public @Nullable String getDatacenter() {
		return this.datacenter;
	}

	public void setDatacenter(@Nullable String datacenter) {
		this.datacenter = datacenter;
	}

	public @Nullable String getRack() {
		return this.rack;
	}

	public void setRack(@Nullable String rack) {
		this.rack = rack;
	}

	public @Nullable Boolean getFallbackEnabled() {
		return this.fallbackEnabled;
	}

	public void setFallbackEnabled(@Nullable Boolean fallbackEnabled) {
		this.fallbackEnabled = fallbackEnabled;
	}

	public @Nullable Boolean getDiscoveryEnabled() {
		return this.discoveryEnabled;
	}

	public void setDiscoveryEnabled(@Nullable Boolean discoveryEnabled) {
		this.discoveryEnabled = discoveryEnabled;
	}

	public @Nullable String getRegion() {
		return this.region;
	}

	public void setRegion(@Nullable String region) {
		this.region = region;
	}

	public @Nullable Boolean getAuthenticationEnabled() {
		return this.authenticationEnabled;
	}

	public void setAuthenticationEnabled(@Nullable Boolean authenticationEnabled) {
		this.authenticationEnabled = authenticationEnabled;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public @Nullable Duration getActiveRefreshInterval() {
		return this.activeRefreshInterval;
	}

	public void setActiveRefreshInterval(@Nullable Duration activeRefreshInterval) {
		this.activeRefreshInterval = activeRefreshInterval;
	}

	public @Nullable Duration getIdleRefreshInterval() {
		return this.idleRefreshInterval;
	}

	public void setIdleRefreshInterval(@Nullable Duration idleRefreshInterval) {
		this.idleRefreshInterval = idleRefreshInterval;
	}

	public @Nullable Duration getDiscoveryTimeout() {
		return this.discoveryTimeout;
	}

	public void setDiscoveryTimeout(@Nullable Duration discoveryTimeout) {
		this.discoveryTimeout = discoveryTimeout;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public @Nullable Duration getAttemptTimeout() {
		return this.attemptTimeout;
	}

	public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
		this.attemptTimeout = attemptTimeout;
	}

	public @Nullable LoadBalancing getLoadBalancing() {
		return this.loadBalancing;
	}

	public void setLoadBalancing(@Nullable LoadBalancing loadBalancing) {
		this.loadBalancing = loadBalancing;
	}

	public @Nullable Duration getLatencyHalfLife() {
		return this.latencyHalfLife;
	}

	public void setLatencyHalfLife(@Nullable Duration latencyHalfLife) {
		this.latencyHalfLife = latencyHalfLife;
	}

	public @Nullable Boolean getReplicaAwareRouting() {
		return this.replicaAwareRouting;
	}

	public void setReplicaAwareRouting(@Nullable Boolean replicaAwareRouting) {
		this.replicaAwareRouting = replicaAwareRouting;
	}

	public @Nullable Duration getPlacementRefreshInterval() {
		return this.placementRefreshInterval;
	}

	public void setPlacementRefreshInterval(@Nullable Duration placementRefreshInterval) {
		this.placementRefreshInterval = placementRefreshInterval;
	}

	public @Nullable Double getSlowNodeRatio() {
		return this.slowNodeRatio;
	}

	public void setSlowNodeRatio(@Nullable Double slowNodeRatio) {
		this.slowNodeRatio = slowNodeRatio;
	}

	public @Nullable Duration getSlowNodeMinExcess() {
		return this.slowNodeMinExcess;
	}

	public void setSlowNodeMinExcess(@Nullable Duration slowNodeMinExcess) {
		this.slowNodeMinExcess = slowNodeMinExcess;
	}

	public @Nullable Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public @Nullable Integer getMaxPoolConnections() {
		return this.maxPoolConnections;
	}

	public void setMaxPoolConnections(@Nullable Integer maxPoolConnections) {
		this.maxPoolConnections = maxPoolConnections;
	}

	public @Nullable Duration getConnectionMaxIdleTime() {
		return this.connectionMaxIdleTime;
	}

	public void setConnectionMaxIdleTime(@Nullable Duration connectionMaxIdleTime) {
		this.connectionMaxIdleTime = connectionMaxIdleTime;
	}

	public @Nullable Duration getConnectionAcquisitionTimeout() {
		return this.connectionAcquisitionTimeout;
	}

	public void setConnectionAcquisitionTimeout(@Nullable Duration connectionAcquisitionTimeout) {
		this.connectionAcquisitionTimeout = connectionAcquisitionTimeout;
	}

	public @Nullable Integer getFailuresBeforeQuarantine() {
		return this.failuresBeforeQuarantine;
	}

	public void setFailuresBeforeQuarantine(@Nullable Integer failuresBeforeQuarantine) {
		this.failuresBeforeQuarantine = failuresBeforeQuarantine;
	}

	public @Nullable Duration getQuarantineInitialBackoff() {
		return this.quarantineInitialBackoff;
	}

	public void setQuarantineInitialBackoff(@Nullable Duration quarantineInitialBackoff) {
		this.quarantineInitialBackoff = quarantineInitialBackoff;
	}

	public @Nullable Duration getQuarantineMaxBackoff() {
		return this.quarantineMaxBackoff;
	}

	public void setQuarantineMaxBackoff(@Nullable Duration quarantineMaxBackoff) {
		this.quarantineMaxBackoff = quarantineMaxBackoff;
	}

	public @Nullable RequestCompression getCompression() {
		return this.compression;
	}

	public void setCompression(@Nullable RequestCompression compression) {
		this.compression = compression;
	}

	public @Nullable DataSize getMinCompressionSize() {
		return this.minCompressionSize;
	}

	public void setMinCompressionSize(@Nullable DataSize minCompressionSize) {
		this.minCompressionSize = minCompressionSize;
	}

	public @Nullable Integer getCompressionLevel() {
		return this.compressionLevel;
	}

	public void setCompressionLevel(@Nullable Integer compressionLevel) {
		this.compressionLevel = compressionLevel;
	}

	public List<String> getResponseCompression() {
		return this.responseCompression;
	}

	public void setResponseCompression(List<String> responseCompression) {
		this.responseCompression = responseCompression;
	}

	public @Nullable Boolean getOptimizeHeaders() {
		return this.optimizeHeaders;
	}

	public void setOptimizeHeaders(@Nullable Boolean optimizeHeaders) {
		this.optimizeHeaders = optimizeHeaders;
	}

	public List<String> getHeadersWhitelist() {
		return this.headersWhitelist;
	}

	public void setHeadersWhitelist(List<String> headersWhitelist) {
		this.headersWhitelist = headersWhitelist;
	}

	public @Nullable String getUserAgent() {
		return this.userAgent;
	}

	public void setUserAgent(@Nullable String userAgent) {
		this.userAgent = userAgent;
	}

	public KeyAffinity getKeyAffinity() {
		return this.keyAffinity;
	}

	public @Nullable WriteRetryPolicy getWriteRetryPolicy() {
		return this.writeRetryPolicy;
	}

	public void setWriteRetryPolicy(@Nullable WriteRetryPolicy writeRetryPolicy) {
		this.writeRetryPolicy = writeRetryPolicy;
	}

	public Tls getTls() {
		return this.tls;
	}

	public Async getAsync() {
		return this.async;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Observations getObservations() {
		return this.observations;
	}

	/**
	 * Static credentials: for ScyllaDB, the access key is a role name and the secret key
	 * its salted password hash.
	 *
	 * @since 0.1.0
	 */
	public static class Credentials {

		/**
		 * Access key id (a ScyllaDB role name).
		 */
		private @Nullable String accessKey;

		/**
		 * Secret access key (the role's salted password hash).
		 */
		private @Nullable String secretKey;

		/**
		 * Session token, for temporary credentials.
		 */
		private @Nullable String sessionToken;

		public @Nullable String getAccessKey() {
			return this.accessKey;
		}

		public void setAccessKey(@Nullable String accessKey) {
			this.accessKey = accessKey;
		}

		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
		}

		public @Nullable String getSessionToken() {
			return this.sessionToken;
		}

		public void setSessionToken(@Nullable String sessionToken) {
			this.sessionToken = sessionToken;
		}

	}

	/**
	 * Partition-key affinity: which writes go to a coordinator chosen from the item's
	 * partition key.
	 *
	 * @since 0.1.0
	 */
	public static class KeyAffinity {

		/**
		 * Which writes use key affinity: none, rmw (read-modify-write writes) or
		 * any-write.
		 */
		private @Nullable KeyAffinityMode mode;

		/**
		 * Partition-key attribute names by table name, so that the first writes to a
		 * table already use key affinity.
		 */
		private Map<String, String> partitionKeys = new LinkedHashMap<>();

		public @Nullable KeyAffinityMode getMode() {
			return this.mode;
		}

		public void setMode(@Nullable KeyAffinityMode mode) {
			this.mode = mode;
		}

		public Map<String, String> getPartitionKeys() {
			return this.partitionKeys;
		}

		public void setPartitionKeys(Map<String, String> partitionKeys) {
			this.partitionKeys = partitionKeys;
		}

	}

	/**
	 * TLS settings, used for discovery and API requests alike.
	 *
	 * @since 0.1.0
	 */
	public static class Tls {

		/**
		 * Name of a Spring SSL bundle (spring.ssl.bundle.*) whose trust store
		 * certificates are trusted as CAs and whose key store holds the client key for
		 * mutual TLS. It must exist.
		 */
		private @Nullable String bundle;

		/**
		 * PEM files of additional trusted CA certificates.
		 */
		private List<Path> caCertificates = new ArrayList<>();

		/**
		 * Whether the JVM's default trust store is trusted, in addition to the CA
		 * certificates.
		 */
		private @Nullable Boolean useSystemCaCertificates;

		/**
		 * Whether every server certificate is accepted without verification. Unsafe: for
		 * tests only.
		 */
		private @Nullable Boolean trustAll;

		/**
		 * Whether the server certificate must match the host name or IP address connected
		 * to.
		 */
		private @Nullable Boolean hostnameVerification;

		/**
		 * PEM file of the client certificate chain, for mutual TLS.
		 */
		private @Nullable Path clientCertificate;

		/**
		 * PEM file of the client private key (PKCS#8), for mutual TLS.
		 */
		private @Nullable Path clientKey;

		/**
		 * TLS server name (SNI and the name verified) used for every node, for clusters
		 * whose certificates share one DNS name.
		 */
		private @Nullable String serverName;

		/**
		 * Number of TLS sessions cached for resumption.
		 */
		private @Nullable Integer sessionCacheSize;

		/**
		 * Lifetime of a cached TLS session.
		 */
		private @Nullable Duration sessionTimeout;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public List<Path> getCaCertificates() {
			return this.caCertificates;
		}

		public void setCaCertificates(List<Path> caCertificates) {
			this.caCertificates = caCertificates;
		}

		public @Nullable Boolean getUseSystemCaCertificates() {
			return this.useSystemCaCertificates;
		}

		public void setUseSystemCaCertificates(@Nullable Boolean useSystemCaCertificates) {
			this.useSystemCaCertificates = useSystemCaCertificates;
		}

		public @Nullable Boolean getTrustAll() {
			return this.trustAll;
		}

		public void setTrustAll(@Nullable Boolean trustAll) {
			this.trustAll = trustAll;
		}

		public @Nullable Boolean getHostnameVerification() {
			return this.hostnameVerification;
		}

		public void setHostnameVerification(@Nullable Boolean hostnameVerification) {
			this.hostnameVerification = hostnameVerification;
		}

		public @Nullable Path getClientCertificate() {
			return this.clientCertificate;
		}

		public void setClientCertificate(@Nullable Path clientCertificate) {
			this.clientCertificate = clientCertificate;
		}

		public @Nullable Path getClientKey() {
			return this.clientKey;
		}

		public void setClientKey(@Nullable Path clientKey) {
			this.clientKey = clientKey;
		}

		public @Nullable String getServerName() {
			return this.serverName;
		}

		public void setServerName(@Nullable String serverName) {
			this.serverName = serverName;
		}

		public @Nullable Integer getSessionCacheSize() {
			return this.sessionCacheSize;
		}

		public void setSessionCacheSize(@Nullable Integer sessionCacheSize) {
			this.sessionCacheSize = sessionCacheSize;
		}

		public @Nullable Duration getSessionTimeout() {
			return this.sessionTimeout;
		}

		public void setSessionTimeout(@Nullable Duration sessionTimeout) {
			this.sessionTimeout = sessionTimeout;
		}

	}

	/**
	 * Async client settings.
	 *
	 * @since 0.1.0
	 */
	public static class Async {

		/**
		 * Whether to create DynamoDbAsyncClient (and DynamoDbEnhancedAsyncClient) beans.
		 * An async client owns an event-loop group and takes about 2 seconds to close.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Micrometer metrics of the client beans.
	 *
	 * @since 0.1.0
	 */
	public static class Metrics {

		/**
		 * SDK call metrics.
		 */
		private final Sdk sdk = new Sdk();

		public Sdk getSdk() {
			return this.sdk;
		}

		/**
		 * SDK call metrics: call latency per operation, attempts per call and the HTTP
		 * connection pool.
		 *
		 * @since 0.1.0
		 */
		public static class Sdk {

			/**
			 * Whether to publish the SDK's per-call metrics of the client beans
			 * (alternator.api.calls, alternator.api.call.attempts and the
			 * alternator.http.pool meters) to the application's MeterRegistry.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * Micrometer observations of the client beans' API calls.
	 *
	 * @since 0.1.0
	 */
	public static class Observations {

		/**
		 * Whether to make each API call of the client beans an observation
		 * (alternator.api.call) when an ObservationRegistry bean exists.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
