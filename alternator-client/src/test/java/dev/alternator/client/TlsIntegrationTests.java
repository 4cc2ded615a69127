package dev.alternator.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alternator.testsupport.LocalAlternatorNode;
import dev.alternator.testsupport.TestCertificates;
import dev.alternator.testsupport.TestCertificates.Kind;
import dev.alternator.testsupport.TlsHandshake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.utils.AttributeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTPS against local nodes serving certificates generated at runtime: nodes 1 and 2 have
 * valid certificates with IP SANs, node 3 a certificate for another host, node 4 an
 * expired one, node 5 one naming only a shared DNS name. A second cluster requires client
 * certificates.
 */
@Timeout(180)
class TlsIntegrationTests {

	@TempDir
	static Path directory;

	private static TestCertificates certificates;

	private static ClusterFixture cluster;

	private static ClusterFixture mutual;

	@BeforeAll
	static void startClusters() {
		certificates = TestCertificates.generate(directory);
		cluster = ClusterFixture.start(
				(builder) -> builder.verifySignatures(Map.of(ClusterFixture.ACCESS_KEY, ClusterFixture.SECRET_KEY))
					.tls(certificates.serverContext(Kind.NODE))
					.tls("127.0.0.3", certificates.serverContext(Kind.WRONG_HOST))
					.tls("127.0.0.4", certificates.serverContext(Kind.EXPIRED))
					.tls("127.0.0.5", certificates.serverContext(Kind.SERVER_NAME)),
				"dc1/r1", "dc1/r1", "dc1/r1", "dc1/r1", "dc1/r1");
		mutual = ClusterFixture.start(
				(builder) -> builder.tls(certificates.serverContext(Kind.NODE)).clientAuth(true).firstAddress(8),
				"dc1/r1", "dc1/r1");
	}

	@AfterAll
	static void stopClusters() {
		cluster.close();
		mutual.close();
	}

	@AfterEach
	void reset() {
		cluster.resetAll();
	}

	private static AlternatorConfig.Builder https(ClusterFixture fixture, TlsConfig tls, int... seeds) {
		// three of five nodes have bad certificates: five attempts reach every node once;
		// replica-aware routing off: the tests count every request the nodes receive, and
		// its background reads of system tables would add to them
		return fixture.config(seeds)
			.scheme("https")
			.tls(tls)
			.failuresBeforeQuarantine(1)
			.maxAttempts(5)
			.replicaAwareRouting(false);
	}

	private static TlsConfig trustingCa() {
		return TlsConfig.builder().caCertificates(List.of(certificates.caCertificate())).build();
	}

	@Test
	void badCertificateNodesAreQuarantinedWhileTheOthersServe() {
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(https(cluster, trustingCa(), 0).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			Await.until(Duration.ofSeconds(10), () -> directory.nodes().size() == 5, () -> "5 nodes discovered");
			IntStream.range(0, 40).forEach((i) -> ClusterFixture.put(client, "tls-" + i, "v"));
			for (String bad : List.of("127.0.0.3", "127.0.0.4", "127.0.0.5")) {
				NodeStatus status = directory.nodes()
					.stream()
					.filter((node) -> node.address().equals(bad))
					.findFirst()
					.orElseThrow();
				assertThat(status.state()).as(bad).isEqualTo(NodeState.QUARANTINED);
				assertThat(cluster.cluster.node(bad).stats().apiRequests()).as(bad).isZero();
			}
			assertThat(cluster.node(0).stats().apiRequests() + cluster.node(1).stats().apiRequests()).isEqualTo(40);
			assertThat(cluster.node(0).requests())
				.allSatisfy((r) -> assertThat(r.signatureValid()).isNotEqualTo(false));
		}
	}

	@Test
	void verificationFailuresAreClearErrorsNamingTheNode() {
		for (int index : new int[] { 2, 3 }) {
			LocalAlternatorNode node = cluster.node(index);
			try (DynamoDbClient client = AlternatorDynamoDbClient
				.create(https(cluster, trustingCa(), index).discoveryTimeout(Duration.ofSeconds(2)).build())) {
				assertThatExceptionOfType(SdkClientException.class).isThrownBy(() -> ClusterFixture.get(client, "k"))
					.withMessageContaining("TLS certificate of node " + node.address() + ":" + node.port())
					.withMessageContaining((index == 2) ? "does not match '" + node.address() + "'" : "not trusted");
			}
		}
	}

	@Test
	void hostnameVerificationCanBeTurnedOffSeparately() {
		TlsConfig tls = trustingCa().toBuilder().hostnameVerification(false).build();
		try (DynamoDbClient client = AlternatorDynamoDbClient
			.create(https(cluster, tls, 2).activeRefreshInterval(Duration.ofMinutes(1)).build())) {
			ClusterFixture.get(client, "k");
		}
		assertThat(cluster.nodes().stream().mapToLong((node) -> node.stats().apiRequests()).sum()).isEqualTo(1);
		assertThat(cluster.node(3).stats().apiRequests()).as("expired certificate").isZero();
	}

	@Test
	void aConfiguredServerNameIsVerifiedInsteadOfTheAddress() {
		TlsConfig tls = trustingCa().toBuilder().serverName(TestCertificates.SERVER_NAME).build();
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(https(cluster, tls, 4).build())) {
			IntStream.range(0, 5).forEach((i) -> ClusterFixture.get(client, "k"));
		}
		assertThat(cluster.node(4).stats().apiRequests()).isEqualTo(5);
	}

	@Test
	void aSeedConfiguredByHostNameIsVerifiedAgainstThatName() {
		try (ClusterFixture named = ClusterFixture.start((builder) -> builder.tls(certificates.serverContext(Kind.NODE))
			.tls("127.0.0.1", certificates.serverContext(Kind.LOCALHOST)), "dc1/r1", "dc1/r1");
				AlternatorNodeDirectory directory = AlternatorNodeDirectory
					.create(https(named, trustingCa()).seedHosts("localhost")
						.discoveryTimeout(Duration.ofSeconds(3))
						.build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			assertThat(directory.lastDiscovery()).isNotNull()
				.satisfies((result) -> assertThat(result.outcome()).isEqualTo(DiscoveryResult.Outcome.SUCCESS));
			assertThat(directory.nodes()).extracting(NodeStatus::address)
				.containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
			// nodes listed by /localnodes are reached by IP address: a certificate naming
			// only localhost does not match 127.0.0.1
			IntStream.range(0, 10).forEach((i) -> ClusterFixture.put(client, "named-" + i, "v"));
			assertThat(named.node(0).stats().apiRequests()).isZero();
			assertThat(named.node(1).stats().apiRequests()).isEqualTo(10);
		}
	}

	@Test
	void trustAllWorksAndWarnsAtEveryClientBuild() {
		Logger logger = (Logger) LoggerFactory.getLogger("alternator");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try (DynamoDbClient client = AlternatorDynamoDbClient
			.create(https(cluster, TlsConfig.builder().trustAll(true).build(), 2).build())) {
			ClusterFixture.get(client, "k");
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.extracting(ILoggingEvent::getFormattedMessage)
			.anySatisfy((message) -> assertThat(message).contains("tls.trustAll").contains("man-in-the-middle"));
	}

	@Test
	void mutualTlsWorksWithAClientCertificateAndFailsWithout() {
		TlsConfig withCertificate = trustingCa().toBuilder()
			.clientCertificate(certificates.clientCertificate())
			.clientKey(certificates.clientKey())
			.build();
		try (DynamoDbClient client = AlternatorDynamoDbClient
			.create(https(mutual, withCertificate, 0).credentials(null, null, null).build())) {
			ClusterFixture.put(client, "mtls", "v");
			ClusterFixture.get(client, "mtls");
		}
		assertThat(mutual.node(0).tlsHandshakes()).filteredOn(TlsHandshake::succeeded)
			.isNotEmpty()
			.allSatisfy((handshake) -> assertThat(handshake.clientPrincipal()).contains("CN=alternator-test"));
		try (DynamoDbClient client = AlternatorDynamoDbClient
			.create(https(mutual, trustingCa(), 0).credentials(null, null, null)
				.discoveryTimeout(Duration.ofSeconds(2))
				.build())) {
			assertThatExceptionOfType(SdkClientException.class).isThrownBy(() -> ClusterFixture.get(client, "mtls"));
		}
	}

	@Test
	void keyStoresReplacePemFilesForTrustAndMutualTls() throws Exception {
		java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
		java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		try (java.io.InputStream in = java.nio.file.Files.newInputStream(certificates.caCertificate())) {
			trust.setCertificateEntry("ca", factory.generateCertificate(in));
		}
		java.security.cert.Certificate[] chain;
		try (java.io.InputStream in = java.nio.file.Files.newInputStream(certificates.clientCertificate())) {
			chain = factory.generateCertificates(in).toArray(new java.security.cert.Certificate[0]);
		}
		String pem = java.nio.file.Files.readString(certificates.clientKey())
			.replaceAll("-----[A-Z ]+-----", "")
			.replaceAll("\\s", "");
		java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
			.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
		java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("client", key, "pw".toCharArray(), chain);
		TlsConfig tls = TlsConfig.builder()
			.useSystemCaCertificates(false)
			.trustStore(trust)
			.keyStore(keys, "pw".toCharArray())
			.build();
		try (DynamoDbClient client = AlternatorDynamoDbClient
			.create(https(mutual, tls, 0).credentials(null, null, null).build())) {
			ClusterFixture.put(client, "keystore", "v");
			ClusterFixture.get(client, "keystore");
		}
	}

	@Test
	void sessionsAreResumedOnReconnect() {
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(https(cluster, trustingCa(), 0).activeRefreshInterval(Duration.ofMinutes(1)).build())) {
			for (int round = 0; round < 2; round++) {
				// a new client opens new connections; the directory's TLS session cache
				// is
				// shared
				try (DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
					IntStream.range(0, 10).forEach((i) -> ClusterFixture.get(client, "k"));
				}
			}
		}
		List<TlsHandshake> handshakes = cluster.node(0).tlsHandshakes();
		assertThat(handshakes).filteredOn(TlsHandshake::succeeded).hasSizeGreaterThanOrEqualTo(2);
		assertThat(handshakes).filteredOn(TlsHandshake::resumed).isNotEmpty();
		System.out.println("TLS handshakes at " + cluster.node(0).address() + ": " + handshakes.size() + ", resumed: "
				+ handshakes.stream().filter(TlsHandshake::resumed).count());
	}

	@Test
	void urlConnectionAndNettyClientsApplyTheSameSettings() {
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(https(cluster, trustingCa(), 0).build())
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.build();
				DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient
					.create(https(cluster, trustingCa(), 0).build())) {
			IntStream.range(0, 10).forEach((i) -> ClusterFixture.get(client, "k"));
			// the SDK does not retry a TLS failure that Netty reports (attempt count 1):
			// each
			// bad node fails one call, then it is quarantined
			int failures = 0;
			for (int i = 0; i < 10; i++) {
				try {
					async.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("k"))).join();
				}
				catch (CompletionException ex) {
					assertThat(ex).hasMessageContaining("TLS certificate of node 127.0.0.");
					failures++;
				}
			}
			assertThat(failures).isLessThanOrEqualTo(3);
		}
		assertThat(cluster.node(2).stats().apiRequests() + cluster.node(3).stats().apiRequests()
				+ cluster.node(4).stats().apiRequests())
			.isZero();
	}

	@Test
	void unsupportedCombinationsAreRejectedAtBuildNamingClientAndOption() {
		TlsConfig cache = trustingCa().toBuilder().sessionCacheSize(10).build();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> AlternatorDynamoDbClient.builder()
				.config(https(cluster, cache, 0).build())
				.httpClientBuilder(UrlConnectionHttpClient.builder())
				.build())
			.withMessageContaining("tls.sessionCacheSize")
			.withMessageContaining("UrlConnectionHttpClient");
		OtherClientBuilder other = new OtherClientBuilder();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> AlternatorDynamoDbClient.builder()
				.config(https(cluster, trustingCa(), 0).build())
				.httpClientBuilder(other)
				.build())
			.withMessageContaining("tls.caCertificates")
			.withMessageContaining(other.getClass().getName());
	}

	/**
	 * An HTTP client the library has no TLS support for.
	 */
	static final class OtherClientBuilder implements SdkHttpClient.Builder<OtherClientBuilder> {

		@Override
		public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
			return UrlConnectionHttpClient.builder().buildWithDefaults(serviceDefaults);
		}

	}

}
