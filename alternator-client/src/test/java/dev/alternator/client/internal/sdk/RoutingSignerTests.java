package dev.alternator.client.internal.sdk;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingSignerTests {

	private static final AwsCredentialsIdentity IDENTITY = AwsBasicCredentials.create("access", "secret");

	private final SdkHttpRequest placeholder = request("10.0.0.1");

	private final SdkHttpRequest routed = request("10.0.0.2");

	@Test
	void theSignerSeesTheRoutedRequestAndEverythingElseOfTheSdksSignRequest() {
		ContentStreamProvider payload = ContentStreamProvider.fromUtf8String("{}");
		SignRequest<AwsCredentialsIdentity> original = SignRequest.builder(IDENTITY)
			.request(this.placeholder)
			.payload(payload)
			.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
			.build();
		SignRequest<AwsCredentialsIdentity> view = new RoutingSigner.RoutedSignRequest<>(original, this.routed);
		assertThat(view.request()).isSameAs(this.routed);
		assertThat(view.payload()).containsSame(payload);
		assertThat(view.identity()).isSameAs(IDENTITY);
		assertThat(view.property(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME)).isEqualTo("dynamodb");
		assertThat(view.hasProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME)).isTrue();
		assertThat(view.hasProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE)).isFalse();
		SignRequest<AwsCredentialsIdentity> copy = view.copy((builder) -> {
		});
		assertThat(copy.request()).isSameAs(this.routed);
		assertThat(copy.property(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME)).isEqualTo("dynamodb");
	}

	@Test
	void theAsyncSignerSeesTheRoutedRequestAndEverythingElseOfTheSdksSignRequest() {
		Publisher<ByteBuffer> payload = (subscriber) -> {
		};
		AsyncSignRequest<AwsCredentialsIdentity> original = AsyncSignRequest.builder(IDENTITY)
			.request(this.placeholder)
			.payload(payload)
			.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
			.build();
		AsyncSignRequest<AwsCredentialsIdentity> view = new RoutingSigner.RoutedAsyncSignRequest<>(original,
				this.routed);
		assertThat(view.request()).isSameAs(this.routed);
		assertThat(view.payload()).containsSame(payload);
		assertThat(view.identity()).isSameAs(IDENTITY);
		assertThat(view.property(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME)).isEqualTo("dynamodb");
		assertThat(view.toBuilder().build().request()).isSameAs(this.routed);
	}

	private static SdkHttpRequest request(String host) {
		return SdkHttpRequest.builder().protocol("http").host(host).port(8000).method(SdkHttpMethod.POST).build();
	}

}
