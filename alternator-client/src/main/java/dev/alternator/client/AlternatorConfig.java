package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.alternator.client.internal.common.Host;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Immutable configuration of an Alternator client and its node directory.
 * <p>
 * Every option has a default (the {@code DEFAULT_*} constants of this class, the one
 * place where defaults are defined) except the seed hosts. {@link Builder#build()}
 * validates every option before anything is started and rejects bad input with an
 * {@link AlternatorConfigurationException} naming the option. Durations must be positive
 * and at most 100 years (longer ones would overflow the nanosecond arithmetic of timers).
 * <p>
 * The library never reads environment variables, system properties or profile files for
 * credentials or region: without credentials, requests are sent unsigned (anonymous),
 * which is what an Alternator cluster without enforced authorization expects.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AlternatorConfig {

	/**
	 * Default Alternator port: 8000, the port ScyllaDB's documentation and Testcontainers
	 * use.
	 */
	public static final int DEFAULT_PORT = 8000;

	/**
	 * Default scheme: {@code http}, Alternator's default listener.
	 */
	public static final String DEFAULT_SCHEME = "http";

	/**
	 * Default for node discovery with {@code GET /localnodes}: on.
	 */
	public static final boolean DEFAULT_DISCOVERY_ENABLED = true;

	/**
	 * Default region, used only in request signatures; Alternator ignores it.
	 */
	public static final String DEFAULT_REGION = "us-east-1";

	/**
	 * Default maximum number of pooled connections <em>per node</em> (200, the reference
	 * library's per-host {@code max_pool_connections}).
	 */
	public static final int DEFAULT_MAX_POOL_CONNECTIONS_PER_NODE = 200;

	/**
	 * Default discovery refresh interval while requests flow (1 s): a new or returning
	 * node gets traffic within about a second, at the cost of one small
	 * {@code GET /localnodes} per second.
	 */
	public static final Duration DEFAULT_ACTIVE_REFRESH_INTERVAL = Duration.ofSeconds(1);

	/**
	 * Default discovery refresh interval when no request was routed for this long (60 s):
	 * an idle application does not poll the cluster every second. A request arriving
	 * during idle sleep wakes discovery up at once.
	 */
	public static final Duration DEFAULT_IDLE_REFRESH_INTERVAL = Duration.ofSeconds(60);

	/**
	 * Default total deadline of one discovery request (5 s), covering name resolution,
	 * connect and read, so that a hung node never stalls discovery.
	 */
	public static final Duration DEFAULT_DISCOVERY_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Default TCP connect timeout (2 s, the AWS SDK's "standard" defaults mode): a dead
	 * or partitioned node is detected quickly and the attempt moves to another node.
	 */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Default socket read timeout (30 s, the reference library's
	 * {@code read_timeout_seconds}).
	 */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Default timeout of one API call attempt (10 s): just above ScyllaDB's longest
	 * default server-side timeout ({@code range_request_timeout_in_ms} = 10 000; reads 5
	 * 000, writes 2 000), so a hung node costs at most one attempt timeout per request
	 * before it is quarantined.
	 */
	public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Default number of attempts per API call, each on the next node of the call's plan
	 * (3, like the reference library and the AWS SDK's standard retry strategy).
	 */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/**
	 * Default time after which an idle pooled connection is closed (10 min): Alternator
	 * keeps idle keep-alive connections open forever, so the client evicts them.
	 */
	public static final Duration DEFAULT_CONNECTION_MAX_IDLE_TIME = Duration.ofMinutes(10);

	/**
	 * Default time to wait for a pooled connection (10 s).
	 */
	public static final Duration DEFAULT_CONNECTION_ACQUISITION_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Default minimum body size compressed when request compression is on (1 024 bytes).
	 */
	public static final int DEFAULT_MIN_COMPRESSION_SIZE_BYTES = 1024;

	/**
	 * Default gzip level for request compression (6, the JDK default).
	 */
	public static final int DEFAULT_COMPRESSION_LEVEL = 6;

	/**
	 * Default number of consecutive server errors (5xx) or attempt timeouts after which a
	 * node is quarantined (5). Connection failures quarantine at once.
	 */
	public static final int DEFAULT_FAILURES_BEFORE_QUARANTINE = 5;

	/**
	 * Default first quarantine backoff (1 s); it doubles on every repeat, with ±15 %
	 * jitter.
	 */
	public static final Duration DEFAULT_QUARANTINE_INITIAL_BACKOFF = Duration.ofSeconds(1);

	/**
	 * Default longest quarantine backoff (60 s).
	 */
	public static final Duration DEFAULT_QUARANTINE_MAX_BACKOFF = Duration.ofSeconds(60);

	/**
	 * Default load balancing: {@link LoadBalancing#LATENCY_AWARE}, round-robin that sheds
	 * load from clearly slower nodes.
	 */
	public static final LoadBalancing DEFAULT_LOAD_BALANCING = LoadBalancing.LATENCY_AWARE;

	/**
	 * Default half-life of each node's answer-time estimate (500 ms): a node that is fast
	 * again after answering in 150 ms looks fast within about 2 s, while a single slow
	 * answer weighs for about a second.
	 */
	public static final Duration DEFAULT_LATENCY_HALF_LIFE = Duration.ofMillis(500);

	/**
	 * Default ratio above which a node counts as slow (3): a new request is expected to
	 * wait at least three times as long on it as on a typical node of the scope.
	 */
	public static final double DEFAULT_SLOW_NODE_RATIO = 3.0;

	/**
	 * Default least excess of a slow node's expected wait over a typical node's (10 ms):
	 * nodes that all answer within a few milliseconds are never told apart by noise.
	 */
	public static final Duration DEFAULT_SLOW_NODE_MIN_EXCESS = Duration.ofMillis(10);

	/**
	 * Default write retry policy: writes that may have reached a node are not sent again
	 * unless idempotent.
	 */
	public static final WriteRetryPolicy DEFAULT_WRITE_RETRY_POLICY = WriteRetryPolicy.SAFE;

	// ---- replica-aware routing

	/**
	 * Default for replica-aware routing: on. Single-key requests go to a node that holds
	 * the key once the table's placement is known; until then, and wherever it cannot be
	 * known, they route as without it.
	 */
	public static final boolean DEFAULT_REPLICA_AWARE_ROUTING = true;

	/**
	 * Default interval between two reads of the cluster's topology and of each used
	 * table's placement (30 s).
	 */
	public static final Duration DEFAULT_PLACEMENT_REFRESH_INTERVAL = Duration.ofSeconds(30);

	/**
	 * Longest duration accepted for any option: far beyond any useful setting, and short
	 * enough that a timer's deadline in nanoseconds cannot overflow.
	 */
	private static final Duration MAX_DURATION = Duration.ofDays(36_500);

	private final List<String> seedHosts;

	private final int port;

	private final String scheme;

	private final RoutingScope routingScope;

	private final boolean fallbackEnabled;

	private final boolean discoveryEnabled;

	private final String region;

	private final boolean authenticationEnabled;

	private final @Nullable AwsCredentialsProvider credentialsProvider;

	private final RequestCompression compression;

	private final int minCompressionSizeBytes;

	private final int compressionLevel;

	private final List<String> responseCompression;

	private final boolean optimizeHeaders;

	private final Set<String> headersWhitelist;

	private final KeyAffinityMode keyAffinityMode;

	private final Map<String, String> partitionKeys;

	private final TlsConfig tls;

	private final int maxPoolConnectionsPerNode;

	private final Duration activeRefreshInterval;

	private final Duration idleRefreshInterval;

	private final Duration discoveryTimeout;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Duration attemptTimeout;

	private final int maxAttempts;

	private final Duration connectionMaxIdleTime;

	private final Duration connectionAcquisitionTimeout;

	private final int failuresBeforeQuarantine;

	private final Duration quarantineInitialBackoff;

	private final Duration quarantineMaxBackoff;

	private final @Nullable String userAgent;

	private final LoadBalancing loadBalancing;

	private final Duration latencyHalfLife;

	private final double slowNodeRatio;

	private final Duration slowNodeMinExcess;

	private final WriteRetryPolicy writeRetryPolicy;

	private final boolean replicaAwareRouting;

	private final Duration placementRefreshInterval;

	private AlternatorConfig(Builder b, List<String> seeds, RoutingScope scope) {
		this.seedHosts = seeds;
		this.port = b.port;
		this.scheme = b.scheme.toLowerCase(Locale.ROOT);
		this.routingScope = scope;
		this.fallbackEnabled = b.fallbackEnabled;
		this.discoveryEnabled = b.discoveryEnabled;
		this.region = b.region;
		this.authenticationEnabled = b.authenticationEnabled;
		this.credentialsProvider = b.credentialsProvider;
		this.compression = b.compression;
		this.minCompressionSizeBytes = b.minCompressionSizeBytes;
		this.compressionLevel = b.compressionLevel;
		this.responseCompression = List.copyOf(new LinkedHashSet<>(b.responseCompression));
		this.optimizeHeaders = b.optimizeHeaders;
		this.headersWhitelist = Set.copyOf(b.headersWhitelist);
		this.keyAffinityMode = b.keyAffinityMode;
		this.partitionKeys = Map.copyOf(b.partitionKeys);
		this.tls = b.tls;
		this.maxPoolConnectionsPerNode = b.maxPoolConnectionsPerNode;
		this.activeRefreshInterval = b.activeRefreshInterval;
		this.idleRefreshInterval = b.idleRefreshInterval;
		this.discoveryTimeout = b.discoveryTimeout;
		this.connectTimeout = b.connectTimeout;
		this.readTimeout = b.readTimeout;
		this.attemptTimeout = b.attemptTimeout;
		this.maxAttempts = b.maxAttempts;
		this.connectionMaxIdleTime = b.connectionMaxIdleTime;
		this.connectionAcquisitionTimeout = b.connectionAcquisitionTimeout;
		this.failuresBeforeQuarantine = b.failuresBeforeQuarantine;
		this.quarantineInitialBackoff = b.quarantineInitialBackoff;
		this.quarantineMaxBackoff = b.quarantineMaxBackoff;
		this.userAgent = b.userAgent;
		this.loadBalancing = b.loadBalancing;
		this.latencyHalfLife = b.latencyHalfLife;
		this.slowNodeRatio = b.slowNodeRatio;
		this.slowNodeMinExcess = b.slowNodeMinExcess;
		this.writeRetryPolicy = b.writeRetryPolicy;
		this.replicaAwareRouting = b.replicaAwareRouting;
		this.placementRefreshInterval = b.placementRefreshInterval;
	}

	/**
	 * A new builder with every default set and no seed hosts.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder starting from this configuration.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * The seed hosts: bare host names or IP addresses (IPv6 without brackets), in the
	 * order given.
	 * @return the seed hosts, never empty
	 */
	public List<String> seedHosts() {
		return this.seedHosts;
	}

	/**
	 * The Alternator port of every node.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The scheme of every node: {@code http} or {@code https}.
	 * @return the scheme, lower case
	 */
	public String scheme() {
		return this.scheme;
	}

	/**
	 * The configured routing scope.
	 * @return the scope
	 */
	public RoutingScope routingScope() {
		return this.routingScope;
	}

	/**
	 * Whether routing falls back from rack to datacenter to cluster when the configured
	 * scope has no live node.
	 * @return whether fallback is on
	 */
	public boolean fallbackEnabled() {
		return this.fallbackEnabled;
	}

	/**
	 * Whether nodes are discovered with {@code GET /localnodes}. When off, the seed hosts
	 * are the fixed node list (health tracking and probes still apply): for a single node
	 * reached through a mapped port, e.g. a container, whose {@code /localnodes} answers
	 * addresses the client cannot reach.
	 * @return whether discovery is on
	 */
	public boolean discoveryEnabled() {
		return this.discoveryEnabled;
	}

	/**
	 * The scopes discovery tries, in order: the configured scope and, with fallback on,
	 * every broader scope.
	 * @return the scopes
	 */
	public List<RoutingScope> scopeChain() {
		return this.fallbackEnabled ? this.routingScope.fallbackChain() : List.of(this.routingScope);
	}

	/**
	 * The region used in request signatures.
	 * @return the region
	 */
	public String region() {
		return this.region;
	}

	/**
	 * Whether requests are signed when credentials are configured.
	 * @return whether authentication is on
	 */
	public boolean authenticationEnabled() {
		return this.authenticationEnabled;
	}

	/**
	 * The credentials used to sign requests.
	 * @return the provider, or {@code null} for anonymous requests
	 */
	public @Nullable AwsCredentialsProvider credentialsProvider() {
		return this.credentialsProvider;
	}

	/**
	 * Whether requests are signed: authentication is on and credentials are configured.
	 * @return whether requests are signed
	 */
	public boolean signsRequests() {
		return this.authenticationEnabled && this.credentialsProvider != null;
	}

	/**
	 * Request body compression, applied before signing (needs ScyllaDB 2026.1.0 or
	 * later).
	 * @return the compression
	 */
	public RequestCompression compression() {
		return this.compression;
	}

	/**
	 * The smallest body compressed when request compression is on.
	 * @return the size in bytes
	 */
	public int minCompressionSizeBytes() {
		return this.minCompressionSizeBytes;
	}

	/**
	 * The gzip level of request compression (0-9).
	 * @return the level
	 */
	public int compressionLevel() {
		return this.compressionLevel;
	}

	/**
	 * Response encodings asked for, in order of preference ({@code gzip},
	 * {@code deflate}); empty when response compression is off.
	 * @return the encodings
	 */
	public List<String> responseCompression() {
		return this.responseCompression;
	}

	/**
	 * Whether headers Alternator does not need are dropped (never a signed one).
	 * @return whether header optimization is on
	 */
	public boolean optimizeHeaders() {
		return this.optimizeHeaders;
	}

	/**
	 * Extra header names kept by header optimization (lower case).
	 * @return the header names
	 */
	public Set<String> headersWhitelist() {
		return this.headersWhitelist;
	}

	/**
	 * Which writes are routed to a node chosen from their partition key (see
	 * {@link KeyAffinityMode}).
	 * @return the mode
	 */
	public KeyAffinityMode keyAffinityMode() {
		return this.keyAffinityMode;
	}

	/**
	 * Preloaded partition-key attribute names by table name; key affinity looks up other
	 * tables with {@code DescribeTable}, in the background.
	 * @return the map, possibly empty
	 */
	public Map<String, String> partitionKeys() {
		return this.partitionKeys;
	}

	/**
	 * TLS settings for {@code https}.
	 * @return the TLS settings
	 */
	public TlsConfig tls() {
		return this.tls;
	}

	/**
	 * The maximum number of pooled connections per node.
	 * @return the number of connections
	 */
	public int maxPoolConnectionsPerNode() {
		return this.maxPoolConnectionsPerNode;
	}

	/**
	 * Discovery refresh interval while requests flow.
	 * @return the interval
	 */
	public Duration activeRefreshInterval() {
		return this.activeRefreshInterval;
	}

	/**
	 * Discovery refresh interval when idle; also how long without requests counts as
	 * idle.
	 * @return the interval
	 */
	public Duration idleRefreshInterval() {
		return this.idleRefreshInterval;
	}

	/**
	 * Total deadline of one discovery or health-probe request.
	 * @return the timeout
	 */
	public Duration discoveryTimeout() {
		return this.discoveryTimeout;
	}

	/**
	 * TCP connect timeout.
	 * @return the timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Socket read timeout.
	 * @return the timeout
	 */
	public Duration readTimeout() {
		return this.readTimeout;
	}

	/**
	 * Timeout of one API call attempt.
	 * @return the timeout
	 */
	public Duration attemptTimeout() {
		return this.attemptTimeout;
	}

	/**
	 * Attempts per API call, including the first; each goes to the next node of the plan.
	 * @return the number of attempts
	 */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Idle time after which a pooled connection is closed.
	 * @return the idle time
	 */
	public Duration connectionMaxIdleTime() {
		return this.connectionMaxIdleTime;
	}

	/**
	 * Time to wait for a pooled connection.
	 * @return the timeout
	 */
	public Duration connectionAcquisitionTimeout() {
		return this.connectionAcquisitionTimeout;
	}

	/**
	 * Consecutive server errors or attempt timeouts that quarantine a node.
	 * @return the threshold
	 */
	public int failuresBeforeQuarantine() {
		return this.failuresBeforeQuarantine;
	}

	/**
	 * First quarantine backoff. The backoff doubles per repeat; a quarantined node is
	 * probed after it, but at most 3 s apart, and a passing probe puts it on probation.
	 * @return the backoff
	 */
	public Duration quarantineInitialBackoff() {
		return this.quarantineInitialBackoff;
	}

	/**
	 * Longest quarantine backoff.
	 * @return the backoff
	 */
	public Duration quarantineMaxBackoff() {
		return this.quarantineMaxBackoff;
	}

	/**
	 * The {@code User-Agent} prefix sent with every request.
	 * @return the user agent, or {@code null} for the library's default
	 */
	public @Nullable String userAgent() {
		return this.userAgent;
	}

	/**
	 * How the first node of each call is chosen.
	 * @return the load balancing
	 */
	public LoadBalancing loadBalancing() {
		return this.loadBalancing;
	}

	/**
	 * Half-life of each node's answer-time estimate.
	 * @return the half-life
	 */
	public Duration latencyHalfLife() {
		return this.latencyHalfLife;
	}

	/**
	 * With latency-aware load balancing, how many times longer than on a typical node of
	 * the scope a new request must be expected to wait on a node for it to be demoted.
	 * @return the ratio, &gt; 1
	 */
	public double slowNodeRatio() {
		return this.slowNodeRatio;
	}

	/**
	 * With latency-aware load balancing, how much longer than on a typical node of the
	 * scope a new request must at least be expected to wait on a node for it to be
	 * demoted.
	 * @return the excess
	 */
	public Duration slowNodeMinExcess() {
		return this.slowNodeMinExcess;
	}

	/**
	 * Whether writes that may have reached a node are sent again (see
	 * {@link WriteRetryPolicy}).
	 * @return the policy
	 */
	public WriteRetryPolicy writeRetryPolicy() {
		return this.writeRetryPolicy;
	}

	/**
	 * Whether single-key requests ({@code GetItem}, {@code PutItem}, {@code UpdateItem},
	 * {@code DeleteItem}, and {@code Query} with an equality on the base table's
	 * partition key) start at a node that holds the key.
	 * @return whether replica-aware routing is on
	 */
	public boolean replicaAwareRouting() {
		return this.replicaAwareRouting;
	}

	/**
	 * How often the cluster's topology and each used table's placement are read again.
	 * @return the interval
	 */
	public Duration placementRefreshInterval() {
		return this.placementRefreshInterval;
	}

	@Override
	public String toString() {
		return "AlternatorConfig[seedHosts=" + this.seedHosts + ", port=" + this.port + ", scheme=" + this.scheme
				+ ", routingScope=" + this.routingScope + ", fallbackEnabled=" + this.fallbackEnabled
				+ ", discoveryEnabled=" + this.discoveryEnabled + ", region=" + this.region + ", signsRequests="
				+ signsRequests() + ", compression=" + this.compression + ", keyAffinityMode=" + this.keyAffinityMode
				+ ", maxPoolConnectionsPerNode=" + this.maxPoolConnectionsPerNode + ", activeRefreshInterval="
				+ this.activeRefreshInterval + ", idleRefreshInterval=" + this.idleRefreshInterval
				+ ", discoveryTimeout=" + this.discoveryTimeout + ", connectTimeout=" + this.connectTimeout
				+ ", readTimeout=" + this.readTimeout + ", attemptTimeout=" + this.attemptTimeout + ", maxAttempts="
				+ this.maxAttempts + ", loadBalancing=" + this.loadBalancing + ", latencyHalfLife="
				+ this.latencyHalfLife + ", slowNodeRatio=" + this.slowNodeRatio + ", slowNodeMinExcess="
				+ this.slowNodeMinExcess + ", writeRetryPolicy=" + this.writeRetryPolicy + ", replicaAwareRouting="
				+ this.replicaAwareRouting + ", placementRefreshInterval=" + this.placementRefreshInterval + "]";
	}

	static Duration requirePositive(@Nullable Duration value, String name) {
		if (value == null) {
			throw invalid(name, name + " cannot be null");
		}
		if (value.isNegative() || value.isZero()) {
			throw invalid(name, name + " must be > 0, got " + value);
		}
		if (value.compareTo(MAX_DURATION) > 0) {
			throw invalid(name, name + " must be at most " + MAX_DURATION.toDays() + " days (100 years), got " + value);
		}
		return value;
	}

	static int requirePositive(int value, String name) {
		if (value <= 0) {
			throw invalid(name, name + " must be > 0, got " + value);
		}
		return value;
	}

	static AlternatorConfigurationException invalid(String option, String message) {
		return new AlternatorConfigurationException(option, message);
	}

	/**
	 * Validates one seed host and returns it without IPv6 brackets, IPv6 literals in
	 * lower case.
	 * @param seed the seed as configured
	 * @return the bare host
	 */
	static String validateSeed(@Nullable String seed) {
		String rule = "; seeds must be host names or IP addresses without scheme or port";
		if (seed == null || seed.isBlank()) {
			throw invalid("seedHosts", "seedHosts: a seed is blank" + rule);
		}
		Host host;
		try {
			host = Host.parse(seed.trim());
		}
		catch (IllegalArgumentException ex) {
			throw invalid("seedHosts", "seedHosts: " + ex.getMessage() + rule);
		}
		return (host.kind() == Host.Kind.IPV6) ? host.value().toLowerCase(Locale.ROOT) : host.value();
	}

	/**
	 * Builder of {@link AlternatorConfig}. Not thread-safe.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final List<String> seedHosts = new ArrayList<>();

		private int port = DEFAULT_PORT;

		private String scheme = DEFAULT_SCHEME;

		private @Nullable RoutingScope routingScope;

		private @Nullable String datacenter;

		private @Nullable String rack;

		private boolean fallbackEnabled = true;

		private boolean discoveryEnabled = DEFAULT_DISCOVERY_ENABLED;

		private String region = DEFAULT_REGION;

		private boolean authenticationEnabled = true;

		private @Nullable AwsCredentialsProvider credentialsProvider;

		private RequestCompression compression = RequestCompression.NONE;

		private int minCompressionSizeBytes = DEFAULT_MIN_COMPRESSION_SIZE_BYTES;

		private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;

		private final List<String> responseCompression = new ArrayList<>();

		private boolean optimizeHeaders;

		private final Set<String> headersWhitelist = new LinkedHashSet<>();

		private KeyAffinityMode keyAffinityMode = KeyAffinityMode.NONE;

		private final Map<String, String> partitionKeys = new LinkedHashMap<>();

		private TlsConfig tls = TlsConfig.defaults();

		private int maxPoolConnectionsPerNode = DEFAULT_MAX_POOL_CONNECTIONS_PER_NODE;

		private Duration activeRefreshInterval = DEFAULT_ACTIVE_REFRESH_INTERVAL;

		private Duration idleRefreshInterval = DEFAULT_IDLE_REFRESH_INTERVAL;

		private Duration discoveryTimeout = DEFAULT_DISCOVERY_TIMEOUT;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration readTimeout = DEFAULT_READ_TIMEOUT;

		private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;

		private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

		private Duration connectionMaxIdleTime = DEFAULT_CONNECTION_MAX_IDLE_TIME;

		private Duration connectionAcquisitionTimeout = DEFAULT_CONNECTION_ACQUISITION_TIMEOUT;

		private int failuresBeforeQuarantine = DEFAULT_FAILURES_BEFORE_QUARANTINE;

		private Duration quarantineInitialBackoff = DEFAULT_QUARANTINE_INITIAL_BACKOFF;

		private Duration quarantineMaxBackoff = DEFAULT_QUARANTINE_MAX_BACKOFF;

		private @Nullable String userAgent;

		private LoadBalancing loadBalancing = DEFAULT_LOAD_BALANCING;

		private Duration latencyHalfLife = DEFAULT_LATENCY_HALF_LIFE;

		private double slowNodeRatio = DEFAULT_SLOW_NODE_RATIO;

		private Duration slowNodeMinExcess = DEFAULT_SLOW_NODE_MIN_EXCESS;

		private WriteRetryPolicy writeRetryPolicy = DEFAULT_WRITE_RETRY_POLICY;

		private boolean replicaAwareRouting = DEFAULT_REPLICA_AWARE_ROUTING;

		private Duration placementRefreshInterval = DEFAULT_PLACEMENT_REFRESH_INTERVAL;

		private Builder() {
		}

		private Builder(AlternatorConfig c) {
			this.seedHosts.addAll(c.seedHosts);
			this.port = c.port;
			this.scheme = c.scheme;
			this.routingScope = c.routingScope;
			this.fallbackEnabled = c.fallbackEnabled;
			this.discoveryEnabled = c.discoveryEnabled;
			this.region = c.region;
			this.authenticationEnabled = c.authenticationEnabled;
			this.credentialsProvider = c.credentialsProvider;
			this.compression = c.compression;
			this.minCompressionSizeBytes = c.minCompressionSizeBytes;
			this.compressionLevel = c.compressionLevel;
			this.responseCompression.addAll(c.responseCompression);
			this.optimizeHeaders = c.optimizeHeaders;
			this.headersWhitelist.addAll(c.headersWhitelist);
			this.keyAffinityMode = c.keyAffinityMode;
			this.partitionKeys.putAll(c.partitionKeys);
			this.tls = c.tls;
			this.maxPoolConnectionsPerNode = c.maxPoolConnectionsPerNode;
			this.activeRefreshInterval = c.activeRefreshInterval;
			this.idleRefreshInterval = c.idleRefreshInterval;
			this.discoveryTimeout = c.discoveryTimeout;
			this.connectTimeout = c.connectTimeout;
			this.readTimeout = c.readTimeout;
			this.attemptTimeout = c.attemptTimeout;
			this.maxAttempts = c.maxAttempts;
			this.connectionMaxIdleTime = c.connectionMaxIdleTime;
			this.connectionAcquisitionTimeout = c.connectionAcquisitionTimeout;
			this.failuresBeforeQuarantine = c.failuresBeforeQuarantine;
			this.quarantineInitialBackoff = c.quarantineInitialBackoff;
			this.quarantineMaxBackoff = c.quarantineMaxBackoff;
			this.userAgent = c.userAgent;
			this.loadBalancing = c.loadBalancing;
			this.latencyHalfLife = c.latencyHalfLife;
			this.slowNodeRatio = c.slowNodeRatio;
			this.slowNodeMinExcess = c.slowNodeMinExcess;
			this.writeRetryPolicy = c.writeRetryPolicy;
			this.replicaAwareRouting = c.replicaAwareRouting;
			this.placementRefreshInterval = c.placementRefreshInterval;
		}

		/**
		 * How the first node of each call is chosen (default
		 * {@link LoadBalancing#LATENCY_AWARE}). {@link LoadBalancing#ROUND_ROBIN} gives
		 * every active node an equal share whatever its answer times.
		 * @param loadBalancing the load balancing
		 * @return this builder
		 */
		public Builder loadBalancing(LoadBalancing loadBalancing) {
			this.loadBalancing = Objects.requireNonNull(loadBalancing, "loadBalancing");
			return this;
		}

		/**
		 * Half-life of each node's answer-time estimate (default 500 ms): how fast a node
		 * that answers fast again is seen as fast. Shorter reacts faster and is noisier.
		 * @param latencyHalfLife the half-life, &gt; 0
		 * @return this builder
		 */
		public Builder latencyHalfLife(Duration latencyHalfLife) {
			this.latencyHalfLife = latencyHalfLife;
			return this;
		}

		/**
		 * With latency-aware load balancing, how many times longer than on a typical node
		 * of the scope a new request must be expected to wait on a node for it to be
		 * demoted (default 3).
		 * @param slowNodeRatio the ratio, &gt; 1
		 * @return this builder
		 */
		public Builder slowNodeRatio(double slowNodeRatio) {
			this.slowNodeRatio = slowNodeRatio;
			return this;
		}

		/**
		 * With latency-aware load balancing, how much longer than on a typical node of
		 * the scope a new request must at least be expected to wait on a node for it to
		 * be demoted (default 10 ms).
		 * @param slowNodeMinExcess the excess, &gt; 0
		 * @return this builder
		 */
		public Builder slowNodeMinExcess(Duration slowNodeMinExcess) {
			this.slowNodeMinExcess = slowNodeMinExcess;
			return this;
		}

		/**
		 * Replaces the seed hosts: bare host names or IP addresses, without scheme or
		 * port. In cluster scope configure at least one seed per datacenter.
		 * @param seedHosts the seeds
		 * @return this builder
		 */
		public Builder seedHosts(Collection<String> seedHosts) {
			this.seedHosts.clear();
			this.seedHosts.addAll(seedHosts);
			return this;
		}

		/**
		 * Replaces the seed hosts.
		 * @param seedHosts the seeds
		 * @return this builder
		 * @see #seedHosts(Collection)
		 */
		public Builder seedHosts(String... seedHosts) {
			return seedHosts(List.of(seedHosts));
		}

		/**
		 * The Alternator port of every node (default 8000).
		 * @param port the port, 1-65535
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * The scheme of every node (default {@code http}).
		 * @param scheme {@code http} or {@code https}
		 * @return this builder
		 */
		public Builder scheme(String scheme) {
			this.scheme = scheme;
			return this;
		}

		/**
		 * Routes to one datacenter (or one of its racks with {@link #rack(String)}).
		 * @param datacenter the datacenter, or {@code null} for the whole cluster
		 * @return this builder
		 */
		public Builder datacenter(@Nullable String datacenter) {
			this.datacenter = datacenter;
			this.routingScope = null;
			return this;
		}

		/**
		 * Routes to one rack of the {@linkplain #datacenter(String) datacenter}.
		 * @param rack the rack, or {@code null} for the whole datacenter
		 * @return this builder
		 */
		public Builder rack(@Nullable String rack) {
			this.rack = rack;
			this.routingScope = null;
			return this;
		}

		/**
		 * Sets the routing scope directly (replaces {@link #datacenter(String)} and
		 * {@link #rack(String)}).
		 * @param routingScope the scope
		 * @return this builder
		 */
		public Builder routingScope(RoutingScope routingScope) {
			this.routingScope = Objects.requireNonNull(routingScope, "routingScope");
			this.datacenter = routingScope.datacenter();
			this.rack = routingScope.rack();
			return this;
		}

		/**
		 * Whether routing falls back rack to datacenter to cluster when the configured
		 * scope has no live node (default on). Off keeps traffic in the configured scope
		 * even when that means failing.
		 * @param fallbackEnabled whether to fall back
		 * @return this builder
		 */
		public Builder fallbackEnabled(boolean fallbackEnabled) {
			this.fallbackEnabled = fallbackEnabled;
			return this;
		}

		/**
		 * Whether nodes are discovered with {@code GET /localnodes} (default on). Off
		 * makes the seeds the fixed node list — for one node behind a mapped port (a
		 * container), whose {@code /localnodes} lists addresses the client cannot reach.
		 * @param discoveryEnabled whether to discover nodes
		 * @return this builder
		 */
		public Builder discoveryEnabled(boolean discoveryEnabled) {
			this.discoveryEnabled = discoveryEnabled;
			return this;
		}

		/**
		 * The region used in signatures (default {@code us-east-1}).
		 * @param region the region
		 * @return this builder
		 */
		public Builder region(String region) {
			this.region = region;
			return this;
		}

		/**
		 * Whether requests are signed when credentials are configured (default on).
		 * @param authenticationEnabled whether to sign
		 * @return this builder
		 */
		public Builder authenticationEnabled(boolean authenticationEnabled) {
			this.authenticationEnabled = authenticationEnabled;
			return this;
		}

		/**
		 * Static credentials: the access key id is a ScyllaDB role name, the secret its
		 * salted password hash.
		 * @param accessKeyId the access key id
		 * @param secretAccessKey the secret access key
		 * @return this builder
		 */
		public Builder credentials(String accessKeyId, String secretAccessKey) {
			return credentials(accessKeyId, secretAccessKey, null);
		}

		/**
		 * Static credentials with an optional session token.
		 * @param accessKeyId the access key id
		 * @param secretAccessKey the secret access key
		 * @param sessionToken the session token, or {@code null}
		 * @return this builder
		 */
		public Builder credentials(@Nullable String accessKeyId, @Nullable String secretAccessKey,
				@Nullable String sessionToken) {
			boolean hasKey = accessKeyId != null && !accessKeyId.isBlank();
			boolean hasSecret = secretAccessKey != null && !secretAccessKey.isBlank();
			if (hasKey != hasSecret) {
				throw invalid("credentials.accessKeyId",
						"Static auth requires both access key id and secret access key");
			}
			if (sessionToken != null && !sessionToken.isBlank() && !hasKey) {
				throw invalid("credentials.sessionToken",
						"A session token requires an access key id and a secret access key");
			}
			if (!hasKey) {
				this.credentialsProvider = null;
				return this;
			}
			this.credentialsProvider = StaticCredentialsProvider
				.create((sessionToken != null && !sessionToken.isBlank())
						? AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken)
						: AwsBasicCredentials.create(accessKeyId, secretAccessKey));
			return this;
		}

		/**
		 * Credentials from a provider; {@code null} sends anonymous requests.
		 * @param credentialsProvider the provider
		 * @return this builder
		 */
		public Builder credentialsProvider(@Nullable AwsCredentialsProvider credentialsProvider) {
			this.credentialsProvider = credentialsProvider;
			return this;
		}

		/**
		 * Request body compression (default {@link RequestCompression#NONE}).
		 * @param compression the compression
		 * @return this builder
		 */
		public Builder compression(RequestCompression compression) {
			this.compression = Objects.requireNonNull(compression, "compression");
			return this;
		}

		/**
		 * Smallest body compressed (default 1 024 bytes; 0 compresses every non-empty
		 * body).
		 * @param minCompressionSizeBytes the size in bytes, &ge; 0
		 * @return this builder
		 */
		public Builder minCompressionSizeBytes(int minCompressionSizeBytes) {
			this.minCompressionSizeBytes = minCompressionSizeBytes;
			return this;
		}

		/**
		 * Gzip level (default 6).
		 * @param compressionLevel the level, 0-9
		 * @return this builder
		 */
		public Builder compressionLevel(int compressionLevel) {
			this.compressionLevel = compressionLevel;
			return this;
		}

		/**
		 * Response encodings to ask for, in order of preference; empty (default) turns
		 * response compression off.
		 * @param encodings {@code gzip} and/or {@code deflate}
		 * @return this builder
		 */
		public Builder responseCompression(List<String> encodings) {
			this.responseCompression.clear();
			this.responseCompression.addAll(encodings);
			return this;
		}

		/**
		 * Whether headers Alternator does not need are dropped (default off).
		 * @param optimizeHeaders whether to trim headers
		 * @return this builder
		 */
		public Builder optimizeHeaders(boolean optimizeHeaders) {
			this.optimizeHeaders = optimizeHeaders;
			return this;
		}

		/**
		 * Extra headers kept by header optimization, added to the built-in set.
		 * @param headersWhitelist header names, case-insensitive
		 * @return this builder
		 */
		public Builder headersWhitelist(Collection<String> headersWhitelist) {
			this.headersWhitelist.clear();
			this.headersWhitelist.addAll(headersWhitelist);
			return this;
		}

		/**
		 * Which writes use partition-key affinity (default {@link KeyAffinityMode#NONE}).
		 * @param keyAffinityMode the mode
		 * @return this builder
		 */
		public Builder keyAffinityMode(KeyAffinityMode keyAffinityMode) {
			this.keyAffinityMode = Objects.requireNonNull(keyAffinityMode, "keyAffinityMode");
			return this;
		}

		/**
		 * Preloaded partition-key attribute names by table; entries with a blank name are
		 * ignored.
		 * @param partitionKeys table name to partition-key attribute name
		 * @return this builder
		 */
		public Builder partitionKeys(Map<String, String> partitionKeys) {
			this.partitionKeys.clear();
			partitionKeys.forEach((table, key) -> {
				if (table != null && !table.isBlank() && key != null && !key.isBlank()) {
					this.partitionKeys.put(table, key);
				}
			});
			return this;
		}

		/**
		 * TLS settings for {@code https} (default: verify with the system CAs).
		 * @param tls the settings
		 * @return this builder
		 */
		public Builder tls(TlsConfig tls) {
			this.tls = Objects.requireNonNull(tls, "tls");
			return this;
		}

		/**
		 * Maximum pooled connections per node (default 200), whatever the node count. The
		 * async (Netty) pool applies it to each node with no total; the sync (Apache 5)
		 * pool has one limit for each node and for the total, so there it is both, and
		 * since a sync call holds one connection it bounds the concurrent sync calls.
		 * @param maxPoolConnectionsPerNode the number, &gt; 0
		 * @return this builder
		 */
		public Builder maxPoolConnectionsPerNode(int maxPoolConnectionsPerNode) {
			this.maxPoolConnectionsPerNode = maxPoolConnectionsPerNode;
			return this;
		}

		/**
		 * Discovery interval while requests flow (default 1 s).
		 * @param activeRefreshInterval the interval, &gt; 0
		 * @return this builder
		 */
		public Builder activeRefreshInterval(Duration activeRefreshInterval) {
			this.activeRefreshInterval = activeRefreshInterval;
			return this;
		}

		/**
		 * Discovery interval when idle (default 60 s).
		 * @param idleRefreshInterval the interval, &gt; 0
		 * @return this builder
		 */
		public Builder idleRefreshInterval(Duration idleRefreshInterval) {
			this.idleRefreshInterval = idleRefreshInterval;
			return this;
		}

		/**
		 * Total deadline of one discovery request (default 5 s).
		 * @param discoveryTimeout the timeout, &gt; 0
		 * @return this builder
		 */
		public Builder discoveryTimeout(Duration discoveryTimeout) {
			this.discoveryTimeout = discoveryTimeout;
			return this;
		}

		/**
		 * TCP connect timeout (default 2 s).
		 * @param connectTimeout the timeout, &gt; 0
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Socket read timeout (default 30 s).
		 * @param readTimeout the timeout, &gt; 0
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * Timeout of one API call attempt (default 10 s).
		 * @param attemptTimeout the timeout, &gt; 0
		 * @return this builder
		 */
		public Builder attemptTimeout(Duration attemptTimeout) {
			this.attemptTimeout = attemptTimeout;
			return this;
		}

		/**
		 * Attempts per API call including the first (default 3).
		 * @param maxAttempts the number, &gt; 0
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Idle time after which a pooled connection is closed (default 10 min).
		 * @param connectionMaxIdleTime the time, &gt; 0
		 * @return this builder
		 */
		public Builder connectionMaxIdleTime(Duration connectionMaxIdleTime) {
			this.connectionMaxIdleTime = connectionMaxIdleTime;
			return this;
		}

		/**
		 * Time to wait for a pooled connection (default 10 s).
		 * @param connectionAcquisitionTimeout the timeout, &gt; 0
		 * @return this builder
		 */
		public Builder connectionAcquisitionTimeout(Duration connectionAcquisitionTimeout) {
			this.connectionAcquisitionTimeout = connectionAcquisitionTimeout;
			return this;
		}

		/**
		 * Consecutive server errors or attempt timeouts that quarantine a node (default
		 * 5).
		 * @param failuresBeforeQuarantine the threshold, &gt; 0
		 * @return this builder
		 */
		public Builder failuresBeforeQuarantine(int failuresBeforeQuarantine) {
			this.failuresBeforeQuarantine = failuresBeforeQuarantine;
			return this;
		}

		/**
		 * First quarantine backoff (default 1 s).
		 * @param quarantineInitialBackoff the backoff, &gt; 0
		 * @return this builder
		 */
		public Builder quarantineInitialBackoff(Duration quarantineInitialBackoff) {
			this.quarantineInitialBackoff = quarantineInitialBackoff;
			return this;
		}

		/**
		 * Longest quarantine backoff (default 60 s).
		 * @param quarantineMaxBackoff the backoff, &ge; the initial backoff
		 * @return this builder
		 */
		public Builder quarantineMaxBackoff(Duration quarantineMaxBackoff) {
			this.quarantineMaxBackoff = quarantineMaxBackoff;
			return this;
		}

		/**
		 * {@code User-Agent} prefix, or {@code null} for
		 * {@code alternator-client/<version>}.
		 * @param userAgent the user agent
		 * @return this builder
		 */
		public Builder userAgent(@Nullable String userAgent) {
			this.userAgent = userAgent;
			return this;
		}

		/**
		 * Whether writes that may have reached a node are sent again (default
		 * {@link WriteRetryPolicy#SAFE}): with {@code SAFE}, a call that is not
		 * idempotent is retried only after failures before its request was sent, and
		 * otherwise fails with {@link AlternatorWriteOutcomeUnknownException}; with
		 * {@code SDK}, the SDK's retry strategy decides alone.
		 * @param writeRetryPolicy the policy
		 * @return this builder
		 */
		public Builder writeRetryPolicy(WriteRetryPolicy writeRetryPolicy) {
			this.writeRetryPolicy = Objects.requireNonNull(writeRetryPolicy, "writeRetryPolicy");
			return this;
		}

		/**
		 * Whether single-key requests start at a node that holds the key (default
		 * {@code true}). The client reads the cluster's topology ({@code system.local},
		 * {@code system.peers}) and each used table's placement ({@code system.tablets},
		 * or the token ring and {@code system_schema.keyspaces}) in the background
		 * through the DynamoDB API; wherever that is not possible (another server, a role
		 * without {@code SELECT} on those tables) requests route as with {@code false}.
		 * Replicas are matched to the nodes {@code /localnodes} lists: with discovery off
		 * it does not apply.
		 * @param replicaAwareRouting whether replica-aware routing is on
		 * @return this builder
		 */
		public Builder replicaAwareRouting(boolean replicaAwareRouting) {
			this.replicaAwareRouting = replicaAwareRouting;
			return this;
		}

		/**
		 * How often the cluster's topology and each used table's placement are read again
		 * while the table is used (default 30 s); a failed read is retried sooner, with
		 * backoff.
		 * @param placementRefreshInterval the interval, &gt; 0
		 * @return this builder
		 */
		public Builder placementRefreshInterval(Duration placementRefreshInterval) {
			this.placementRefreshInterval = placementRefreshInterval;
			return this;
		}

		/**
		 * Validates every option and builds the configuration.
		 * @return the configuration
		 * @throws AlternatorConfigurationException naming the option to fix
		 */
		public AlternatorConfig build() {
			if (this.seedHosts.isEmpty()) {
				throw invalid("seedHosts", "At least one seed host is required (seedHosts)");
			}
			List<String> seeds = new ArrayList<>();
			for (String seed : this.seedHosts) {
				String host = validateSeed(seed);
				if (!seeds.contains(host)) {
					seeds.add(host);
				}
			}
			if (this.port < 1 || this.port > 65535) {
				throw invalid("port", "port must be 1-65535, got " + this.port);
			}
			String lowerScheme = (this.scheme != null) ? this.scheme.toLowerCase(Locale.ROOT) : "";
			if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
				throw invalid("scheme", "scheme must be 'http' or 'https', got '" + this.scheme + "'");
			}
			RoutingScope scope = resolveScope();
			if (this.region == null || this.region.isBlank()) {
				throw invalid("region", "region cannot be null or blank");
			}
			if (this.minCompressionSizeBytes < 0) {
				throw invalid("minCompressionSizeBytes",
						"minCompressionSizeBytes must be non-negative, but was: " + this.minCompressionSizeBytes);
			}
			if (this.compressionLevel < 0 || this.compressionLevel > 9) {
				throw invalid("compressionLevel", "compressionLevel must be 0-9, got " + this.compressionLevel);
			}
			List<String> encodings = new ArrayList<>();
			for (String encoding : this.responseCompression) {
				String token = (encoding != null) ? encoding.trim().toLowerCase(Locale.ROOT) : "";
				if (!token.equals("gzip") && !token.equals("deflate")) {
					throw invalid("responseCompression", "unsupported response compression encoding: " + encoding);
				}
				encodings.add(token);
			}
			this.responseCompression.clear();
			this.responseCompression.addAll(encodings);
			Set<String> whitelist = new LinkedHashSet<>();
			for (String header : this.headersWhitelist) {
				if (header == null || header.isBlank()) {
					throw invalid("headersWhitelist", "headersWhitelist cannot contain a blank header name");
				}
				whitelist.add(header.trim().toLowerCase(Locale.ROOT));
			}
			this.headersWhitelist.clear();
			this.headersWhitelist.addAll(whitelist);
			requirePositive(this.maxPoolConnectionsPerNode, "maxPoolConnectionsPerNode");
			requirePositive(this.activeRefreshInterval, "activeRefreshInterval");
			requirePositive(this.idleRefreshInterval, "idleRefreshInterval");
			requirePositive(this.discoveryTimeout, "discoveryTimeout");
			requirePositive(this.connectTimeout, "connectTimeout");
			requirePositive(this.readTimeout, "readTimeout");
			requirePositive(this.attemptTimeout, "attemptTimeout");
			requirePositive(this.maxAttempts, "maxAttempts");
			requirePositive(this.connectionMaxIdleTime, "connectionMaxIdleTime");
			requirePositive(this.connectionAcquisitionTimeout, "connectionAcquisitionTimeout");
			requirePositive(this.failuresBeforeQuarantine, "failuresBeforeQuarantine");
			requirePositive(this.quarantineInitialBackoff, "quarantineInitialBackoff");
			requirePositive(this.quarantineMaxBackoff, "quarantineMaxBackoff");
			if (this.quarantineMaxBackoff.compareTo(this.quarantineInitialBackoff) < 0) {
				throw invalid("quarantineMaxBackoff", "quarantineMaxBackoff (" + this.quarantineMaxBackoff
						+ ") must be >= quarantineInitialBackoff (" + this.quarantineInitialBackoff + ")");
			}
			requirePositive(this.latencyHalfLife, "latencyHalfLife");
			requirePositive(this.slowNodeMinExcess, "slowNodeMinExcess");
			requirePositive(this.placementRefreshInterval, "placementRefreshInterval");
			if (!(this.slowNodeRatio > 1.0) || Double.isInfinite(this.slowNodeRatio)) {
				throw invalid("slowNodeRatio", "slowNodeRatio must be a finite number > 1, got " + this.slowNodeRatio);
			}
			if (this.userAgent != null && this.userAgent.isBlank()) {
				throw invalid("userAgent", "userAgent cannot be null or blank");
			}
			return new AlternatorConfig(this, List.copyOf(seeds), scope);
		}

		private RoutingScope resolveScope() {
			if (this.routingScope != null) {
				return this.routingScope;
			}
			if (this.rack != null && this.datacenter == null) {
				throw invalid("datacenter", "rack '" + this.rack + "' requires a datacenter");
			}
			if (this.datacenter == null) {
				return RoutingScope.cluster();
			}
			return (this.rack != null) ? RoutingScope.rack(this.datacenter, this.rack)
					: RoutingScope.datacenter(this.datacenter);
		}

	}

}
