package dev.alternator.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One fake Alternator node on 127.0.0.1 and an ephemeral port, for fast
 * auto-configuration tests: {@code GET /localnodes} lists itself, {@code GET /} answers
 * 200, and {@code POST /} answers every DynamoDB call with an empty result
 * ({@code ListTables}: no tables) and counts it.
 */
public final class FakeAlternatorNode implements AutoCloseable {

	public static final String ADDRESS = "127.0.0.1";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fake-alternator-node");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger apiRequests = new AtomicInteger();

	private FakeAlternatorNode() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0), 50);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public static FakeAlternatorNode start() {
		try {
			return new FakeAlternatorNode();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the fake Alternator node", ex);
		}
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public int apiRequests() {
		return this.apiRequests.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
			String path = exchange.getRequestURI().getPath();
			if ("GET".equals(exchange.getRequestMethod()) && "/localnodes".equals(path)) {
				respond(exchange, 200, "application/json", "[\"" + ADDRESS + "\"]");
			}
			else if ("GET".equals(exchange.getRequestMethod())) {
				respond(exchange, 200, "text/plain", "healthy: " + ADDRESS + ":" + port());
			}
			else {
				this.apiRequests.incrementAndGet();
				String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
				String answer = (target != null && target.endsWith(".ListTables")) ? "{\"TableNames\":[]}" : "{}";
				respond(exchange, 200, "application/x-amz-json-1.0", answer);
			}
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
