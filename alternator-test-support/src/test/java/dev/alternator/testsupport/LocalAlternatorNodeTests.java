package dev.alternator.testsupport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalAlternatorNodeTests {

	private static LocalAlternatorCluster cluster;

	@BeforeAll
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	static void startCluster() {
		cluster = LocalAlternatorCluster.builder().node("dc1", "rack1").node("dc1", "rack2").start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void clearFaults() {
		for (LocalAlternatorNode node : cluster.nodes()) {
			node.clearFaults();
			node.resetStats();
		}
	}

	@Test
	void downNodeRefusesConnections() {
		LocalAlternatorNode node = cluster.node(1).down();
		assertThat(node.isUp()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(node));
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(node.endpoint()).timeout(Duration.ofSeconds(5)).build();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> http.send(request, BodyHandlers.ofString()));
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			assertThatExceptionOfType(SdkClientException.class).isThrownBy(client::listTables)
				.withRootCauseInstanceOf(ConnectException.class);
		}
		assertThat(cluster.node(0).isUp()).isTrue();
	}

	@Test
	void downResetsOpenConnectionsIncludingRequestsInFlight() throws Exception {
		LocalAlternatorNode node = cluster.node(1);
		try (Socket idle = new Socket(); Socket inFlight = new Socket()) {
			idle.setSoTimeout(5_000);
			idle.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
			RawHttp.write(idle, node.address() + ":" + node.port(), "GET", "/", List.of(), new byte[0]);
			HttpInput idleInput = new HttpInput(idle.getInputStream());
			assertThat(RawHttp.read(idleInput).status()).isEqualTo(200);

			node.slow(Duration.ofSeconds(10));
			inFlight.setSoTimeout(5_000);
			inFlight.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
			RawHttp.write(inFlight, node.address() + ":" + node.port(), "POST", "/",
					List.of(new Header("X-Amz-Target", "DynamoDB_20120810.ListTables")),
					"{}".getBytes(StandardCharsets.UTF_8));
			Thread.sleep(300);
			node.down();

			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> RawHttp.read(inFlight))
				.withMessageContaining("reset");
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> RawHttp.read(idleInput))
				.withMessageContaining("reset");
		}
		RecordedRequest interrupted = awaitRequests(node, 2).get(1);
		assertThat(interrupted.operation()).isEqualTo("ListTables");
		assertThat(interrupted.status()).isZero();
		assertThat(interrupted.forwarded()).as("the request reached dynalite before the node died").isTrue();
	}

	@Test
	void upServesAgainOnTheSameAddressAndPort() throws IOException {
		LocalAlternatorNode node = cluster.node(1);
		node.down();
		node.down();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(node));
		node.up();
		assertThat(node.isUp()).isTrue();
		assertThat(RawHttp.get(node, "/").text()).isEqualTo("healthy: " + node.address() + ":" + node.port());
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			assertThat(client.listTables().sdkHttpResponse().statusCode()).isEqualTo(200);
		}
	}

	@Test
	void rejectingNodeRecordsEachAttemptAndResetsWithoutAnswering() throws IOException {
		LocalAlternatorNode node = cluster.node(1).reject();
		assertThat(node.isUp()).isFalse();
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> RawHttp.post(node, "GetItem", "{}"));
		}
		assertThat(node.stats().rejectedAttempts()).isEqualTo(3);
		assertThat(node.stats().apiRequests()).isZero();
		assertThat(node.requests()).hasSize(3).allSatisfy((request) -> {
			assertThat(request.rejected()).isTrue();
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/");
			assertThat(request.operation()).isEqualTo("GetItem");
			assertThat(request.status()).isZero();
			assertThat(request.forwarded()).isFalse();
		});
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			assertThatExceptionOfType(SdkClientException.class).isThrownBy(client::listTables);
		}
		assertThat(node.stats().rejectedAttempts()).isEqualTo(4);
		node.up();
		assertThat(RawHttp.get(node, "/").status()).isEqualTo(200);
	}

	@Test
	void hangingNodeMakesAReadTimeoutFireAndClosesTheConnectionWhenCleared() throws IOException {
		LocalAlternatorNode node = cluster.node(1).hang();
		assertThat(node.isUp()).as("a black-holed node still looks alive").isTrue();
		try (Socket socket = RawHttp.send(node, "POST", "/",
				List.of(new Header("X-Amz-Target", "DynamoDB_20120810.ListTables")),
				"{}".getBytes(StandardCharsets.UTF_8), 1_000)) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> RawHttp.read(socket));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
			RecordedRequest hung = awaitRequests(node, 1).get(0);
			assertThat(hung.operation()).isEqualTo("ListTables");
			assertThat(hung.status()).isZero();
			assertThat(hung.decodedBodyAsString()).isEqualTo("{}");

			node.clearFaults();
			socket.setSoTimeout(5_000);
			assertThat(socket.getInputStream().read()).as("connection closed after the hang ends").isEqualTo(-1);
		}
		assertThat(RawHttp.get(node, "/").status()).isEqualTo(200);
	}

	@Test
	void slowNodeDelaysEveryAnswer() throws IOException {
		LocalAlternatorNode node = cluster.node(0).slow(Duration.ofMillis(300));
		assertThat(timed(() -> RawHttp.get(node, "/"))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(timed(() -> RawHttp.get(node, "/localnodes"))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(timed(() -> RawHttp.post(node, "ListTables", "{}"))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		node.slow(Duration.ZERO);
		assertThat(RawHttp.get(node, "/").status()).isEqualTo(200);
	}

	@Test
	void failWith500AnswersApiRequestsWithInternalServerError() throws IOException {
		LocalAlternatorNode node = cluster.node(0).failWith(500);
		RawHttp.Response response = RawHttp.post(node, "ListTables", "{}");
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
		assertThat(response.text()).startsWith(
				"{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error: ");
		assertThat(RawHttp.get(node, "/").status()).isEqualTo(200);
		assertThat(RawHttp.get(node, "/localnodes").status()).isEqualTo(200);
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(client::listTables).satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(500);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
			});
		}
		assertThat(node.stats().responses(500)).isEqualTo(2);
		assertThat(node.stats().forwardedRequests()).isZero();
	}

	@Test
	void failWith503AnswersApiRequestsWithThrottling() throws IOException {
		LocalAlternatorNode node = cluster.node(0).failWith(503);
		RawHttp.Response response = RawHttp.post(node, "GetItem", "{}");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.text()).contains("\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\"");
		node.failWith(0);
		assertThat(RawHttp.post(node, "ListTables", "{}").status()).isEqualTo(200);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> node.failWith(200));
	}

	@Test
	void failAfterApplyingAppliesTheWriteThenAnswersTheStatus() {
		LocalAlternatorNode node = cluster.node(0);
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint());
				DynamoDbClient other = TestClients.dynamoDb(cluster.node(1).endpoint())) {
			String table = TestClients.createTable(client);
			node.failAfterApplying(500);
			assertThatExceptionOfType(DynamoDbException.class)
				.isThrownBy(
						() -> client.putItem((r) -> r.tableName(table).item(Map.of("id", AttributeValue.fromS("a")))))
				.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(500));
			assertThat(other.getItem((r) -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("a")))).hasItem())
				.as("the write was applied")
				.isTrue();
			node.failAfterApplying(0);
			client.putItem((r) -> r.tableName(table).item(Map.of("id", AttributeValue.fromS("b"))));
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> node.failAfterApplying(302));
		}
	}

	@Test
	void hangAfterApplyingAppliesTheWriteAndNeverAnswersUntilCleared() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			String table = TestClients.createTable(client);
			node.hangAfterApplying(true);
			byte[] put = ("{\"TableName\":\"" + table + "\",\"Item\":{\"id\":{\"S\":\"h\"}}}")
				.getBytes(StandardCharsets.UTF_8);
			try (Socket socket = RawHttp.send(node, "POST", "/",
					List.of(new Header("X-Amz-Target", "DynamoDB_20120810.PutItem"),
							new Header("Content-Type", "application/x-amz-json-1.0")),
					put, 1_000)) {
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> RawHttp.read(socket));
				assertThat(awaitRequests(node, 2).get(1).forwarded()).as("applied").isTrue();
				node.hangAfterApplying(false);
				socket.setSoTimeout(5_000);
				assertThat(socket.getInputStream().read()).as("connection closed after the hang ends").isEqualTo(-1);
			}
			assertThat(client.getItem((r) -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("h")))).hasItem())
				.isTrue();
		}
	}

	@Test
	void localNodesOverrideAnswersTheGivenRawBody() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		node.localNodesOverride("[]");
		assertThat(RawHttp.get(node, "/localnodes?dc=dc1").text()).isEqualTo("[]");
		node.localNodesOverride("not json {");
		RawHttp.Response garbage = RawHttp.get(node, "/localnodes");
		assertThat(garbage.status()).isEqualTo(200);
		assertThat(garbage.text()).isEqualTo("not json {");
		String huge = "x".repeat(2 * 1024 * 1024);
		node.localNodesOverride(huge);
		assertThat(RawHttp.get(node, "/localnodes").body()).hasSize(huge.length());
		assertThat(TestClients.sortedStrings(RawHttp.get(cluster.node(1), "/localnodes").text()))
			.containsExactly("127.0.0.1", "127.0.0.2");
		node.localNodesOverride(null);
		assertThat(TestClients.sortedStrings(RawHttp.get(node, "/localnodes").text())).containsExactly("127.0.0.1",
				"127.0.0.2");
	}

	@Test
	void localNodesDelaySlowsOnlyDiscoveryAnswers() throws IOException {
		LocalAlternatorNode node = cluster.node(0).localNodesDelay(Duration.ofMillis(400));
		assertThat(timed(() -> RawHttp.get(node, "/localnodes"))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(RawHttp.get(node, "/").status()).isEqualTo(200);
		assertThat(RawHttp.get(cluster.node(1), "/localnodes").status()).isEqualTo(200);
	}

	@Test
	void statsCountRequestsByKindOperationStatusAndHeader() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		RawHttp.get(node, "/");
		RawHttp.get(node, "/");
		RawHttp.get(node, "/localnodes");
		RawHttp.get(node, "/missing");
		RawHttp.post(node, "ListTables", "{}");
		RawHttp.post(node, "ListTables", "{}");
		RawHttp.Response missingTable = RawHttp.post(node, "GetItem",
				"{\"TableName\":\"no_such_table\",\"Key\":{\"id\":{\"S\":\"1\"}}}");
		assertThat(missingTable.status()).isEqualTo(400);

		NodeStats stats = node.stats();
		assertThat(stats.apiRequests()).isEqualTo(3);
		assertThat(stats.requestsByOperation()).containsExactly(entry("GetItem", 1L), entry("ListTables", 2L));
		assertThat(stats.responsesByStatus()).containsExactly(entry(200, 5L), entry(400, 1L), entry(404, 1L));
		assertThat(stats.healthRequests()).isEqualTo(2);
		assertThat(stats.localNodesRequests()).isEqualTo(1);
		assertThat(stats.forwardedRequests()).isEqualTo(3);
		assertThat(stats.rejectedAttempts()).isZero();
		assertThat(stats.headerNames()).containsEntry("host", 7L)
			.containsEntry("x-amz-target", 3L)
			.containsEntry("content-length", 3L);
		assertThat(stats.bytesReceived()).isGreaterThan(7 * "GET / HTTP/1.1\r\n\r\n".length());
		assertThat(stats.bytesSent()).isGreaterThan(7 * "HTTP/1.1 200 OK\r\n\r\n".length());
		assertThat(cluster.node(1).stats().apiRequests()).isZero();

		node.resetStats();
		assertThat(node.stats().apiRequests()).isZero();
		assertThat(node.stats().responsesByStatus()).isEmpty();
		assertThat(node.requests()).isEmpty();
	}

	@Test
	void requestLogRecordsEveryDetailOfARequest() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		long before = System.nanoTime();
		Instant beforeInstant = Instant.now();
		RawHttp.exchange(node, "POST", "/?a=b%20c",
				List.of(new Header("X-Amz-Target", "DynamoDB_20120810.ListTables"), new Header("X-Custom", "one"),
						new Header("x-custom", "two"), new Header("Content-Type", "application/x-amz-json-1.0")),
				"{\"Limit\":5}".getBytes(StandardCharsets.UTF_8));
		List<RecordedRequest> requests = node.requests();
		assertThat(requests).hasSize(1);
		RecordedRequest request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/");
		assertThat(request.query()).isEqualTo("a=b%20c");
		assertThat(request.operation()).isEqualTo("ListTables");
		assertThat(request.header("X-CUSTOM")).isEqualTo("one");
		assertThat(request.headers().get("x-Custom")).containsExactly("one", "two");
		assertThat(request.rawBody()).asString(StandardCharsets.UTF_8).isEqualTo("{\"Limit\":5}");
		assertThat(request.decodedBodyAsString()).isEqualTo("{\"Limit\":5}");
		assertThat(request.status()).isEqualTo(200);
		assertThat(request.receivedAtNanos()).isBetween(before, System.nanoTime());
		assertThat(request.receivedAt()).isBetween(beforeInstant, Instant.now());
		assertThat(request.signatureValid()).isNull();
		assertThat(request.rejected()).isFalse();
		assertThat(request.forwarded()).isTrue();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> requests.add(request));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> request.headers().put("a", List.of()));
	}

	private static List<RecordedRequest> awaitRequests(LocalAlternatorNode node, int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (node.requests().size() < count && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(node.requests()).hasSizeGreaterThanOrEqualTo(count);
		return node.requests();
	}

	private static Duration timed(IoAction action) throws IOException {
		long start = System.nanoTime();
		action.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void connect(LocalAlternatorNode node) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(node.address(), node.port()), 2_000);
		}
	}

	private static <K, V> java.util.Map.Entry<K, V> entry(K key, V value) {
		return java.util.Map.entry(key, value);
	}

	@FunctionalInterface
	private interface IoAction {

		Object run() throws IOException;

	}

}
