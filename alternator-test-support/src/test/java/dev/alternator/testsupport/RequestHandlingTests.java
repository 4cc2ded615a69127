package dev.alternator.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestHandlingTests {

	private static final String LIST_TABLES = "DynamoDB_20120810.ListTables";

	private static LocalAlternatorCluster cluster;

	private static LocalAlternatorNode node;

	@BeforeAll
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	static void startCluster() {
		cluster = LocalAlternatorCluster.builder().node("dc1", "rack1").start();
		node = cluster.node(0);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void resetStats() {
		node.resetStats();
	}

	@Test
	void gzipRequestBodyIsDecodedBeforeForwarding() throws IOException {
		byte[] compressed = gzip("{\"Limit\":3}");
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/",
				List.of(new Header("X-Amz-Target", LIST_TABLES), new Header("Content-Encoding", "gzip")), compressed);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).contains("TableNames");
		RecordedRequest request = node.requests().get(0);
		assertThat(request.rawBody()).isEqualTo(compressed);
		assertThat(request.decodedBodyAsString()).isEqualTo("{\"Limit\":3}");
	}

	@Test
	void deflateRequestBodyIsDecodedAsZlib() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
			deflate.write("{\"Limit\":4}".getBytes(StandardCharsets.UTF_8));
		}
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/",
				List.of(new Header("X-Amz-Target", LIST_TABLES), new Header("Content-Encoding", "deflate")),
				out.toByteArray());
		assertThat(response.status()).isEqualTo(200);
		assertThat(node.requests().get(0).decodedBodyAsString()).isEqualTo("{\"Limit\":4}");
	}

	@Test
	void unsupportedContentEncodingAnswersInternalServerError() throws IOException {
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/",
				List.of(new Header("X-Amz-Target", LIST_TABLES), new Header("Content-Encoding", "br")),
				"{}".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
		assertThat(response.text()).isEqualTo(
				"{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Unsupported Content-Encoding\"}");
		assertThat(node.requests().get(0).forwarded()).isFalse();
	}

	@Test
	void corruptOrTruncatedGzipAnswersInternalServerError() throws IOException {
		RawHttp.Response corrupt = RawHttp.exchange(node, "POST", "/",
				List.of(new Header("X-Amz-Target", LIST_TABLES), new Header("Content-Encoding", "gzip")),
				"not gzip at all".getBytes(StandardCharsets.UTF_8));
		assertThat(corrupt.status()).isEqualTo(500);
		assertThat(corrupt.text()).contains("\"message\":\"Error during gzip decompression of request body\"");
		byte[] compressed = gzip("{\"Limit\":3}");
		RawHttp.Response truncated = RawHttp.exchange(node, "POST", "/",
				List.of(new Header("X-Amz-Target", LIST_TABLES), new Header("Content-Encoding", "gzip")),
				Arrays.copyOf(compressed, compressed.length - 6));
		assertThat(truncated.status()).isEqualTo(500);
		assertThat(truncated.text()).contains("\"message\":\"Truncated gzip in request body\"");
	}

	@Test
	void chunkedRequestBodyIsRead() throws IOException {
		byte[] chunked = "4;ext=1\r\n{\"Li\r\n7\r\nmit\":2}\r\n0\r\nX-Trailer: t\r\n\r\n"
			.getBytes(StandardCharsets.UTF_8);
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/",
				List.of(new Header("X-Amz-Target", LIST_TABLES), new Header("Transfer-Encoding", "chunked")), chunked);
		assertThat(response.status()).isEqualTo(200);
		assertThat(node.requests().get(0).decodedBodyAsString()).isEqualTo("{\"Limit\":2}");
	}

	@Test
	void expectContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(5_000);
			socket.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
			byte[] head = ("POST / HTTP/1.1\r\nHost: " + node.address() + ":" + node.port() + "\r\nX-Amz-Target: "
					+ LIST_TABLES + "\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1);
			socket.getOutputStream().write(head);
			HttpInput input = new HttpInput(socket.getInputStream());
			HttpInput.MessageHead interim = input.readHead();
			assertThat(interim).isNotNull();
			assertThat(interim.startLine()).isEqualTo("HTTP/1.1 100 Continue");
			socket.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
			assertThat(RawHttp.read(input).status()).isEqualTo(200);
		}
	}

	@Test
	void jdkHttpClientStreamingBodyWithExpectContinueIsServed() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(node.endpoint())
			.header("X-Amz-Target", LIST_TABLES)
			.header("Content-Type", "application/x-amz-json-1.0")
			.expectContinue(true)
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
		assertThat(node.requests().get(0).header("Transfer-Encoding")).isEqualTo("chunked");
	}

	@Test
	void keepAliveConnectionServesSeveralRequestsUntilConnectionClose() throws IOException {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(5_000);
			socket.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
			String host = node.address() + ":" + node.port();
			HttpInput input = new HttpInput(socket.getInputStream());
			RawHttp.write(socket, host, "GET", "/", List.of(), new byte[0]);
			assertThat(RawHttp.read(input).status()).isEqualTo(200);
			RawHttp.write(socket, host, "POST", "/", List.of(new Header("X-Amz-Target", LIST_TABLES)),
					"{}".getBytes(StandardCharsets.UTF_8));
			assertThat(RawHttp.read(input).status()).isEqualTo(200);
			RawHttp.write(socket, host, "GET", "/localnodes", List.of(new Header("Connection", "close")), new byte[0]);
			RawHttp.Response last = RawHttp.read(input);
			assertThat(last.status()).isEqualTo(200);
			assertThat(last.header("Connection")).isEqualTo("close");
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		assertThat(node.stats().responsesByStatus()).containsEntry(200, 3L);
	}

	@Test
	void malformedRequestAnswersBadRequest() throws IOException {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(5_000);
			socket.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
			socket.getOutputStream().write("GET /\r\nno colon here\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			assertThat(RawHttp.read(socket).status()).isEqualTo(400);
		}
	}

	@Test
	void oversizedBodyAnswersPayloadTooLarge() throws IOException {
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/",
				List.of(new Header("X-Amz-Target", LIST_TABLES), new Header("Content-Length", "16777217")),
				new byte[0]);
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.text()).contains("#PayloadTooLarge");
	}

	@Test
	void largeApiAnswersAreCompressedOnlyWhenAcceptedAndAboveTheThreshold() throws IOException {
		String table;
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			table = TestClients.createTable(client);
			String big = "v".repeat(10_000);
			client.putItem((request) -> request.tableName(table)
				.item(Map.of("id", AttributeValue.fromS("big"), "data", AttributeValue.fromS(big))));
		}
		String getBig = "{\"TableName\":\"" + table + "\",\"Key\":{\"id\":{\"S\":\"big\"}}}";
		RawHttp.Response gzipped = RawHttp.post(node, "GetItem", getBig,
				new Header("Accept-Encoding", "gzip, deflate"));
		assertThat(gzipped.status()).isEqualTo(200);
		assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
		String text = new String(gunzip(gzipped.body()), StandardCharsets.UTF_8);
		assertThat(text).contains("\"data\":{\"S\":\"vvvv");
		RawHttp.Response plain = RawHttp.post(node, "GetItem", getBig);
		assertThat(plain.header("Content-Encoding")).isNull();
		assertThat(plain.text()).isEqualTo(text);
		RawHttp.Response small = RawHttp.post(node, "ListTables", "{}", new Header("Accept-Encoding", "gzip"));
		assertThat(small.header("Content-Encoding")).isNull();
	}

	@Test
	void unusableAuthorizationIsReplacedBeforeForwarding() throws IOException {
		RawHttp.Response response = RawHttp.post(node, "ListTables", "{}", new Header("Authorization", "Bearer x"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(node.requests().get(0).header("Authorization")).isEqualTo("Bearer x");
	}

	@Test
	void optionsPreflightIsAnswered() throws IOException {
		RawHttp.Response response = RawHttp.exchange(node, "OPTIONS", "/", List
			.of(new Header("Origin", "http://example.com"), new Header("Access-Control-Request-Method", "POST")),
				new byte[0]);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
		assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("POST");
	}

	@Test
	void manyConcurrentRequestsAreServed() throws Exception {
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			String table = TestClients.createTable(client);
			Thread[] threads = new Thread[8];
			Throwable[] failures = new Throwable[threads.length];
			for (int t = 0; t < threads.length; t++) {
				int index = t;
				threads[t] = new Thread(() -> {
					try {
						for (int i = 0; i < 50; i++) {
							String id = index + "-" + i;
							client.putItem(
									(request) -> request.tableName(table).item(Map.of("id", AttributeValue.fromS(id))));
							client.getItem(
									(request) -> request.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
						}
					}
					catch (Throwable ex) {
						failures[index] = ex;
					}
				});
				threads[t].start();
			}
			for (Thread thread : threads) {
				thread.join();
			}
			assertThat(failures).containsOnlyNulls();
		}
		assertThat(node.stats().requests("PutItem")).isEqualTo(400);
		assertThat(node.stats().requests("GetItem")).isEqualTo(400);
		// and the CreateTable, and the DescribeTables that waited for it to be active
		assertThat(node.stats().responses(200)).isEqualTo(801 + node.stats().requests("DescribeTable"));
	}

	private static byte[] gzip(String text) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

	private static byte[] gunzip(byte[] data) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
			return in.readAllBytes();
		}
	}

}
