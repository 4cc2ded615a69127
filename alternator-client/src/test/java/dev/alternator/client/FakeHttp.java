package dev.alternator.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Test helper: in-process sync and async SDK HTTP clients whose attempts answer as a
 * script says (by attempt number, from 1): a status with a DynamoDB JSON body, or no
 * answer at all ({@link #HANG}). Records every attempt's request and the defaults the SDK
 * built the client with.
 */
final class FakeHttp {

	/** Script value for an attempt that never answers. */
	static final int HANG = -1;

	/** Script value for an attempt whose connection is refused (nothing sent). */
	static final int REFUSE = -2;

	final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

	final List<AttributeMap> builtWith = new CopyOnWriteArrayList<>();

	/** The async attempts' response handlers, by attempt. */
	final List<SdkAsyncHttpResponseHandler> handlers = new CopyOnWriteArrayList<>();

	/** The futures returned to the SDK, by attempt. */
	final List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private final IntFunction<Integer> script;

	private volatile Runnable beforeAttempt = () -> {
	};

	FakeHttp(IntFunction<Integer> script) {
		this.script = script;
	}

	/** Every attempt answers this status. */
	static FakeHttp answering(int status) {
		return new FakeHttp((attempt) -> status);
	}

	int attempts() {
		return this.attempts.get();
	}

	/** Runs before each async attempt is answered, with the attempt number set. */
	void beforeAttempt(Runnable action) {
		this.beforeAttempt = action;
	}

	SdkHttpClient.Builder<?> sync() {
		return new SyncBuilder();
	}

	SdkAsyncHttpClient.Builder<?> async() {
		return new AsyncBuilder();
	}

	static byte[] body(int status) {
		String json = (status < 300) ? "{}"
				: "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"fake " + status
						+ "\"}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

	/** A publisher of one buffer. */
	static Publisher<ByteBuffer> single(byte[] body) {
		return (Subscriber<? super ByteBuffer> subscriber) -> subscriber.onSubscribe(new Subscription() {

			private boolean done;

			@Override
			public void request(long n) {
				if (!this.done && n > 0) {
					this.done = true;
					subscriber.onNext(ByteBuffer.wrap(body));
					subscriber.onComplete();
				}
			}

			@Override
			public void cancel() {
				this.done = true;
			}

		});
	}

	private static SdkHttpFullResponse headers(int status, int length) {
		return SdkHttpFullResponse.builder()
			.statusCode(status)
			.putHeader("Content-Type", "application/x-amz-json-1.0")
			.putHeader("Content-Length", Integer.toString(length))
			.build();
	}

	private final class SyncBuilder implements SdkHttpClient.Builder<SyncBuilder> {

		@Override
		public SdkHttpClient buildWithDefaults(AttributeMap defaults) {
			FakeHttp.this.builtWith.add(defaults);
			return new SdkHttpClient() {

				@Override
				public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
					return new SyncAttempt(request.httpRequest());
				}

				@Override
				public void close() {
				}

			};
		}

	}

	private final class SyncAttempt implements ExecutableHttpRequest {

		private final SdkHttpRequest request;

		private final CountDownLatch aborted = new CountDownLatch(1);

		SyncAttempt(SdkHttpRequest request) {
			this.request = request;
		}

		@Override
		public HttpExecuteResponse call() throws IOException {
			FakeHttp.this.requests.add(this.request);
			int status = FakeHttp.this.script.apply(FakeHttp.this.attempts.incrementAndGet());
			if (status == REFUSE) {
				throw new ConnectException("Connection refused");
			}
			if (status == HANG) {
				try {
					this.aborted.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new InterruptedIOException("aborted");
			}
			byte[] body = body(status);
			return HttpExecuteResponse.builder()
				.response(headers(status, body.length))
				.responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
				.build();
		}

		@Override
		public void abort() {
			this.aborted.countDown();
		}

	}

	private final class AsyncBuilder implements SdkAsyncHttpClient.Builder<AsyncBuilder> {

		@Override
		public SdkAsyncHttpClient buildWithDefaults(AttributeMap defaults) {
			FakeHttp.this.builtWith.add(defaults);
			return new SdkAsyncHttpClient() {

				@Override
				public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
					return executeAsync(request);
				}

				@Override
				public void close() {
				}

			};
		}

	}

	private CompletableFuture<Void> executeAsync(AsyncExecuteRequest request) {
		this.requests.add(request.request());
		int attempt = this.attempts.incrementAndGet();
		CompletableFuture<Void> future = new CompletableFuture<>();
		this.handlers.add(request.responseHandler());
		this.futures.add(future);
		this.beforeAttempt.run();
		int status = this.script.apply(attempt);
		if (status == REFUSE) {
			ConnectException refused = new ConnectException("Connection refused");
			request.responseHandler().onError(refused);
			future.completeExceptionally(refused);
		}
		else if (status != HANG) {
			byte[] body = body(status);
			SdkAsyncHttpResponseHandler handler = request.responseHandler();
			handler.onHeaders(headers(status, body.length));
			handler.onStream(single(body));
			future.complete(null);
		}
		return future;
	}

}
