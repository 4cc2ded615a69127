package dev.alternator.client;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AlternatorConfigTests {

	private static AlternatorConfig.Builder valid() {
		return AlternatorConfig.builder().seedHosts("127.0.0.1");
	}

	private static void assertRejected(UnaryOperator<AlternatorConfig.Builder> change, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> change.apply(valid()).build())
			.withMessageContaining(message);
	}

	@Test
	void defaultsAreTheDocumentedOnes() {
		AlternatorConfig config = valid().build();
		assertThat(config.port()).isEqualTo(8000);
		assertThat(config.scheme()).isEqualTo("http");
		assertThat(config.routingScope()).isEqualTo(RoutingScope.cluster());
		assertThat(config.fallbackEnabled()).isTrue();
		assertThat(config.region()).isEqualTo("us-east-1");
		assertThat(config.maxPoolConnectionsPerNode()).isEqualTo(200);
		assertThat(config.activeRefreshInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(config.idleRefreshInterval()).isEqualTo(Duration.ofSeconds(60));
		assertThat(config.discoveryTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.attemptTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(config.maxAttempts()).isEqualTo(3);
		assertThat(config.compression()).isEqualTo(RequestCompression.NONE);
		assertThat(config.minCompressionSizeBytes()).isEqualTo(1024);
		assertThat(config.responseCompression()).isEmpty();
		assertThat(config.optimizeHeaders()).isFalse();
		assertThat(config.keyAffinityMode()).isEqualTo(KeyAffinityMode.NONE);
		assertThat(config.credentialsProvider()).isNull();
		assertThat(config.signsRequests()).isFalse();
		assertThat(config.tls().hostnameVerification()).isTrue();
		assertThat(config.tls().trustAll()).isFalse();
	}

	@Test
	void noSeedsIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> AlternatorConfig.builder().build())
			.withMessage("At least one seed host is required (seedHosts)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://10.0.0.1", "10.0.0.1:8000", "[::1]:8000", "host/path", "bad host", "", " ",
			"user@host", "https://a:1/" })
	void seedWithSchemePortOrPathIsRejected(String seed) {
		assertRejected((b) -> b.seedHosts(seed), "seeds must be host names or IP addresses without scheme or port");
	}

	@ParameterizedTest
	@ValueSource(strings = { "fe80::1%eth0", "[fe80::1%eth0]", "999.1.1.1", "a-.b", "1::2::3", "010.0.0.1", "1.2.3",
			"node_1", "12345" })
	void seedsTheRuntimeCannotUseAreRejectedAtBuild(String seed) {
		assertThatExceptionOfType(AlternatorConfigurationException.class)
			.isThrownBy(() -> AlternatorConfig.builder().seedHosts(seed).build())
			.withMessageContaining("seedHosts: not a valid host name or IP address: '" + seed + "'")
			.satisfies((ex) -> assertThat(ex.option()).isEqualTo("seedHosts"));
	}

	@Test
	void zoneIdSeedIsRejectedWithAClearMessage() {
		assertRejected((b) -> b.seedHosts("fe80::1%eth0"),
				"IPv6 zone ids such as '%eth0' are not supported; use an address without a zone id, or a host name");
	}

	@Test
	void failedBuildsWithBadSeedsStartNoThread() {
		String[] bad = { "fe80::1%eth0", "999.1.1.1", "a-.b", "1::2::3" };
		buildDirectoryExpectingFailure(bad[0]);
		int before = ManagementFactory.getThreadMXBean().getThreadCount();
		for (int i = 0; i < 20; i++) {
			buildDirectoryExpectingFailure(bad[i % bad.length]);
		}
		assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(before);
	}

	private static void buildDirectoryExpectingFailure(String seed) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AlternatorNodeDirectory.create(AlternatorConfig.builder().seedHosts(seed).build()));
	}

	@Test
	void seedsAcceptHostNamesIpv4AndIpv6WithOrWithoutBrackets() {
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts("scylla-1.example.com", "10.0.0.1", "::1", "[2001:DB8::1]", "10.0.0.1")
			.build();
		assertThat(config.seedHosts()).containsExactly("scylla-1.example.com", "10.0.0.1", "::1", "2001:db8::1");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 65536 })
	void portOutsideRangeIsRejected(int port) {
		assertRejected((b) -> b.port(port), "port must be 1-65535, got " + port);
	}

	@Test
	void unknownSchemeIsRejected() {
		assertRejected((b) -> b.scheme("ftp"), "scheme must be 'http' or 'https', got 'ftp'");
	}

	@Test
	void schemeIsCaseInsensitive() {
		assertThat(valid().scheme("HTTPS").build().scheme()).isEqualTo("https");
	}

	@Test
	void rackWithoutDatacenterIsRejected() {
		assertRejected((b) -> b.rack("r1"), "rack 'r1' requires a datacenter");
	}

	@Test
	void blankDatacenterOrRackIsRejected() {
		assertRejected((b) -> b.datacenter(" "), "datacenter cannot be null or empty");
		assertRejected((b) -> b.datacenter("dc1").rack(""), "rack cannot be null or empty");
	}

	@Test
	void datacenterAndRackBuildTheScopeAndItsFallbackChain() {
		AlternatorConfig config = valid().datacenter("dc1").rack("r1").build();
		assertThat(config.routingScope()).isEqualTo(RoutingScope.rack("dc1", "r1"));
		assertThat(config.scopeChain()).containsExactly(RoutingScope.rack("dc1", "r1"), RoutingScope.datacenter("dc1"),
				RoutingScope.cluster());
		assertThat(config.toBuilder().fallbackEnabled(false).build().scopeChain())
			.containsExactly(RoutingScope.rack("dc1", "r1"));
	}

	@Test
	void nonPositiveDurationsAreRejectedByName() {
		assertRejected((b) -> b.activeRefreshInterval(Duration.ZERO), "activeRefreshInterval must be > 0, got PT0S");
		assertRejected((b) -> b.idleRefreshInterval(Duration.ofSeconds(-1)), "idleRefreshInterval must be > 0");
		assertRejected((b) -> b.discoveryTimeout(Duration.ZERO), "discoveryTimeout must be > 0");
		assertRejected((b) -> b.connectTimeout(Duration.ZERO), "connectTimeout must be > 0");
		assertRejected((b) -> b.readTimeout(Duration.ZERO), "readTimeout must be > 0");
		assertRejected((b) -> b.attemptTimeout(Duration.ZERO), "attemptTimeout must be > 0");
		assertRejected((b) -> b.attemptTimeout(null), "attemptTimeout cannot be null");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("durationOptions")
	void durationsThatOverflowNanosecondsAreRejectedByName(String option,
			BiFunction<AlternatorConfig.Builder, Duration, AlternatorConfig.Builder> setter) {
		Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
		assertThatExceptionOfType(AlternatorConfigurationException.class)
			.isThrownBy(() -> setter.apply(valid(), huge).build())
			.withMessageContaining(option + " must be at most 36500 days")
			.satisfies((ex) -> assertThat(ex.option()).isEqualTo(option));
		assertThat(setter.apply(valid(), Duration.ofDays(36_500)).build()).isNotNull();
	}

	static Stream<Arguments> durationOptions() {
		return Stream.of(duration("activeRefreshInterval", AlternatorConfig.Builder::activeRefreshInterval),
				duration("idleRefreshInterval", AlternatorConfig.Builder::idleRefreshInterval),
				duration("discoveryTimeout", AlternatorConfig.Builder::discoveryTimeout),
				duration("connectTimeout", AlternatorConfig.Builder::connectTimeout),
				duration("readTimeout", AlternatorConfig.Builder::readTimeout),
				duration("attemptTimeout", AlternatorConfig.Builder::attemptTimeout),
				duration("connectionMaxIdleTime", AlternatorConfig.Builder::connectionMaxIdleTime),
				duration("connectionAcquisitionTimeout", AlternatorConfig.Builder::connectionAcquisitionTimeout),
				duration("quarantineInitialBackoff", (b, d) -> b.quarantineInitialBackoff(d).quarantineMaxBackoff(d)),
				duration("quarantineMaxBackoff", AlternatorConfig.Builder::quarantineMaxBackoff),
				duration("placementRefreshInterval", AlternatorConfig.Builder::placementRefreshInterval));
	}

	private static Arguments duration(String option,
			BiFunction<AlternatorConfig.Builder, Duration, AlternatorConfig.Builder> setter) {
		return Arguments.of(option, setter);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidOptions")
	void everyValidationFailureNamesItsOption(String option, UnaryOperator<AlternatorConfig.Builder> change) {
		assertThatExceptionOfType(AlternatorConfigurationException.class)
			.isThrownBy(() -> change.apply(valid()).build())
			.satisfies((ex) -> assertThat(ex.option()).isEqualTo(option));
	}

	static Stream<Arguments> invalidOptions() {
		return Stream.of(invalid("seedHosts", (b) -> b.seedHosts(List.of())),
				invalid("seedHosts", (b) -> b.seedHosts("http://node:8000")), invalid("port", (b) -> b.port(0)),
				invalid("scheme", (b) -> b.scheme("ftp")), invalid("datacenter", (b) -> b.rack("rack1")),
				invalid("datacenter", (b) -> b.datacenter(" ")), invalid("rack", (b) -> b.datacenter("dc1").rack(" ")),
				invalid("region", (b) -> b.region(" ")),
				invalid("minCompressionSizeBytes", (b) -> b.minCompressionSizeBytes(-1)),
				invalid("compressionLevel", (b) -> b.compressionLevel(10)),
				invalid("responseCompression", (b) -> b.responseCompression(List.of("br"))),
				invalid("headersWhitelist", (b) -> b.headersWhitelist(List.of(" "))),
				invalid("maxPoolConnectionsPerNode", (b) -> b.maxPoolConnectionsPerNode(0)),
				invalid("activeRefreshInterval", (b) -> b.activeRefreshInterval(Duration.ZERO)),
				invalid("idleRefreshInterval", (b) -> b.idleRefreshInterval(Duration.ZERO)),
				invalid("discoveryTimeout", (b) -> b.discoveryTimeout(Duration.ZERO)),
				invalid("connectTimeout", (b) -> b.connectTimeout(Duration.ZERO)),
				invalid("readTimeout", (b) -> b.readTimeout(Duration.ZERO)),
				invalid("attemptTimeout", (b) -> b.attemptTimeout(null)),
				invalid("maxAttempts", (b) -> b.maxAttempts(0)),
				invalid("connectionMaxIdleTime", (b) -> b.connectionMaxIdleTime(Duration.ZERO)),
				invalid("connectionAcquisitionTimeout", (b) -> b.connectionAcquisitionTimeout(Duration.ZERO)),
				invalid("failuresBeforeQuarantine", (b) -> b.failuresBeforeQuarantine(0)),
				invalid("quarantineInitialBackoff", (b) -> b.quarantineInitialBackoff(Duration.ZERO)),
				invalid("quarantineMaxBackoff", (b) -> b.quarantineMaxBackoff(Duration.ofMillis(1))),
				invalid("userAgent", (b) -> b.userAgent(" ")),
				invalid("placementRefreshInterval", (b) -> b.placementRefreshInterval(Duration.ZERO)),
				invalid("placementRefreshInterval", (b) -> b.placementRefreshInterval(null)),
				invalid("tls.caCertificates", (b) -> b.tls(TlsConfig.builder().useSystemCaCertificates(false).build())),
				invalid("tls.caCertificates",
						(b) -> b.tls(TlsConfig.builder().caCertificates(List.of(Path.of("/no/such.pem"))).build())),
				invalid("tls.clientKey", (b) -> b.tls(TlsConfig.builder().clientKey(Path.of("/no/such.key")).build())),
				invalid("tls.clientCertificate",
						(b) -> b.tls(TlsConfig.builder().clientCertificate(Path.of("/no/such.pem")).build())),
				invalid("tls.serverName", (b) -> b.tls(TlsConfig.builder().serverName(" ").build())),
				invalid("tls.serverName", (b) -> b.tls(TlsConfig.builder().serverName("10.0.0.1").build())),
				invalid("tls.serverName", (b) -> b.tls(TlsConfig.builder().serverName("bad name").build())),
				invalid("tls.sessionCacheSize", (b) -> b.tls(TlsConfig.builder().sessionCacheSize(0).build())),
				invalid("tls.sessionTimeout", (b) -> b.tls(TlsConfig.builder().sessionTimeout(Duration.ZERO).build())),
				invalid("credentials.accessKeyId", (b) -> b.credentials("key", null, null)),
				invalid("credentials.sessionToken", (b) -> b.credentials(null, null, "token")));
	}

	private static Arguments invalid(String option, UnaryOperator<AlternatorConfig.Builder> change) {
		return Arguments.of(option, change);
	}

	@Test
	void nonPositiveCountsAreRejectedByName() {
		assertRejected((b) -> b.maxAttempts(0), "maxAttempts must be > 0, got 0");
		assertRejected((b) -> b.maxPoolConnectionsPerNode(0), "maxPoolConnectionsPerNode must be > 0, got 0");
		assertRejected((b) -> b.failuresBeforeQuarantine(0), "failuresBeforeQuarantine must be > 0, got 0");
	}

	@Test
	void quarantineMaxBelowInitialIsRejected() {
		assertRejected(
				(b) -> b.quarantineInitialBackoff(Duration.ofSeconds(10)).quarantineMaxBackoff(Duration.ofSeconds(5)),
				"quarantineMaxBackoff (PT5S) must be >=");
	}

	@Test
	void compressionOptionsAreValidated() {
		assertRejected((b) -> b.minCompressionSizeBytes(-1),
				"minCompressionSizeBytes must be non-negative, but was: -1");
		assertRejected((b) -> b.compressionLevel(10), "compressionLevel must be 0-9, got 10");
		assertRejected((b) -> b.responseCompression(List.of("br")), "unsupported response compression encoding: br");
		assertThat(valid().responseCompression(List.of("GZIP", "deflate", "gzip")).build().responseCompression())
			.containsExactly("gzip", "deflate");
	}

	@Test
	void credentialsNeedKeyAndSecretTogether() {
		assertThatIllegalArgumentException().isThrownBy(() -> valid().credentials("key", null, null))
			.withMessage("Static auth requires both access key id and secret access key");
		assertThatIllegalArgumentException().isThrownBy(() -> valid().credentials(null, null, "token"))
			.withMessageContaining("session token requires");
		AlternatorConfig signed = valid().credentials("role", "hash").build();
		assertThat(signed.signsRequests()).isTrue();
		assertThat(signed.credentialsProvider().resolveCredentials().accessKeyId()).isEqualTo("role");
		assertThat(signed.toBuilder().authenticationEnabled(false).build().signsRequests()).isFalse();
	}

	@Test
	void blankPartitionKeyEntriesAreIgnored() {
		AlternatorConfig config = valid().partitionKeys(Map.of("users", "id", "orders", " ")).build();
		assertThat(config.partitionKeys()).containsExactly(Map.entry("users", "id"));
	}

	@Test
	void tlsOptionsAreValidated() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TlsConfig.builder().clientKey(Path.of("missing.key")).build())
			.withMessage("tls.clientKey requires tls.clientCertificate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TlsConfig.builder().useSystemCaCertificates(false).build())
			.withMessageContaining("no trust source");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TlsConfig.builder().caCertificates(List.of(Path.of("no/such/ca.pem"))).build())
			.withMessageContaining("tls.caCertificates: file not found or not readable");
		assertThat(TlsConfig.builder().trustAll(true).build().hostnameVerification()).isFalse();
	}

	@Test
	void replicaAwareRoutingIsOnByDefaultWithAThirtySecondRefresh() {
		AlternatorConfig config = valid().build();
		assertThat(config.replicaAwareRouting()).isTrue().isEqualTo(AlternatorConfig.DEFAULT_REPLICA_AWARE_ROUTING);
		assertThat(config.placementRefreshInterval()).isEqualTo(Duration.ofSeconds(30))
			.isEqualTo(AlternatorConfig.DEFAULT_PLACEMENT_REFRESH_INTERVAL);
		assertThat(config.toString()).contains("replicaAwareRouting=true", "placementRefreshInterval=PT30S");
	}

	@Test
	void replicaAwareRoutingCanBeTurnedOffAndItsRefreshChanged() {
		AlternatorConfig config = valid().replicaAwareRouting(false)
			.placementRefreshInterval(Duration.ofSeconds(5))
			.build();
		assertThat(config.replicaAwareRouting()).isFalse();
		assertThat(config.placementRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.toBuilder().build().replicaAwareRouting()).isFalse();
		assertRejected((b) -> b.placementRefreshInterval(Duration.ofMillis(-1)),
				"placementRefreshInterval must be > 0");
	}

	@Test
	void toBuilderRoundTripsEveryOption() {
		AlternatorConfig config = valid().port(8043)
			.scheme("https")
			.datacenter("dc1")
			.fallbackEnabled(false)
			.maxAttempts(5)
			.attemptTimeout(Duration.ofSeconds(2))
			.keyAffinityMode(KeyAffinityMode.RMW)
			.replicaAwareRouting(false)
			.placementRefreshInterval(Duration.ofSeconds(7))
			.build();
		AlternatorConfig copy = config.toBuilder().build();
		assertThat(copy).usingRecursiveComparison().isEqualTo(config);
	}

}
