package dev.alternator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LocalAlternatorClusterLifecycleTests {

	@Test
	void maxLifetimeStopsTheClusterEvenIfNobodyClosesIt() throws Exception {
		LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "rack1")
			.maxLifetime(Duration.ofSeconds(1))
			.start();
		try {
			LocalAlternatorNode node = cluster.node(0);
			assertThat(RawHttp.get(node, "/").status()).isEqualTo(200);
			long pid = cluster.dynalitePid();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!cluster.isClosed() && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(cluster.isClosed()).isTrue();
			assertThat(node.isUp()).isFalse();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(node.address(), node.port()));
			assertThat(cluster.isDynaliteAlive()).isFalse();
			Optional<ProcessHandle> dynalite = ProcessHandle.of(pid);
			assertThat(dynalite.map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
		}
		finally {
			cluster.close();
		}
	}

	@Test
	void closeStopsNodesAndDynaliteAndIsIdempotent() throws IOException {
		LocalAlternatorCluster cluster = LocalAlternatorCluster.builder().node("dc1", "rack1").start();
		LocalAlternatorNode node = cluster.node(0);
		int dynalitePort = cluster.dynamoDbEndpoint().getPort();
		connect("127.0.0.1", dynalitePort);
		cluster.close();
		cluster.close();
		assertThat(cluster.isClosed()).isTrue();
		assertThat(cluster.isDynaliteAlive()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(node.address(), node.port()));
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect("127.0.0.1", dynalitePort));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> cluster.addNode("dc1", "rack1"));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(node::down);
	}

	@Test
	void fixedPortAndFirstAddressAreUsedAndTheRequestLogIsBounded() throws IOException {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, LocalAlternatorCluster.loopback(20))) {
			port = probe.getLocalPort();
		}
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "rack1")
			.node("dc1", "rack2")
			.port(port)
			.firstAddress(20)
			.requestLogLimit(2)
			.start()) {
			assertThat(cluster.port()).isEqualTo(port);
			assertThat(cluster.seedHosts()).containsExactly("127.0.0.20", "127.0.0.21");
			LocalAlternatorNode node = cluster.node(0);
			RawHttp.get(node, "/");
			RawHttp.get(node, "/localnodes");
			RawHttp.get(node, "/missing");
			assertThat(node.requests()).extracting(RecordedRequest::path).containsExactly("/localnodes", "/missing");
			assertThat(node.stats().healthRequests()).isEqualTo(1);
		}
	}

	@Test
	void portTakenOnOneAddressFailsStartWithAClearMessage() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, LocalAlternatorCluster.loopback(31))) {
			LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder()
				.node("dc1", "rack1")
				.node("dc1", "rack2")
				.firstAddress(30)
				.port(taken.getLocalPort());
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(builder::start)
				.withMessageContaining("Cannot bind port " + taken.getLocalPort());
		}
	}

	@Test
	void builderRejectsInvalidSettings() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> LocalAlternatorCluster.builder().start());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorCluster.builder().port(-1));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorCluster.builder().firstAddress(255));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorCluster.builder().maxLifetime(Duration.ZERO));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalAlternatorCluster.builder().requestLogLimit(-1));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> LocalAlternatorCluster.builder().firstAddress(254).node("a", "b").node("a", "c").start());
	}

	private static void connect(String address, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 2_000);
		}
	}

}
