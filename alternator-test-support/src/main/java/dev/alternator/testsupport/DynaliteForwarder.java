package dev.alternator.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 client for the one dynalite server, with a pool of keep-alive
 * connections. Thread-safe: any number of node connection threads forward at once, each
 * on its own pooled connection.
 * <p>
 * Node.js closes idle keep-alive connections after 5 s, so pooled connections idle for
 * more than 2 s are dropped; a request that fails on a reused connection before any
 * response byte arrived is sent once more on a fresh connection.
 */
final class DynaliteForwarder implements ApiBackend {

	private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final int MAX_IDLE_CONNECTIONS = 64;

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private static final int READ_TIMEOUT_MILLIS = 120_000;

	private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

	private final InetSocketAddress address;

	private final String hostHeader;

	private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	DynaliteForwarder(InetSocketAddress address) {
		this.address = address;
		this.hostHeader = address.getHostString() + ":" + address.getPort();
	}

	/**
	 * Sends one {@code POST /} to dynalite and reads its answer.
	 * @param headers the header fields to send (without {@code Host} and
	 * {@code Content-Length}, which are added)
	 * @param body the body to send
	 */
	@Override
	public Reply post(List<Header> headers, byte[] body) throws IOException {
		byte[] request = encode(headers, body);
		for (int attempt = 1;; attempt++) {
			Connection connection = borrow();
			long before = connection.input.bytesRead();
			try {
				connection.out.write(request);
				connection.out.flush();
				Reply reply = readReply(connection);
				if (reply.keepAlive()) {
					release(connection);
				}
				else {
					discard(connection);
				}
				return reply;
			}
			catch (IOException ex) {
				discard(connection);
				boolean nothingReceived = connection.input.bytesRead() == before;
				if (attempt == 1 && connection.reused && nothingReceived && !this.closed) {
					continue;
				}
				throw ex;
			}
		}
	}

	private byte[] encode(List<Header> headers, byte[] body) {
		StringBuilder head = new StringBuilder(512);
		head.append("POST / HTTP/1.1\r\nHost: ").append(this.hostHeader).append("\r\n");
		for (Header header : headers) {
			head.append(header.name()).append(": ").append(header.value()).append("\r\n");
		}
		head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] result = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, result, 0, headBytes.length);
		System.arraycopy(body, 0, result, headBytes.length, body.length);
		return result;
	}

	private Reply readReply(Connection connection) throws IOException {
		HttpInput.MessageHead head = connection.input.readHead();
		if (head == null) {
			throw new IOException("dynalite closed the connection without answering");
		}
		String[] statusLine = head.startLine().split(" ", 3);
		if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
			throw new HttpProtocolException("invalid status line from dynalite: " + head.startLine());
		}
		int status;
		try {
			status = Integer.parseInt(statusLine[1]);
		}
		catch (NumberFormatException ex) {
			throw new HttpProtocolException("invalid status line from dynalite: " + head.startLine());
		}
		boolean keepAlive = true;
		String contentType = HttpResponse.AMZ_JSON;
		for (Header header : head.headers()) {
			if (header.is("Connection") && header.value().equalsIgnoreCase("close")) {
				keepAlive = false;
			}
			else if (header.is("Content-Type")) {
				contentType = header.value();
			}
		}
		byte[] body;
		if (HttpInput.isChunked(head.headers()) || HttpInput.contentLength(head.headers()) >= 0) {
			body = connection.input.readBody(head.headers(), MAX_RESPONSE_BYTES);
		}
		else {
			body = connection.input.readToEnd(MAX_RESPONSE_BYTES);
			keepAlive = false;
		}
		return new Reply(status, contentType, body, keepAlive);
	}

	private Connection borrow() throws IOException {
		if (this.closed) {
			throw new IOException("the cluster is closed");
		}
		long now = System.nanoTime();
		Connection connection;
		while ((connection = this.idle.pollFirst()) != null) {
			if (now - connection.idleSince <= MAX_IDLE_NANOS) {
				connection.reused = true;
				return connection;
			}
			discard(connection);
		}
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.connect(this.address, CONNECT_TIMEOUT_MILLIS);
			Connection created = new Connection(socket);
			this.open.add(created);
			if (this.closed) {
				discard(created);
				throw new IOException("the cluster is closed");
			}
			return created;
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw ex;
		}
	}

	private void release(Connection connection) {
		connection.idleSince = System.nanoTime();
		if (this.closed || this.idle.size() >= MAX_IDLE_CONNECTIONS) {
			discard(connection);
			return;
		}
		this.idle.addFirst(connection);
		if (this.closed) {
			discard(connection);
		}
	}

	private void discard(Connection connection) {
		this.open.remove(connection);
		this.idle.remove(connection);
		closeQuietly(connection.socket);
	}

	@Override
	public void close() {
		this.closed = true;
		for (Connection connection : this.open) {
			discard(connection);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * Dynalite's answer.
	 *
	 * @param status the status code
	 * @param contentType the {@code Content-Type}
	 * @param body the body
	 * @param keepAlive whether the connection can be reused
	 */
	record Reply(int status, String contentType, byte[] body, boolean keepAlive) {

	}

	private static final class Connection {

		final Socket socket;

		final HttpInput input;

		final OutputStream out;

		volatile long idleSince;

		volatile boolean reused;

		Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.input = new HttpInput(socket.getInputStream());
			this.out = socket.getOutputStream();
		}

	}

	@Override
	public String toString() {
		return "DynaliteForwarder{" + this.hostHeader + "}";
	}

}
