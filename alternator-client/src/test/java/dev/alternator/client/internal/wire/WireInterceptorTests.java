package dev.alternator.client.internal.wire;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DeflaterOutputStream;

import dev.alternator.client.AlternatorConfig;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WireInterceptorTests {

	private static final byte[] JSON = "{\"Item\":{\"pk\":{\"S\":\"k\"}}}".getBytes(StandardCharsets.UTF_8);

	@Test
	void decodesGzipAndZlibDeflate() throws Exception {
		assertThat(WireInterceptor.decode(WireInterceptor.gzip(JSON, 6), "gzip", "node n")).isEqualTo(JSON);
		ByteArrayOutputStream zlib = new ByteArrayOutputStream();
		try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
			out.write(JSON);
		}
		assertThat(WireInterceptor.decode(zlib.toByteArray(), "deflate", "node n")).isEqualTo(JSON);
	}

	@Test
	void undecodableBodyIsAClearSdkClientException() {
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> WireInterceptor.decode(JSON, "gzip", "node 127.0.0.1:8000"))
			.withMessageContaining("Cannot decode the gzip-encoded response body of node 127.0.0.1:8000");
	}

	@Test
	void encodingTokensAreTrimmedLowerCasedAndStrippedOfParameters() {
		assertThat(WireInterceptor.token(" GZip ; q=1")).isEqualTo("gzip");
	}

	@Test
	void syncBodiesAreReadUpToTheLimitLikeAsyncOnes() throws Exception {
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts("127.0.0.1")
			.responseCompression(List.of("gzip"))
			.build();
		WireInterceptor interceptor = new WireInterceptor(config, 1024);
		AtomicLong read = new AtomicLong();
		InputStream endless = new InputStream() {

			@Override
			public int read() {
				read.incrementAndGet();
				return 0x1f;
			}

		};
		SdkHttpFullRequest request = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("http://127.0.0.1:8000"))
			.build();
		SdkHttpResponse gzipped = SdkHttpResponse.builder()
			.statusCode(200)
			.putHeader("Content-Encoding", "gzip")
			.build();
		ExecutionAttributes attributes = new ExecutionAttributes();
		InterceptorContext headers = InterceptorContext.builder()
			.request(GetItemRequest.builder().build())
			.httpRequest(request)
			.httpResponse(gzipped)
			.build();
		SdkHttpResponse decoded = interceptor.modifyHttpResponse(headers, attributes);
		assertThat(decoded.firstMatchingHeader("Content-Encoding")).isEmpty();
		InterceptorContext body = headers.toBuilder().httpResponse(decoded).responseBody(endless).build();
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> interceptor.modifyHttpResponseContent(body, attributes))
			.withMessage("Encoded response body of node 127.0.0.1:8000 larger than 1024 bytes");
		assertThat(read).hasValue(1025);
	}

	@Test
	void asyncBodiesAreBufferedDecodedAndEmittedOnce() throws Exception {
		byte[] gzip = WireInterceptor.gzip(JSON, 9);
		List<ByteBuffer> chunks = new ArrayList<>();
		for (int i = 0; i < gzip.length; i++) {
			chunks.add(ByteBuffer.wrap(gzip, i, 1).slice());
		}
		Collector ok = new Collector();
		new WireInterceptor.DecodingPublisher(publisher(chunks), "gzip", "node n").subscribe(ok);
		assertThat(ok.done.get(5, TimeUnit.SECONDS)).isNull();
		assertThat(ok.items).singleElement().satisfies((buffer) -> assertThat(bytes(buffer)).isEqualTo(JSON));
		Collector bad = new Collector();
		new WireInterceptor.DecodingPublisher(publisher(List.of(ByteBuffer.wrap(JSON))), "gzip", "node n")
			.subscribe(bad);
		assertThat(bad.done.get(5, TimeUnit.SECONDS)).isInstanceOf(SdkClientException.class)
			.hasMessageContaining("node n");
		assertThat(bad.items).isEmpty();
	}

	/** Emits the buffers synchronously on the first request, then completes. */
	private static Publisher<ByteBuffer> publisher(List<ByteBuffer> buffers) {
		return (subscriber) -> subscriber.onSubscribe(new Subscription() {

			private boolean sent;

			@Override
			public void request(long n) {
				if (!this.sent) {
					this.sent = true;
					buffers.forEach(subscriber::onNext);
					subscriber.onComplete();
				}
			}

			@Override
			public void cancel() {
			}

		});
	}

	/**
	 * Requests one item at a time; {@code done} holds the error, or null on completion.
	 */
	private static final class Collector implements Subscriber<ByteBuffer> {

		final List<ByteBuffer> items = new CopyOnWriteArrayList<>();

		final CompletableFuture<Throwable> done = new CompletableFuture<>();

		private Subscription subscription;

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(ByteBuffer item) {
			this.items.add(item);
			this.subscription.request(1);
		}

		@Override
		public void onError(Throwable failure) {
			this.done.complete(failure);
		}

		@Override
		public void onComplete() {
			this.done.complete(null);
		}

	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
