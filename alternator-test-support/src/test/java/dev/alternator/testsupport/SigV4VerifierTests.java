package dev.alternator.testsupport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static org.assertj.core.api.Assertions.assertThat;

class SigV4VerifierTests {

	private static final String HOST = "127.0.0.1:8000";

	private final SigV4Verifier verifier = new SigV4Verifier(Map.of("ak", "sk"));

	@Test
	void acceptsARequestSignedByTheSdkSigner() {
		byte[] body = "{\"Limit\":1}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.verifier.verify("POST", "", sign("sk", "/", body), body, HOST)).isNull();
	}

	@Test
	void acceptsAQueryStringInTheSignature() {
		byte[] body = new byte[0];
		List<Header> headers = sign("sk", "/?b=2&a=x%20y&a=1", body);
		assertThat(this.verifier.verify("POST", "b=2&a=x%20y&a=1", headers, body, HOST)).isNull();
		assertThat(this.verifier.verify("POST", "b=3&a=x%20y&a=1", headers, body, HOST)).isNotNull();
	}

	@Test
	void rejectsAWrongKeyAnotherHostAndAnUnknownUser() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		ApiError wrongKey = this.verifier.verify("POST", "", sign("other", "/", body), body, HOST);
		assertThat(wrongKey).isNotNull();
		assertThat(wrongKey.status()).isEqualTo(400);
		assertThat(wrongKey.type()).isEqualTo("InvalidSignatureException");
		assertThat(this.verifier.verify("POST", "", sign("sk", "/", body), body, "127.0.0.2:8000")).isNotNull();
		assertThat(new SigV4Verifier(Map.of("someone", "sk")).verify("POST", "", sign("sk", "/", body), body, HOST))
			.isNotNull();
	}

	@Test
	void reportsMissingOrMalformedAuthorization() {
		byte[] body = new byte[0];
		ApiError missing = this.verifier.verify("POST", "", List.of(new Header("Host", HOST)), body, HOST);
		assertThat(missing).isNotNull();
		assertThat(missing.type()).isEqualTo("MissingAuthenticationTokenException");
		ApiError noHost = this.verifier.verify("POST", "", List.of(new Header("Authorization", "x")), body, HOST);
		assertThat(noHost).isNotNull();
		assertThat(noHost.getMessage()).isEqualTo("Host header is mandatory for signature verification");
		ApiError algorithm = this.verifier.verify("POST", "",
				List.of(new Header("Host", HOST), new Header("Authorization", "AWS4-HMAC-SHA1 Credential=a/b/c/d/e")),
				body, HOST);
		assertThat(algorithm).isNotNull();
		assertThat(algorithm.type()).isEqualTo("InvalidSignatureException");
		ApiError credential = this.verifier.verify("POST", "",
				List.of(new Header("Host", HOST), new Header("Authorization", "AWS4-HMAC-SHA256 Credential=a/b")), body,
				HOST);
		assertThat(credential).isNotNull();
		assertThat(credential.type()).isEqualTo("ValidationException");
	}

	@Test
	void canonicalHeadersTrimAndCollapseSpacesAndJoinRepeatedFields() {
		List<Header> headers = List.of(new Header("Host", HOST), new Header("X-B", "a   b"), new Header("x-b", "c"),
				new Header("X-A", "  z "));
		assertThat(SigV4Verifier.canonicalHeaders(headers, "host;x-a;x-b"))
			.isEqualTo("host:" + HOST + "\nx-a:z\nx-b:a b,c\n");
	}

	@Test
	void canonicalQuerySortsAndReencodesParameters() {
		assertThat(SigV4Verifier.canonicalQuery("b=2&a=x%20y&a=1&c")).isEqualTo("a=1&a=x%20y&b=2&c=");
		assertThat(SigV4Verifier.canonicalQuery("")).isEmpty();
		assertThat(SigV4Verifier.encode("a b/ü~")).isEqualTo("a%20b%2F%C3%BC~");
	}

	private static List<Header> sign(String secretKey, String pathAndQuery, byte[] body) {
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("http://" + HOST + pathAndQuery))
			.putHeader("X-Amz-Target", "DynamoDB_20120810.ListTables")
			.build();
		SignedRequest signed = AwsV4HttpSigner.create()
			.sign((signing) -> signing.identity(AwsCredentialsIdentity.create("ak", secretKey))
				.request(request)
				.payload(ContentStreamProvider.fromByteArray(body))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
		List<Header> headers = new ArrayList<>();
		signed.request()
			.forEachHeader((name, values) -> values.forEach((value) -> headers.add(new Header(name, value))));
		if (headers.stream().noneMatch((header) -> header.is("Host"))) {
			headers.add(new Header("Host", HOST));
		}
		return headers;
	}

}
