package dev.alternator.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One dynalite server, a {@code node} child process listening on 127.0.0.1 at a free
 * port, with tables created, updated and deleted at once (as Alternator does). Its output
 * is drained and logged at debug level. Only the process started here is ever stopped,
 * through its {@link Process} handle; a preloaded watch script also ends it when its
 * standard input closes, so it does not outlive a JVM that was killed. Thread-safe.
 */
final class DynaliteProcess implements Closeable {

	static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Logger logger = Logs.logger("dynalite");

	private static final int START_ATTEMPTS = 3;

	private static @Nullable Path parentWatch;

	private final Process process;

	private final int port;

	private DynaliteProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts dynalite and waits until it answers HTTP requests.
	 * @param cli dynalite's {@code cli.js}
	 */
	static DynaliteProcess start(Path cli) throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		Path parentWatch = parentWatchScript();
		for (int attempt = 1;; attempt++) {
			int port;
			try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
				port = probe.getLocalPort();
			}
			// Alternator creates, updates and deletes tables synchronously: no CREATING
			// state.
			List<String> command = List.of("node", "--require", parentWatch.toString(), cli.toString(), "--port",
					String.valueOf(port), "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0",
					"--updateTableMs", "0");
			Process process;
			try {
				process = new ProcessBuilder(command).redirectErrorStream(true).start();
			}
			catch (IOException ex) {
				throw new IOException("Cannot start dynalite with 'node': the local Alternator cluster needs Node.js"
						+ " on the PATH. Cause: " + ex.getMessage(), ex);
			}
			// stdin stays open: the parent watch ends dynalite when it closes (JVM gone)
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
					if (listening.await(50, TimeUnit.MILLISECONDS) && dynalite.answers(loopback)) {
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
					+ (exited ? "exited" : "did not answer within " + START_TIMEOUT) + "; output: " + tail);
		}
	}

	/**
	 * Whether dynalite answers a health request ({@code GET /}) with {@code 200}.
	 */
	private boolean answers(InetAddress loopback) {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(2_000);
			socket.connect(new InetSocketAddress(loopback, this.port), 1_000);
			socket.getOutputStream()
				.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			HttpInput.MessageHead head = new HttpInput(socket.getInputStream()).readHead();
			return head != null && head.startLine().startsWith("HTTP/1.1 200");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A script preloaded into dynalite's Node.js process that ends it when its standard
	 * input closes, i.e. when the JVM that started it is gone, even if the JVM was killed
	 * without running its shutdown hooks. Written once per JVM to a temporary file.
	 */
	private static synchronized Path parentWatchScript() throws IOException {
		if (parentWatch == null || !Files.isRegularFile(parentWatch)) {
			Path script = Files.createTempFile("alternator-dynalite-parent-watch-", ".js");
			script.toFile().deleteOnExit();
			Files.writeString(script, String.join("\n",
					"// Ends this process when the JVM that started it goes away (stdin reaches its end).",
					"process.stdin.on('end', function () { process.exit(0) })",
					"process.stdin.on('error', function () { process.exit(0) })", "process.stdin.resume()", ""));
			parentWatch = script;
		}
		return parentWatch;
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
		if (this.process.isAlive()) {
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
		closeStandardInput();
	}

	/**
	 * Closes the child's standard input, which is what the child sees when the JVM dies.
	 */
	void closeStandardInput() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
