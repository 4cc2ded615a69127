package dev.alternator.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SignatureVerificationTests {

	private static final String LIST_TABLES = "DynamoDB_20120810.ListTables";

	private static LocalAlternatorCluster cluster;

	@BeforeAll
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	static void startCluster() {
		cluster = LocalAlternatorCluster.builder()
			.node("dc1", "rack1")
			.node("dc1", "rack2")
			.verifySignatures(Map.of("ak", "sk", "other", "secret2"))
			.start();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void resetStats() {
		for (LocalAlternatorNode node : cluster.nodes()) {
			node.resetStats();
		}
	}

	@Test
	void sdkSignedRequestsWithTheRightKeyAreServed() {
		LocalAlternatorNode node = cluster.node(0);
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint(), credentials("ak", "sk"))) {
			String table = TestClients.createTable(client);
			client.putItem((request) -> request.tableName(table).item(Map.of("id", AttributeValue.fromS("1"))));
			assertThat(client.listTables().tableNames()).contains(table);
		}
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint(), credentials("other", "secret2"))) {
			assertThat(client.listTables().sdkHttpResponse().isSuccessful()).isTrue();
		}
		// and the DescribeTables that waited for the new table to be active
		assertThat(node.requests()).hasSize(4 + (int) node.stats().requests("DescribeTable")).allSatisfy((request) -> {
			assertThat(request.signatureValid()).isTrue();
			assertThat(request.status()).isEqualTo(200);
		});
	}

	@Test
	void wrongSecretKeyIsRejected() {
		LocalAlternatorNode node = cluster.node(0);
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint(), credentials("ak", "wrong"))) {
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(client::listTables).satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
				assertThat(ex.awsErrorDetails().errorMessage())
					.startsWith("The request signature we calculated does not match the signature you provided.");
			});
		}
		RecordedRequest request = node.requests().get(0);
		assertThat(request.signatureValid()).isFalse();
		assertThat(request.forwarded()).isFalse();
	}

	@Test
	void unknownAccessKeyIsRejected() {
		try (DynamoDbClient client = TestClients.dynamoDb(cluster.node(0).endpoint(), credentials("nobody", "sk"))) {
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(client::listTables)
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
		}
	}

	@Test
	void unsignedRequestIsRejectedAsMissingAuthentication() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		try (DynamoDbClient client = TestClients.dynamoDb(node.endpoint())) {
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(client::listTables).satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException");
			});
		}
		RawHttp.Response response = RawHttp.post(node, "ListTables", "{}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text()).isEqualTo(
				"{\"__type\":\"com.amazon.coral.service#MissingAuthenticationTokenException\",\"message\":\"Authorization header is mandatory for signature verification\"}");
	}

	@Test
	void rawRequestSignedForTheNodeIsServed() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/", sign(node, "sk", "{}", List.of()),
				"{}".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(200);
		assertThat(node.requests().get(0).signatureValid()).isTrue();
	}

	@Test
	void requestSignedForAnotherNodeIsRejected() throws IOException {
		List<Header> signedForFirst = sign(cluster.node(0), "sk", "{}", List.of());
		RawHttp.Response response = RawHttp.exchange(cluster.node(1), "POST", "/", signedForFirst,
				"{}".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text()).startsWith(
				"{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":\"The request signature we calculated does not match the signature you provided.");
		assertThat(cluster.node(1).requests().get(0).signatureValid()).isFalse();
	}

	@Test
	void requestWhoseHostWasChangedIsRejected() throws IOException {
		LocalAlternatorNode second = cluster.node(1);
		List<Header> headers = new ArrayList<>();
		for (Header header : sign(cluster.node(0), "sk", "{}", List.of())) {
			headers.add(header.is("Host") ? new Header("Host", second.address() + ":" + second.port()) : header);
		}
		RawHttp.Response response = RawHttp.exchange(second, "POST", "/", headers,
				"{}".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).as("the Host matches the node but not the signature").isEqualTo(400);
		assertThat(response.text()).contains("InvalidSignatureException");
	}

	@Test
	void changedBodyIsRejected() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/", sign(node, "sk", "{}", List.of()),
				"{ }".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(400);
	}

	@Test
	void signatureCoversTheCompressedBodyBytes() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		byte[] compressed = gzip("{}");
		List<Header> gzipHeader = List.of(new Header("Content-Encoding", "gzip"));
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/", sign(node, "sk", compressed, gzipHeader),
				compressed);
		assertThat(response.status()).isEqualTo(200);
		RawHttp.Response signedOverPlain = RawHttp.exchange(node, "POST", "/", sign(node, "sk", "{}", gzipHeader),
				compressed);
		assertThat(signedOverPlain.status()).isEqualTo(400);
	}

	@Test
	void signedHeaderValuesAreComparedWithRunsOfSpacesCollapsed() throws IOException {
		LocalAlternatorNode node = cluster.node(0);
		List<Header> headers = sign(node, "sk", "{}", List.of(new Header("X-Custom", "a   b  c")));
		assertThat(headers).anySatisfy((header) -> assertThat(header.value()).contains("x-custom"));
		RawHttp.Response response = RawHttp.exchange(node, "POST", "/", headers, "{}".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void healthAndDiscoveryNeedNoSignature() throws IOException {
		LocalAlternatorNode node = cluster.node(1);
		assertThat(RawHttp.get(node, "/").status()).isEqualTo(200);
		assertThat(RawHttp.get(node, "/localnodes").status()).isEqualTo(200);
		assertThat(node.requests()).allSatisfy((request) -> assertThat(request.signatureValid()).isNull());
	}

	private static StaticCredentialsProvider credentials(String accessKey, String secretKey) {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
	}

	private static List<Header> sign(LocalAlternatorNode node, String secretKey, String body, List<Header> extra) {
		return sign(node, secretKey, body.getBytes(StandardCharsets.UTF_8), extra);
	}

	/**
	 * Signs a ListTables request for the node with the SDK's SigV4 signer and returns the
	 * header fields to send (Host included).
	 */
	private static List<Header> sign(LocalAlternatorNode node, String secretKey, byte[] body, List<Header> extra) {
		SdkHttpRequest.Builder request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("http://" + node.address() + ":" + node.port() + "/"))
			.putHeader("X-Amz-Target", LIST_TABLES)
			.putHeader("Content-Type", "application/x-amz-json-1.0");
		for (Header header : extra) {
			request.putHeader(header.name(), header.value());
		}
		SignedRequest signed = AwsV4HttpSigner.create()
			.sign((signing) -> signing.identity(AwsCredentialsIdentity.create("ak", secretKey))
				.request(request.build())
				.payload(ContentStreamProvider.fromByteArray(body))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
		List<Header> headers = new ArrayList<>();
		signed.request()
			.forEachHeader((name, values) -> values.forEach((value) -> headers.add(new Header(name, value))));
		if (headers.stream().noneMatch((header) -> header.is("Host"))) {
			headers.add(new Header("Host", node.address() + ":" + node.port()));
		}
		return headers;
	}

	private static byte[] gzip(String text) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

}
