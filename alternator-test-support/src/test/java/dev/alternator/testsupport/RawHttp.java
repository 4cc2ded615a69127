package dev.alternator.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Plain-socket HTTP/1.1 exchanges for tests that need full control of the bytes on the
 * wire (Host header, encodings, resets, timeouts). One fresh connection per exchange.
 */
final class RawHttp {

	static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

	private RawHttp() {
	}

	static Response get(LocalAlternatorNode node, String target) throws IOException {
		return exchange(node, "GET", target, List.of(), new byte[0]);
	}

	static Response post(LocalAlternatorNode node, String operation, String json, Header... headers)
			throws IOException {
		List<Header> all = new ArrayList<>(List.of(headers));
		all.add(new Header("X-Amz-Target", "DynamoDB_20120810." + operation));
		if (all.stream().noneMatch((header) -> header.is("Content-Type"))) {
			all.add(new Header("Content-Type", "application/x-amz-json-1.0"));
		}
		return exchange(node, "POST", "/", all, json.getBytes(StandardCharsets.UTF_8));
	}

	static Response exchange(LocalAlternatorNode node, String method, String target, List<Header> headers, byte[] body)
			throws IOException {
		try (Socket socket = send(node, method, target, headers, body, DEFAULT_TIMEOUT_MILLIS)) {
			return read(socket);
		}
	}

	/**
	 * Opens a connection and sends one request (with {@code Host} and
	 * {@code Content-Length} added unless given), leaving the socket open.
	 */
	static Socket send(LocalAlternatorNode node, String method, String target, List<Header> headers, byte[] body,
			int timeoutMillis) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setSoTimeout(timeoutMillis);
			socket.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
			write(socket, node.address() + ":" + node.port(), method, target, headers, body);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	static void write(Socket socket, String host, String method, String target, List<Header> headers, byte[] body)
			throws IOException {
		StringBuilder head = new StringBuilder();
		head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		if (headers.stream().noneMatch((header) -> header.is("Host"))) {
			head.append("Host: ").append(host).append("\r\n");
		}
		for (Header header : headers) {
			head.append(header.name()).append(": ").append(header.value()).append("\r\n");
		}
		boolean framed = headers.stream()
			.anyMatch((header) -> header.is("Content-Length") || header.is("Transfer-Encoding"));
		if (!framed && (body.length > 0 || method.equals("POST"))) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("\r\n");
		OutputStream out = socket.getOutputStream();
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
	}

	static Response read(Socket socket) throws IOException {
		return read(new HttpInput(socket.getInputStream()));
	}

	static Response read(HttpInput input) throws IOException {
		HttpInput.MessageHead head = input.readHead();
		if (head == null) {
			throw new IOException("connection closed without a response");
		}
		int status = Integer.parseInt(head.startLine().split(" ")[1]);
		byte[] body = input.readBody(head.headers(), 64 * 1024 * 1024);
		return new Response(status, head.headers(), body);
	}

	record Response(int status, List<Header> headers, byte[] body) {

		@Nullable String header(String name) {
			for (Header header : this.headers) {
				if (header.is(name)) {
					return header.value();
				}
			}
			return null;
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
