package dev.alternator.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorListener;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.internal.common.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery against a node that trickles its answer (one byte every 0.5 s, the headers
 * promise more): every request ends at the discovery timeout, however many refreshes are
 * asked for meanwhile. Real sockets and threads; bounded by the server's own lifetime.
 */
class DiscoveryDeadlineTests {

	private static final Duration DEADLINE = Duration.ofSeconds(1);

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private ServerSocket server;

	private Thread acceptor;

	@AfterEach
	void stopServer() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
		for (Socket socket : this.sockets) {
			socket.close();
		}
		if (this.acceptor != null) {
			this.acceptor.join(5000);
		}
	}

	private int startTricklingServer() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		this.acceptor = new Thread(() -> {
			while (!this.server.isClosed() && System.nanoTime() < stopAt) {
				try {
					Socket socket = this.server.accept();
					this.sockets.add(socket);
					Thread trickle = new Thread(() -> trickle(socket, stopAt), "trickle");
					trickle.setDaemon(true);
					trickle.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "trickling-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
		return this.server.getLocalPort();
	}

	private static void trickle(Socket socket, long stopAt) {
		try (socket) {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			int read = in.read(buffer);
			if (read <= 0) {
				return;
			}
			OutputStream out = socket.getOutputStream();
			out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			while (System.nanoTime() < stopAt) {
				out.write(' ');
				out.flush();
				Thread.sleep(500);
			}
		}
		catch (IOException ex) {
			// the client gave up: expected
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void everyDiscoveryRequestEndsAtItsDeadlineWhileRefreshesAreAskedFor() throws Exception {
		int port = startTricklingServer();
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts(List.of("127.0.0.1"))
			.port(port)
			.discoveryTimeout(DEADLINE)
			.build();
		List<DiscoveryResult> results = new CopyOnWriteArrayList<>();
		try (Directory directory = Directory.create(config, Ticker.system(), new SplittableRandom(1), null)) {
			directory.addListener(new AlternatorListener() {
				@Override
				public void discoveryCompleted(DiscoveryResult result) {
					results.add(result);
				}
			});
			long started = System.nanoTime();
			directory.start();
			for (int i = 0; i < 3; i++) {
				directory.requestCycle("test trigger " + i);
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (results.size() < 3 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			assertThat(results).hasSizeGreaterThanOrEqualTo(3);
			for (DiscoveryResult result : results) {
				assertThat(result.outcome()).isEqualTo(DiscoveryResult.Outcome.FAILED);
				assertThat(result.message()).contains("no answer within 1000 ms");
				// one host asked per cycle: the cycle ends with its only request
				assertThat(result.duration()).isLessThan(DEADLINE.plusMillis(500));
			}
			// the three triggers coalesced: cycles ran back to back, not stacked
			assertThat(elapsedMillis).isLessThan(3 * DEADLINE.toMillis() + 3000);
			assertThat(directory.clusterReached()).isFalse();
		}
	}

}
