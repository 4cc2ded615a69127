package dev.alternator.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * One dynalite server, a {@code node} child process listening on 127.0.0.1 at a free
 * port, with tables created, updated and deleted at once (as Alternator does). Its output
 * is drained and logged at debug level. Only the process started here is ever stopped,
 * through its {@link Process} handle. Thread-safe.
 */
final class DynaliteProcess implements Closeable {

	static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Logger logger = Logs.logger("dynalite");

	private static final int START_ATTEMPTS = 3;

	private final Process process;

	private final int port;

	private DynaliteProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts dynalite and waits until it accepts connections.
	 * @param cli dynalite's {@code cli.js}
	 */
	static DynaliteProcess start(Path cli) throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		for (int attempt = 1;; attempt++) {
			int port;
			try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
				port = probe.getLocalPort();
			}
			// Alternator creates, updates and deletes tables synchronously: no CREATING
			// state.
			List<String> command = List.of("node", cli.toString(), "--port", String.valueOf(port), "--host",
					"127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0");
			Process process;
			try {
				process = new ProcessBuilder(command).redirectErrorStream(true).start();
			}
			catch (IOException ex) {
				throw new IOException("Cannot start dynalite with 'node': the local Alternator cluster needs Node.js"
						+ " on the PATH. Cause: " + ex.getMessage(), ex);
			}
			process.getOutputStream().close();
			CountDownLatch listening = new CountDownLatch(1);
			ProcessOutput output = ProcessOutput.drain(process.getInputStream(),
					"alternator-local-cluster-dynalite-" + port + "-output", (line) -> {
						logger.debug("dynalite: {}", line);
						if (line.contains("listening at")) {
							listening.countDown();
						}
					});
			DynaliteProcess dynalite = new DynaliteProcess(process, port);
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			try {
				while (System.nanoTime() < deadline) {
					if (listening.await(50, TimeUnit.MILLISECONDS) && dynalite.accepts(loopback)) {
						logger.debug("dynalite (pid {}) listening on 127.0.0.1:{}", process.pid(), port);
						return dynalite;
					}
					if (!process.isAlive()) {
						break;
					}
				}
			}
			catch (InterruptedException ex) {
				dynalite.close();
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while starting dynalite", ex);
			}
			boolean exited = !process.isAlive();
			dynalite.close();
			output.awaitEnd(1_000);
			String tail = output.tail();
			if (exited && tail.contains("EADDRINUSE") && attempt < START_ATTEMPTS) {
				continue;
			}
			throw new IOException("dynalite (" + String.join(" ", command) + ") "
					+ (exited ? "exited" : "did not listen within " + START_TIMEOUT) + "; output: " + tail);
		}
	}

	private boolean accepts(InetAddress loopback) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(loopback, this.port), 1_000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	int port() {
		return this.port;
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	InetSocketAddress socketAddress() {
		return new InetSocketAddress("127.0.0.1", this.port);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Stops the process: a polite termination first, forcibly after 5 s.
	 */
	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
