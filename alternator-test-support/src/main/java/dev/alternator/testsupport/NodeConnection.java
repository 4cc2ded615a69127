package dev.alternator.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Serves one client connection of a {@link LocalAlternatorNode}: reads HTTP/1.1 requests
 * (keep-alive, {@code Content-Length} or chunked bodies, {@code Expect: 100-continue})
 * and answers them in order, honouring the node's fault switches. Runs on one connection
 * thread; {@link #reset()} and {@link #close()} may be called from any thread.
 */
final class NodeConnection implements Runnable {

	private static final Logger logger = Logs.logger("node");

	private static final String PLACEHOLDER_AUTHORIZATION = "AWS4-HMAC-SHA256 "
			+ "Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0";

	private static final String PLACEHOLDER_DATE = "20200101T000000Z";

	private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

	private static final String JSON = "application/json";

	private static final JsonNodeParser JSON_PARSER = JsonNodeParser.create();

	private final LocalAlternatorNode node;

	/**
	 * Longest TLS handshake before the connection is dropped.
	 */
	private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final long acceptedAtMillis = System.currentTimeMillis();

	/** Set by {@link #api} when the request was applied and must then go unanswered. */
	private boolean hangAfterApplying;

	NodeConnection(LocalAlternatorNode node, Socket socket) {
		this.node = node;
		this.socket = socket;
	}

	@Override
	public void run() {
		try {
			this.socket.setTcpNoDelay(true);
			Socket io = secure();
			if (io == null) {
				return;
			}
			HttpInput input = new HttpInput(io.getInputStream());
			OutputStream output = io.getOutputStream();
			while (!this.node.isClosed()) {
				long before = input.bytesRead();
				try {
					HttpInput.MessageHead head = input.readHead();
					if (head == null || !handle(head, input, output, before)) {
						break;
					}
				}
				catch (HttpProtocolException ex) {
					byte[] answer = new HttpResponse(400, TEXT_PLAIN, "Bad Request".getBytes(StandardCharsets.UTF_8))
						.encode(true);
					this.node.addBytes(input.bytesRead() - before, answer.length);
					output.write(answer);
					output.flush();
					break;
				}
			}
		}
		catch (IOException ex) {
			logger.trace("{} connection ended: {}", this.node.hostHeader(), ex.toString());
		}
		finally {
			this.node.unregister(this);
			close();
		}
	}

	/**
	 * Runs the server side of the TLS handshake when the node serves {@code https}.
	 * @return the socket to talk HTTP over, or {@code null} when the handshake failed
	 */
	private @Nullable Socket secure() throws IOException {
		ServerTls tls = this.node.tls();
		if (tls == null) {
			return this.socket;
		}
		SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory().createSocket(this.socket, null, true);
		ssl.setUseClientMode(false);
		ssl.setNeedClientAuth(tls.clientAuth());
		this.socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
		try {
			ssl.startHandshake();
		}
		catch (IOException ex) {
			this.node.recordHandshake(new TlsHandshake(null, false, null, ex.toString()));
			logger.debug("{} TLS handshake failed: {}", this.node.hostHeader(), ex.toString());
			return null;
		}
		this.socket.setSoTimeout(0);
		SSLSession session = ssl.getSession();
		String client = null;
		try {
			client = session.getPeerPrincipal().getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			// no client certificate
		}
		this.node.recordHandshake(new TlsHandshake(session.getProtocol(),
				session.getCreationTime() < this.acceptedAtMillis, client, null));
		return ssl;
	}

	/**
	 * Handles one request.
	 * @return whether the connection stays open for the next request
	 */
	private boolean handle(HttpInput.MessageHead head, HttpInput input, OutputStream output, long before)
			throws IOException {
		long receivedAtNanos = System.nanoTime();
		Instant receivedAt = Instant.now();
		String[] requestLine = head.startLine().split(" ");
		if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
			throw new HttpProtocolException("invalid request line");
		}
		String method = requestLine[0];
		String target = requestLine[1];
		String version = requestLine[2];
		if (target.startsWith("http://") || target.startsWith("https://")) {
			int slash = target.indexOf('/', target.indexOf("//") + 2);
			target = (slash < 0) ? "/" : target.substring(slash);
		}
		int questionMark = target.indexOf('?');
		String path = (questionMark < 0) ? target : target.substring(0, questionMark);
		String query = (questionMark < 0) ? "" : target.substring(questionMark + 1);
		List<Header> headers = head.headers();
		RecordedRequest.Builder record = RecordedRequest.builder(method, path, query, headers, receivedAtNanos,
				receivedAt);

		LocalAlternatorNode.Mode mode = this.node.mode();
		if (mode == LocalAlternatorNode.Mode.REJECTING) {
			this.node.record(record.rejected().build(), input.bytesRead() - before, 0);
			reset();
			return false;
		}
		if (mode == LocalAlternatorNode.Mode.DOWN) {
			reset();
			return false;
		}
		boolean expectContinue = "100-continue".equalsIgnoreCase(record.header("Expect")) && version.equals("HTTP/1.1");
		if (mode == LocalAlternatorNode.Mode.HANGING) {
			if (!expectContinue) {
				try {
					record.rawBody(input.readBody(headers, ContentDecoding.MAX_BODY_BYTES));
				}
				catch (IOException ex) {
					// the request is recorded with what was read
				}
			}
			this.node.record(record.build(), input.bytesRead() - before, 0);
			this.node.awaitHangEnd();
			return false;
		}

		long sent = 0;
		boolean close = !version.equals("HTTP/1.1") || "close".equalsIgnoreCase(record.header("Connection"));
		HttpResponse response;
		try {
			if (expectContinue && (HttpInput.isChunked(headers) || HttpInput.contentLength(headers) > 0)) {
				output.write(HttpResponse.CONTINUE);
				output.flush();
				sent += HttpResponse.CONTINUE.length;
			}
			record.rawBody(input.readBody(headers, ContentDecoding.MAX_BODY_BYTES));
			response = route(method, path, query, headers, record);
		}
		catch (HttpInput.BodyTooLargeException ex) {
			response = HttpResponse.of(ApiError.payloadTooLarge(ContentDecoding.MAX_BODY_BYTES));
			close = true;
		}

		if (this.hangAfterApplying) {
			// applied by the backend, never answered
			this.hangAfterApplying = false;
			this.node.record(record.build(), input.bytesRead() - before, sent);
			this.node.awaitHangAfterApplyingEnd();
			return false;
		}

		Duration wait = this.node.delay();
		if (method.equals("GET") && path.equals("/localnodes")) {
			wait = wait.plus(this.node.localNodesDelayValue());
		}
		if (!wait.isZero()) {
			try {
				this.node.awaitDelay(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.node.record(record.build(), input.bytesRead() - before, sent);
				return false;
			}
		}

		mode = this.node.mode();
		if (mode == LocalAlternatorNode.Mode.REJECTING || mode == LocalAlternatorNode.Mode.DOWN) {
			this.node.record(record.build(), input.bytesRead() - before, sent);
			reset();
			return false;
		}
		if (mode == LocalAlternatorNode.Mode.HANGING) {
			this.node.record(record.build(), input.bytesRead() - before, sent);
			this.node.awaitHangEnd();
			return false;
		}
		close |= this.node.isClosed();
		byte[] answer = response.encode(close);
		// Recorded before writing: once a client has the answer, the record is visible.
		this.node.record(record.status(response.status()).build(), input.bytesRead() - before, sent + answer.length);
		output.write(answer);
		output.flush();
		return !close;
	}

	private HttpResponse route(String method, String path, String query, List<Header> headers,
			RecordedRequest.Builder record) {
		if (path.equals("/")) {
			if (method.equals("GET")) {
				String host = record.header("Host");
				return new HttpResponse(200, TEXT_PLAIN,
						("healthy: " + ((host != null) ? host : "")).getBytes(StandardCharsets.UTF_8));
			}
			if (method.equals("POST")) {
				return api(query, headers, record);
			}
			if (method.equals("OPTIONS")) {
				return options(record);
			}
		}
		else if (path.equals("/localnodes") && method.equals("GET")) {
			return localNodes(query);
		}
		return new HttpResponse(404, JSON, Json.notFound());
	}

	private HttpResponse localNodes(String query) {
		String override = this.node.localNodesOverrideBody();
		if (override != null) {
			return new HttpResponse(200, JSON, override.getBytes(StandardCharsets.UTF_8));
		}
		String datacenter = queryParameter(query, "dc");
		String rack = queryParameter(query, "rack");
		if (datacenter == null || datacenter.isEmpty()) {
			datacenter = this.node.datacenter();
		}
		List<String> addresses = new ArrayList<>(
				this.node.cluster().listedAddresses(datacenter, (rack == null || rack.isEmpty()) ? null : rack));
		// The real server's order is unspecified (an unordered set): make clients sort.
		Collections.shuffle(addresses);
		return new HttpResponse(200, JSON, Json.stringArray(addresses));
	}

	private HttpResponse options(RecordedRequest.Builder record) {
		HttpResponse response = new HttpResponse(200, TEXT_PLAIN, new byte[0]);
		if (record.header("Origin") != null) {
			response = response.withHeader("Access-Control-Allow-Origin", "*");
			String requestedHeaders = record.header("Access-Control-Request-Headers");
			if (requestedHeaders != null) {
				response = response.withHeader("Access-Control-Allow-Headers", requestedHeaders);
			}
			String requestedMethod = record.header("Access-Control-Request-Method");
			if (requestedMethod != null) {
				response = response.withHeader("Access-Control-Allow-Methods", requestedMethod);
			}
		}
		return response;
	}

	private HttpResponse api(String query, List<Header> headers, RecordedRequest.Builder record) {
		int failStatus = this.node.failStatus();
		if (failStatus != 0) {
			return HttpResponse.of(injectedFailure(failStatus));
		}
		byte[] rawBody = record.rawBodyBytes();
		SigV4Verifier verifier = this.node.cluster().verifier();
		if (verifier != null) {
			ApiError error = verifier.verify("POST", query, headers, rawBody, this.node.hostHeader());
			record.signatureValid(error == null);
			if (error != null) {
				return HttpResponse.of(error);
			}
		}
		byte[] body;
		try {
			body = ContentDecoding.decode(record.header("Content-Encoding"), rawBody);
		}
		catch (ApiError error) {
			record.decodedBody(new byte[0]);
			return HttpResponse.of(error);
		}
		record.decodedBody(body);
		String target = record.header("X-Amz-Target");
		String operation = (target != null) ? target.substring(target.indexOf('.') + 1) : "";
		JsonNode request = parse(body);
		String tableName = (request != null) ? KeyRequests.tableName(request) : null;
		if (request != null && tableName != null && SystemTables.isInternalName(tableName)) {
			try {
				HttpResponse answer = new HttpResponse(200, HttpResponse.AMZ_JSON,
						SystemTables.answer(operation, request, this.node, role(record), clientAddress()));
				return ResponseCompression.apply(record.header("Accept-Encoding"), answer);
			}
			catch (ApiError error) {
				return HttpResponse.of(error);
			}
		}
		if (request != null && tableName != null && KeyRequests.SINGLE_KEY_OPERATIONS.contains(operation)) {
			try {
				checkKeyOwnership(operation, request, tableName, record);
			}
			catch (IOException ex) {
				return HttpResponse.of(ApiError.internal("Internal server error: DynamoDB backend unavailable: " + ex));
			}
		}
		DynaliteForwarder.Reply reply;
		try {
			reply = this.node.cluster().backend().post(forwardedHeaders(record), body);
			if (request != null && tableName != null) {
				reply = observeTable(operation, tableName, reply);
			}
		}
		catch (IOException ex) {
			if (!this.node.isClosed()) {
				logger.warn("{} could not reach dynalite: {}", this.node.hostHeader(), ex.toString());
			}
			return HttpResponse.of(ApiError.internal("Internal server error: DynamoDB backend unavailable: " + ex));
		}
		record.forwarded();
		int failAfterApplying = this.node.failAfterApplyingStatus();
		if (failAfterApplying != 0) {
			return HttpResponse.of(injectedFailure(failAfterApplying));
		}
		if (this.node.hangsAfterApplying()) {
			this.hangAfterApplying = true;
		}
		HttpResponse response = new HttpResponse(reply.status(), reply.contentType(), reply.body());
		return ResponseCompression.apply(record.header("Accept-Encoding"), response);
	}

	private @Nullable JsonNode parse(byte[] body) {
		try {
			JsonNode node = JSON_PARSER.parse(body);
			return (node.isObject()) ? node : null;
		}
		catch (RuntimeException ex) {
			// not JSON: the backend answers it
			return null;
		}
	}

	/**
	 * Counts a single-key request by whether this node is a replica of the key, and
	 * delays it by the cluster's extra-hop delay when it is not.
	 */
	private void checkKeyOwnership(String operation, JsonNode request, String tableName, RecordedRequest.Builder record)
			throws IOException {
		ClusterPlacement placement = this.node.cluster().placement();
		String hashKey = placement.hashKey(tableName);
		if (hashKey == null) {
			hashKey = describeHashKey(tableName, record);
			if (hashKey == null) {
				return;
			}
		}
		JsonNode value = KeyRequests.hashKeyValue(operation, request, hashKey);
		Long token = (value != null) ? KeyRequests.token(value) : null;
		ClusterPlacement.TableState table = placement.table(tableName);
		if (token == null || table == null) {
			return;
		}
		boolean replica = placement.readReplicas(table, token).contains(this.node.hostId());
		this.node.recordKeyOwnership(replica);
		Duration extraHop = placement.extraHopDelay();
		if (!replica && !extraHop.isZero()) {
			try {
				this.node.awaitDelay(extraHop);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Learns a table the cluster has not seen yet from the backend's description.
	 */
	private @Nullable String describeHashKey(String tableName, RecordedRequest.Builder record) throws IOException {
		List<Header> headers = new ArrayList<>();
		for (Header header : forwardedHeaders(record)) {
			headers.add(
					header.is("X-Amz-Target") ? new Header("X-Amz-Target", "DynamoDB_20120810.DescribeTable") : header);
		}
		byte[] describe;
		try (JsonWriter writer = JsonWriter.create()) {
			writer.writeStartObject();
			writer.writeFieldName("TableName");
			writer.writeValue(tableName);
			writer.writeEndObject();
			describe = writer.getBytes();
		}
		DynaliteForwarder.Reply reply = this.node.cluster().backend().post(headers, describe);
		observeTable("DescribeTable", tableName, reply);
		return this.node.cluster().placement().hashKey(tableName);
	}

	/**
	 * Keeps the cluster's table registry in step with the backend's answers and gives
	 * {@code CreateTable}, {@code DescribeTable} and {@code DeleteTable} answers the
	 * cluster's {@code TableId}.
	 */
	private DynaliteForwarder.Reply observeTable(String operation, String tableName, DynaliteForwarder.Reply reply) {
		if (reply.status() != 200) {
			return reply;
		}
		ClusterPlacement placement = this.node.cluster().placement();
		String wrapper = switch (operation) {
			case "CreateTable", "DeleteTable" -> "TableDescription";
			case "DescribeTable" -> "Table";
			default -> null;
		};
		if (wrapper == null) {
			return reply;
		}
		JsonNode answer = parse(reply.body());
		JsonNode description = (answer != null) ? answer.field(wrapper).filter(JsonNode::isObject).orElse(null) : null;
		if (answer == null || description == null) {
			if (operation.equals("DeleteTable")) {
				placement.deleted(tableName);
			}
			return reply;
		}
		String hashKey = KeyRequests.hashKey(description);
		ClusterPlacement.TableState table = switch (operation) {
			case "CreateTable" -> placement.created(tableName, hashKey);
			case "DeleteTable" -> placement.deleted(tableName);
			default -> placement.seen(tableName, hashKey);
		};
		if (table == null) {
			return reply;
		}
		return new DynaliteForwarder.Reply(reply.status(), reply.contentType(),
				KeyRequests.withTableId(answer, wrapper, table.id), reply.keepAlive());
	}

	/**
	 * The role the server names in an authorization error: the access key of a signed
	 * request, else {@code <anonymous>}.
	 */
	private static String role(RecordedRequest.Builder record) {
		String authorization = record.header("Authorization");
		int credential = (authorization != null) ? authorization.indexOf("Credential=") : -1;
		if (authorization != null && credential >= 0) {
			int start = credential + "Credential=".length();
			int slash = authorization.indexOf('/', start);
			if (slash > start) {
				return authorization.substring(start, slash);
			}
		}
		return "<anonymous>";
	}

	private String clientAddress() {
		return (this.socket.getInetAddress() != null) ? this.socket.getInetAddress().getHostAddress() : "";
	}

	/**
	 * The headers passed to dynalite: target, content type and authentication. Dynalite
	 * refuses requests without a SigV4-looking {@code Authorization}, while Alternator
	 * without enforced authorization ignores it, so a placeholder replaces a missing or
	 * unusable one.
	 */
	private static List<Header> forwardedHeaders(RecordedRequest.Builder record) {
		List<Header> result = new ArrayList<>(5);
		String target = record.header("X-Amz-Target");
		if (target != null) {
			result.add(new Header("X-Amz-Target", target));
		}
		String contentType = record.header("Content-Type");
		String mediaType = (contentType != null) ? contentType.split(";")[0].strip().toLowerCase(Locale.ROOT) : "";
		boolean json = mediaType.equals(JSON) || mediaType.equals(HttpResponse.AMZ_JSON);
		result.add(new Header("Content-Type", (json) ? contentType : HttpResponse.AMZ_JSON));
		String authorization = record.header("Authorization");
		String amzDate = record.header("X-Amz-Date");
		String date = record.header("Date");
		if (authorization != null && usable(authorization) && (amzDate != null || date != null)) {
			result.add(new Header("Authorization", authorization));
			if (amzDate != null) {
				result.add(new Header("X-Amz-Date", amzDate));
			}
			if (date != null) {
				result.add(new Header("Date", date));
			}
		}
		else {
			result.add(new Header("Authorization", PLACEHOLDER_AUTHORIZATION));
			result.add(new Header("X-Amz-Date", PLACEHOLDER_DATE));
		}
		return result;
	}

	private static boolean usable(String authorization) {
		return authorization.startsWith("AWS4-") && authorization.contains("Credential=")
				&& authorization.contains("Signature=") && authorization.contains("SignedHeaders=");
	}

	private static ApiError injectedFailure(int status) {
		String message = "injected by LocalAlternatorNode.failWith(" + status + ")";
		if (status == 503 || status == 429) {
			return ApiError.dynamoDb(status, "ThrottlingException", "Request rate too high: " + message);
		}
		if (status >= 500) {
			return ApiError.dynamoDb(status, "InternalServerError", "Internal server error: " + message);
		}
		return ApiError.dynamoDb(status, "ValidationException", message);
	}

	/**
	 * The first value of a query parameter, percent-decoded as UTF-8 ({@code +} is a
	 * space); a malformed escape leaves the value as received.
	 */
	static @Nullable String queryParameter(String query, String name) {
		if (query.isEmpty()) {
			return null;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String key = decode((equals < 0) ? pair : pair.substring(0, equals));
			if (key.equals(name)) {
				return decode((equals < 0) ? "" : pair.substring(equals + 1));
			}
		}
		return null;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	/**
	 * Resets the connection: a TCP RST instead of an orderly close.
	 */
	void reset() {
		try {
			this.socket.setSoLinger(true, 0);
		}
		catch (SocketException ex) {
			// already closed
		}
		close();
	}

	void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
