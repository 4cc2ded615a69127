package dev.alternator.client.internal.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.RequestCompression;
import dev.alternator.client.internal.common.Logging;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Request and response compression.
 * <p>
 * Requests: the body is gzip-compressed once per call, before the SDK signs it (content
 * interceptors run before signing), so the signature covers the compressed bytes and
 * every attempt replays the same byte array. Only bodies at or above the minimum size are
 * compressed, and only when gzip makes them smaller; if compression fails the original
 * body is sent without {@code Content-Encoding}.
 * <p>
 * Responses: {@code Accept-Encoding} is set before signing; a response whose
 * {@code Content-Encoding} is one configured token is decoded ({@code deflate} = zlib,
 * RFC 1950) and loses its {@code Content-Encoding} and {@code Content-Length} headers.
 * Sync bodies are decoded at once; async bodies are buffered and emitted once. Both paths
 * read at most {@value #MAX_DECODED_BYTES} encoded bytes and produce at most as many
 * decoded bytes; a larger or undecodable body fails the attempt with an
 * {@link SdkClientException} naming the node.
 * <p>
 * Thread-safe (per-call state lives in execution attributes).
 */
public final class WireInterceptor implements ExecutionInterceptor {

	/**
	 * Largest decoded response accepted (a guard against compression bombs; DynamoDB
	 * pages are at most 1 MB).
	 */
	static final int MAX_DECODED_BYTES = 64 << 20;

	private static final ExecutionAttribute<Compressed> COMPRESSED = new ExecutionAttribute<>(
			"AlternatorCompressedBody");

	private static final ExecutionAttribute<String> RESPONSE_ENCODING = new ExecutionAttribute<>(
			"AlternatorResponseEncoding");

	private static final String IDENTITY = "identity";

	private final boolean compress;

	private final int minSize;

	private final int level;

	private final List<String> accepted;

	private final @Nullable String acceptEncoding;

	private final int maxBodyBytes;

	public WireInterceptor(AlternatorConfig config) {
		this(config, MAX_DECODED_BYTES);
	}

	/**
	 * Creates the interceptor with another body limit (tests).
	 * @param config the configuration
	 * @param maxBodyBytes the largest encoded and decoded response body accepted
	 */
	public WireInterceptor(AlternatorConfig config, int maxBodyBytes) {
		this.maxBodyBytes = maxBodyBytes;
		this.compress = config.compression() == RequestCompression.GZIP;
		this.minSize = config.minCompressionSizeBytes();
		this.level = config.compressionLevel();
		this.accepted = config.responseCompression();
		this.acceptEncoding = this.accepted.isEmpty() ? null : String.join(", ", this.accepted);
	}

	/**
	 * Whether this interceptor has anything to do.
	 * @param config the configuration
	 * @return whether request or response compression is on
	 */
	public static boolean needed(AlternatorConfig config) {
		return config.compression() != RequestCompression.NONE || !config.responseCompression().isEmpty();
	}

	@Override
	public Optional<AsyncRequestBody> modifyAsyncHttpContent(Context.ModifyHttpRequest context,
			ExecutionAttributes executionAttributes) {
		Compressed compressed = compressOnce(context, executionAttributes);
		if (compressed.bytes != null && context.asyncRequestBody().isPresent()) {
			return Optional.of(AsyncRequestBody.fromBytes(compressed.bytes));
		}
		return context.asyncRequestBody();
	}

	@Override
	public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
			ExecutionAttributes executionAttributes) {
		Compressed compressed = compressOnce(context, executionAttributes);
		if (compressed.bytes != null && context.requestBody().isPresent()) {
			String type = context.httpRequest().firstMatchingHeader("Content-Type").orElse("application/octet-stream");
			byte[] bytes = compressed.bytes;
			// every attempt reads the same array: retries send identical bytes
			return Optional
				.of(RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length, type));
		}
		return context.requestBody();
	}

	@Override
	public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
			ExecutionAttributes executionAttributes) {
		Compressed compressed = compressOnce(context, executionAttributes);
		if (compressed.bytes == null && this.acceptEncoding == null) {
			return context.httpRequest();
		}
		SdkHttpRequest.Builder builder = context.httpRequest().toBuilder();
		if (compressed.bytes != null) {
			builder.putHeader("Content-Encoding", "gzip")
				.putHeader("Content-Length", Integer.toString(compressed.bytes.length));
		}
		if (this.acceptEncoding != null) {
			builder.putHeader("Accept-Encoding", this.acceptEncoding);
		}
		return builder.build();
	}

	/**
	 * Compresses the call's body the first time a content hook asks, then returns the
	 * same result for the rest of the call.
	 */
	private Compressed compressOnce(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
		Compressed done = attributes.getAttribute(COMPRESSED);
		if (done != null) {
			return done;
		}
		Compressed result = Compressed.NONE;
		if (this.compress && context.requestBody().isPresent()
				&& context.httpRequest().firstMatchingHeader("Content-Encoding").isEmpty()) {
			result = compress(context.requestBody().get());
		}
		attributes.putAttribute(COMPRESSED, result);
		return result;
	}

	private Compressed compress(RequestBody body) {
		byte[] original;
		try (InputStream in = body.contentStreamProvider().newStream()) {
			original = in.readAllBytes();
		}
		catch (IOException | RuntimeException ex) {
			Logging.LOGGER.debug("Request body not compressed: cannot read it", ex);
			return Compressed.NONE;
		}
		if (original.length == 0 || original.length < this.minSize) {
			return Compressed.NONE;
		}
		try {
			byte[] gzipped = gzip(original, this.level);
			return (gzipped.length < original.length) ? new Compressed(gzipped) : Compressed.NONE;
		}
		catch (IOException | RuntimeException ex) {
			Logging.LOGGER.debug("Request body sent uncompressed: gzip failed", ex);
			return Compressed.NONE;
		}
	}

	static byte[] gzip(byte[] data, int level) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
		try (OutputStream gzip = new LeveledGzipOutputStream(out, level)) {
			gzip.write(data);
		}
		return out.toByteArray();
	}

	@Override
	public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
			ExecutionAttributes executionAttributes) {
		SdkHttpResponse response = context.httpResponse();
		if (this.accepted.isEmpty()) {
			return response;
		}
		String encoding = response.firstMatchingHeader("Content-Encoding").map(WireInterceptor::token).orElse("");
		if (!this.accepted.contains(encoding)) {
			executionAttributes.putAttribute(RESPONSE_ENCODING, IDENTITY);
			return response;
		}
		executionAttributes.putAttribute(RESPONSE_ENCODING, encoding);
		return response.toBuilder().removeHeader("Content-Encoding").removeHeader("Content-Length").build();
	}

	@Override
	public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
			ExecutionAttributes executionAttributes) {
		String encoding = executionAttributes.getAttribute(RESPONSE_ENCODING);
		Optional<InputStream> body = context.responseBody();
		if (encoding == null || encoding.equals(IDENTITY) || body.isEmpty()) {
			return body;
		}
		String node = node(context.httpRequest());
		try (InputStream in = body.get()) {
			// bounded like the async path: a huge or endless body fails instead of
			// filling the heap
			byte[] encoded = in.readNBytes(this.maxBodyBytes + 1);
			if (encoded.length > this.maxBodyBytes) {
				throw tooLarge(node, this.maxBodyBytes);
			}
			return Optional.of(new ByteArrayInputStream(decode(encoded, encoding, node, this.maxBodyBytes)));
		}
		catch (IOException ex) {
			throw SdkClientException.builder()
				.message("Cannot read the " + encoding + " response of " + node + ": " + ex.getMessage())
				.cause(ex)
				.build();
		}
	}

	@Override
	public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context,
			ExecutionAttributes executionAttributes) {
		String encoding = executionAttributes.getAttribute(RESPONSE_ENCODING);
		Optional<Publisher<ByteBuffer>> body = context.responsePublisher();
		if (encoding == null || encoding.equals(IDENTITY) || body.isEmpty()) {
			return body;
		}
		return Optional.of(new DecodingPublisher(body.get(), encoding, node(context.httpRequest()), this.maxBodyBytes));
	}

	private static String node(SdkHttpRequest request) {
		return "node " + request.host() + ":" + request.port();
	}

	/**
	 * The encoding token of a {@code Content-Encoding} value: trimmed, lower case,
	 * without parameters.
	 */
	static String token(String value) {
		int semicolon = value.indexOf(';');
		String token = (semicolon >= 0) ? value.substring(0, semicolon) : value;
		return token.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * Decodes a whole body.
	 * @throws SdkClientException when the body is not valid for its encoding
	 */
	static byte[] decode(byte[] body, String encoding, String node) {
		return decode(body, encoding, node, MAX_DECODED_BYTES);
	}

	private static SdkClientException tooLarge(String node, int limit) {
		return SdkClientException.create("Encoded response body of " + node + " larger than " + limit + " bytes");
	}

	/**
	 * Decodes a whole body into at most {@code limit} bytes.
	 * @throws SdkClientException when the body is not valid for its encoding or decodes
	 * to more than {@code limit} bytes
	 */
	static byte[] decode(byte[] body, String encoding, String node, int limit) {
		try (InputStream in = encoding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(body))
				: new InflaterInputStream(new ByteArrayInputStream(body))) {
			byte[] decoded = in.readNBytes(limit + 1);
			if (decoded.length > limit) {
				throw new IOException("decoded body larger than " + limit + " bytes");
			}
			return decoded;
		}
		catch (IOException | RuntimeException ex) {
			throw SdkClientException.builder()
				.message("Cannot decode the " + encoding + "-encoded response body of " + node + ": " + ex)
				.cause(ex)
				.build();
		}
	}

	/**
	 * A compressed body, or {@link #NONE}.
	 */
	private static final class Compressed {

		static final Compressed NONE = new Compressed(null);

		final byte @Nullable [] bytes;

		Compressed(byte @Nullable [] bytes) {
			this.bytes = bytes;
		}

	}

	/**
	 * {@link GZIPOutputStream} with a compression level.
	 */
	private static final class LeveledGzipOutputStream extends GZIPOutputStream {

		LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
			super(out);
			this.def.setLevel(level);
		}

	}

	/**
	 * Buffers an encoded body, decodes it when complete and emits it as one buffer once
	 * there is demand.
	 */
	static final class DecodingPublisher implements Publisher<ByteBuffer> {

		private final Publisher<ByteBuffer> upstream;

		private final String encoding;

		private final String node;

		private final int limit;

		DecodingPublisher(Publisher<ByteBuffer> upstream, String encoding, String node) {
			this(upstream, encoding, node, MAX_DECODED_BYTES);
		}

		DecodingPublisher(Publisher<ByteBuffer> upstream, String encoding, String node, int limit) {
			this.upstream = upstream;
			this.encoding = encoding;
			this.node = node;
			this.limit = limit;
		}

		@Override
		public void subscribe(Subscriber<? super ByteBuffer> downstream) {
			this.upstream.subscribe(new Decoder(downstream));
		}

		private final class Decoder implements Subscriber<ByteBuffer>, Subscription {

			private final Subscriber<? super ByteBuffer> downstream;

			private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

			/** Guarded by {@code this}. */
			private @Nullable Subscription subscription;

			/** Guarded by {@code this}. */
			private @Nullable ByteBuffer decoded;

			/** Guarded by {@code this}. */
			private boolean demanded;

			/** Guarded by {@code this}. */
			private boolean done;

			Decoder(Subscriber<? super ByteBuffer> downstream) {
				this.downstream = downstream;
			}

			@Override
			public void onSubscribe(Subscription subscription) {
				synchronized (this) {
					this.subscription = subscription;
				}
				this.downstream.onSubscribe(this);
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(ByteBuffer item) {
				boolean overLimit;
				synchronized (this) {
					if (this.done) {
						return;
					}
					byte[] bytes = new byte[item.remaining()];
					item.get(bytes);
					this.buffer.write(bytes, 0, bytes.length);
					overLimit = this.buffer.size() > DecodingPublisher.this.limit;
				}
				if (overLimit) {
					fail(tooLarge(DecodingPublisher.this.node, DecodingPublisher.this.limit));
					cancelUpstream();
				}
			}

			@Override
			public void onError(Throwable failure) {
				fail(failure);
			}

			@Override
			public void onComplete() {
				byte[] body;
				synchronized (this) {
					if (this.done) {
						return;
					}
					body = this.buffer.toByteArray();
				}
				ByteBuffer result;
				try {
					result = ByteBuffer.wrap(decode(body, DecodingPublisher.this.encoding, DecodingPublisher.this.node,
							DecodingPublisher.this.limit));
				}
				catch (SdkClientException ex) {
					fail(ex);
					return;
				}
				synchronized (this) {
					this.decoded = result;
				}
				emitIfReady();
			}

			@Override
			public void request(long n) {
				if (n <= 0) {
					fail(new IllegalArgumentException("non-positive request " + n + " (reactive streams rule 3.9)"));
					cancelUpstream();
					return;
				}
				synchronized (this) {
					this.demanded = true;
				}
				emitIfReady();
			}

			@Override
			public void cancel() {
				synchronized (this) {
					this.done = true;
				}
				cancelUpstream();
			}

			private void cancelUpstream() {
				Subscription current;
				synchronized (this) {
					current = this.subscription;
				}
				if (current != null) {
					current.cancel();
				}
			}

			private void emitIfReady() {
				ByteBuffer result;
				synchronized (this) {
					if (this.done || !this.demanded || this.decoded == null) {
						return;
					}
					this.done = true;
					result = this.decoded;
				}
				this.downstream.onNext(result);
				this.downstream.onComplete();
			}

			private void fail(Throwable failure) {
				synchronized (this) {
					if (this.done) {
						return;
					}
					this.done = true;
				}
				this.downstream.onError(failure);
			}

		}

	}

}
