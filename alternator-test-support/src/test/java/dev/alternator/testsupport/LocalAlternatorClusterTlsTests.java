package dev.alternator.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalAlternatorClusterTlsTests {

	@TempDir
	static Path directory;

	private static TestCertificates certificates;

	private static LocalAlternatorCluster cluster;

	@BeforeAll
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	static void startCluster() {
		certificates = TestCertificates.generate(directory);
		cluster = LocalAlternatorCluster.builder()
			.node("dc1", "rack1")
			.node("dc1", "rack1")
			.tls(certificates.serverContext(TestCertificates.Kind.NODE))
			.tls("127.0.0.2", certificates.serverContext(TestCertificates.Kind.EXPIRED))
			.start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Test
	void nodesServeHttpsWithTheirOwnCertificatesAndRecordHandshakes() throws Exception {
		LocalAlternatorNode good = cluster.node(0);
		assertThat(good.isTls()).isTrue();
		assertThat(good.endpoint().getScheme()).isEqualTo("https");
		SSLContext client = certificates.clientContext(false);
		assertThat(get(good, client)).startsWith("healthy: ");
		assertThat(get(good, client)).startsWith("healthy: ");
		assertThat(good.tlsHandshakes()).hasSize(2)
			.allSatisfy((handshake) -> assertThat(handshake.succeeded()).isTrue());
		assertThat(good.tlsHandshakes().get(1).resumed()).isTrue();
		assertThat(good.tlsHandshakes().get(0).resumed()).isFalse();
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> get(cluster.node(1), client))
			.withMessageContaining("validity");
	}

	private static String get(LocalAlternatorNode node, SSLContext context) throws IOException {
		HttpsURLConnection connection = (HttpsURLConnection) node.endpoint().toURL().openConnection();
		connection.setSSLSocketFactory(context.getSocketFactory());
		connection.setConnectTimeout(5000);
		connection.setReadTimeout(5000);
		// a fresh connection each time: a resumed session, not a kept-alive connection
		connection.setRequestProperty("Connection", "close");
		try (InputStream in = connection.getInputStream()) {
			assertThat(connection.getResponseCode()).isEqualTo(HttpURLConnection.HTTP_OK);
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		finally {
			connection.disconnect();
		}
	}

}
