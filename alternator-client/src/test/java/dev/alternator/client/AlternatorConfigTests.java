package dev.alternator.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
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
	void toBuilderRoundTripsEveryOption() {
		AlternatorConfig config = valid().port(8043)
			.scheme("https")
			.datacenter("dc1")
			.fallbackEnabled(false)
			.maxAttempts(5)
			.attemptTimeout(Duration.ofSeconds(2))
			.keyAffinityMode(KeyAffinityMode.RMW)
			.build();
		AlternatorConfig copy = config.toBuilder().build();
		assertThat(copy).usingRecursiveComparison().isEqualTo(config);
	}

}
