package dev.alternator.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import dev.alternator.testsupport.LocalAlternatorNode;
import dev.alternator.testsupport.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request compression, response compression and header optimization against local nodes
 * that verify SigV4 signatures (and one anonymous cluster for the header figures).
 */
@Timeout(180)
class WireEfficiencyTests {

	private static final String BIG = "x".repeat(3000) + "y".repeat(3000);

	private static ClusterFixture signed;

	private static ClusterFixture anonymous;

	@BeforeAll
	static void startClusters() {
		signed = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r1");
		anonymous = ClusterFixture.start((builder) -> {
		}, "dc1/r1");
	}

	@AfterAll
	static void stopClusters() {
		signed.close();
		anonymous.close();
	}

	@AfterEach
	void reset() {
		signed.resetAll();
		anonymous.resetAll();
	}

	@Test
	void compressedRequestsDecompressToTheSameJsonAndVerifyWithCredentials() {
		AlternatorConfig.Builder config = signed.config(0, 1, 2);
		try (DynamoDbClient plain = AlternatorDynamoDbClient.create(config.build());
				DynamoDbClient compressing = AlternatorDynamoDbClient
					.create(config.compression(RequestCompression.GZIP).build())) {
			ClusterFixture.put(plain, "same", BIG);
			RecordedRequest uncompressed = lastPut();
			signed.resetAll();
			ClusterFixture.put(compressing, "same", BIG);
			RecordedRequest compressed = lastPut();
			assertThat(uncompressed.header("Content-Encoding")).isNull();
			assertThat(compressed.header("Content-Encoding")).isEqualTo("gzip");
			assertThat(compressed.rawBody()).hasSizeLessThan(uncompressed.rawBody().length / 10);
			assertThat(gunzip(compressed.rawBody())).isEqualTo(uncompressed.rawBody());
			assertThat(compressed.decodedBody()).isEqualTo(uncompressed.rawBody());
			assertThat(compressed.header("Content-Length")).isEqualTo(Integer.toString(compressed.rawBody().length));
			assertThat(compressed.signatureValid()).isTrue();
			assertThat(compressed.status()).isEqualTo(200);
			assertThat(compressing.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("same")))
				.item()
				.get("v")
				.s()).isEqualTo(BIG);
		}
	}

	@Test
	void requestsUnderTheThresholdAreNotCompressed() {
		try (DynamoDbClient client = AlternatorDynamoDbClient
			.create(signed.config(0).compression(RequestCompression.GZIP).minCompressionSizeBytes(1024).build())) {
			ClusterFixture.put(client, "small", "v");
			RecordedRequest put = lastPut();
			assertThat(put.rawBody().length).isLessThan(1024);
			assertThat(put.header("Content-Encoding")).isNull();
			assertThat(put.rawBody()).isEqualTo(put.decodedBody());
			assertThat(put.signatureValid()).isTrue();
		}
	}

	@Test
	void retryAfterAFailureSendsByteIdenticalCompressedBodyToTheNextNode() {
		LocalAlternatorNode failing = signed.node(1);
		failing.failWith(500);
		try (DynamoDbClient client = AlternatorDynamoDbClient
			.create(signed.config(0, 1, 2).compression(RequestCompression.GZIP).minCompressionSizeBytes(0).build())) {
			for (int i = 0; i < 12; i++) {
				ClusterFixture.put(client, "retry-" + i, BIG + i);
			}
		}
		Map<String, RecordedRequest> failedByCall = new HashMap<>();
		for (RecordedRequest request : failing.requests()) {
			if ("PutItem".equals(request.operation())) {
				failedByCall.put(request.header("amz-sdk-invocation-id"), request);
			}
		}
		assertThat(failedByCall).isNotEmpty();
		List<String> compared = new ArrayList<>();
		for (LocalAlternatorNode node : List.of(signed.node(0), signed.node(2))) {
			for (RecordedRequest retry : node.requests()) {
				RecordedRequest first = failedByCall.get(retry.header("amz-sdk-invocation-id"));
				if (first != null && "PutItem".equals(retry.operation())) {
					assertThat(retry.rawBody()).isEqualTo(first.rawBody());
					assertThat(retry.header("Content-Encoding")).isEqualTo("gzip");
					assertThat(retry.signatureValid()).isTrue();
					assertThat(retry.status()).isEqualTo(200);
					compared.add(retry.header("amz-sdk-invocation-id"));
				}
			}
		}
		assertThat(compared).hasSameSizeAs(failedByCall.keySet());
	}

	@Test
	void responseCompressionIsAskedForAndDecodedSyncAndAsync() {
		try (DynamoDbClient plain = AlternatorDynamoDbClient.create(signed.config(0).build())) {
			ClusterFixture.put(plain, "large", BIG);
		}
		for (List<String> encodings : List.of(List.of("gzip"), List.of("deflate"), List.of("deflate", "gzip"))) {
			AlternatorConfig config = signed.config(0).responseCompression(encodings).build();
			try (DynamoDbClient client = AlternatorDynamoDbClient.create(config);
					DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.create(config)) {
				assertThat(client.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("large")))
					.item()
					.get("v")
					.s()).isEqualTo(BIG);
				assertThat(async.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("large")))
					.join()
					.item()
					.get("v")
					.s()).isEqualTo(BIG);
			}
			List<RecordedRequest> gets = signed.nodes()
				.stream()
				.flatMap((node) -> node.requests().stream())
				.filter((r) -> "GetItem".equals(r.operation()))
				.toList();
			assertThat(gets).hasSize(2)
				.allSatisfy((get) -> assertThat(get.header("Accept-Encoding")).isEqualTo(String.join(", ", encodings)))
				.allSatisfy((get) -> assertThat(get.signatureValid()).isTrue());
			signed.resetAll();
		}
	}

	@Test
	void asyncRequestsAreCompressedToo() {
		try (DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient
			.create(signed.config(0).compression(RequestCompression.GZIP).build())) {
			async
				.putItem((r) -> r.tableName(ClusterFixture.TABLE)
					.item(Map.of("pk", AttributeValue.fromS("async"), "v", AttributeValue.fromS(BIG))))
				.join();
		}
		RecordedRequest put = lastPut();
		assertThat(put.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(put.signatureValid()).isTrue();
		assertThat(put.status()).isEqualTo(200);
	}

	@Test
	void headerOptimizationKeepsSignedHeadersAndReportsBytesSaved() {
		StringBuilder report = new StringBuilder("header optimization, request header bytes (before -> after):");
		for (boolean credentials : List.of(false, true)) {
			ClusterFixture fixture = credentials ? signed : anonymous;
			// replica-aware routing off: the requests the nodes record are counted, and
			// its
			// background reads of system tables would be among them
			AlternatorConfig.Builder config = fixture.config(0).replicaAwareRouting(false);
			if (!credentials) {
				config.credentials(null, null, null);
			}
			int[] plain = headerBytes(fixture, config.optimizeHeaders(false).build());
			fixture.resetAll();
			int[] optimized = headerBytes(fixture, config.optimizeHeaders(true).build());
			List<RecordedRequest> requests = apiRequests(fixture);
			assertThat(requests).hasSize(2).allSatisfy((r) -> {
				assertThat(r.status()).isEqualTo(200);
				assertThat(r.header("User-Agent")).startsWith("alternator-client/").doesNotContain("aws-sdk-java");
				if (credentials) {
					assertThat(r.signatureValid()).isTrue();
				}
				else {
					assertThat(r.headers().keySet()).noneMatch((name) -> name.equalsIgnoreCase("amz-sdk-request")
							|| name.equalsIgnoreCase("amz-sdk-invocation-id"));
				}
			});
			assertThat(optimized[0]).isLessThan(plain[0]);
			assertThat(optimized[1]).isLessThan(plain[1]);
			String mode = credentials ? "signed" : "anonymous";
			report.append(String.format(" %s PutItem %d -> %d (saves %d), %s GetItem %d -> %d (saves %d);", mode,
					plain[0], optimized[0], plain[0] - optimized[0], mode, plain[1], optimized[1],
					plain[1] - optimized[1]));
			fixture.resetAll();
		}
		System.out.println(report);
	}

	/** Header bytes ("name: value\r\n" per value) of one PutItem and one GetItem. */
	private static int[] headerBytes(ClusterFixture fixture, AlternatorConfig config) {
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config)) {
			fixture.resetAll();
			ClusterFixture.put(client, "h", "value");
			ClusterFixture.get(client, "h");
		}
		// a node records a request after answering it
		Await.until(Duration.ofSeconds(5), () -> apiRequests(fixture).size() == 2,
				() -> "two API requests recorded: " + apiRequests(fixture));
		List<RecordedRequest> requests = apiRequests(fixture);
		assertThat(requests).hasSize(2);
		return new int[] { bytes(requests.get(0)), bytes(requests.get(1)) };
	}

	private static List<RecordedRequest> apiRequests(ClusterFixture fixture) {
		return fixture.nodes()
			.stream()
			.flatMap((node) -> node.requests().stream())
			.filter((r) -> r.operation() != null)
			.sorted(Comparator.comparingLong(RecordedRequest::receivedAtNanos))
			.toList();
	}

	private static int bytes(RecordedRequest request) {
		int total = 0;
		for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
			for (String value : header.getValue()) {
				total += header.getKey().length() + 2 + value.length() + 2;
			}
		}
		return total;
	}

	private static RecordedRequest lastPut() {
		Await.until(Duration.ofSeconds(5), () -> puts().size() == 1, () -> "one PutItem recorded");
		return puts().get(0);
	}

	private static List<RecordedRequest> puts() {
		return signed.nodes()
			.stream()
			.flatMap((node) -> node.requests().stream())
			.filter((r) -> "PutItem".equals(r.operation()))
			.toList();
	}

	private static byte[] gunzip(byte[] data) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

}
