package dev.alternator.client.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Wraps the SDK's async HTTP client to observe every attempt (node and outcome), like
 * {@link ObservingHttpClient}, trimming headers the same way. An attempt cancelled by the
 * SDK (attempt timeout) counts as a timeout.
 * <p>
 * Thread-safe if the delegate is.
 */
final class ObservingAsyncHttpClient implements SdkAsyncHttpClient {

	private final SdkAsyncHttpClient delegate;

	private final ClientContext engine;

	private final @Nullable AutoCloseable owned;

	private final @Nullable HeaderTrimmer trimmer;

	ObservingAsyncHttpClient(SdkAsyncHttpClient delegate, ClientContext engine, @Nullable AutoCloseable owned,
			@Nullable HeaderTrimmer trimmer) {
		this.delegate = delegate;
		this.engine = engine;
		this.owned = owned;
		this.trimmer = trimmer;
	}

	@Override
	public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
		SdkHttpRequest http = request.request();
		Node node = this.engine.nodeFor(http.host(), http.port());
		if (node == null) {
			return this.delegate.execute(request);
		}
		Attempt attempt = new Attempt(node, this.engine.ticker().now());
		AsyncExecuteRequest.Builder observed = AsyncExecuteRequest.builder()
			.request((this.trimmer != null) ? this.trimmer.trim(http) : http)
			.requestContentPublisher(request.requestContentPublisher())
			.responseHandler(new ObservedHandler(request.responseHandler(), attempt))
			.fullDuplex(request.fullDuplex())
			.httpExecutionAttributes(request.httpExecutionAttributes());
		request.metricCollector().ifPresent(observed::metricCollector);
		CompletableFuture<Void> future = this.delegate.execute(observed.build());
		future.whenComplete((ignored, failure) -> {
			if (failure != null) {
				attempt.failed(failure);
			}
		});
		return future;
	}

	@Override
	public String clientName() {
		return this.delegate.clientName();
	}

	@Override
	public void close() {
		try {
			this.delegate.close();
		}
		finally {
			ClientFactory.closeQuietly(this.owned);
		}
	}

	private final class Attempt {

		private final Node node;

		private final long start;

		private final AtomicBoolean recorded = new AtomicBoolean();

		Attempt(Node node, long start) {
			this.node = node;
			this.start = start;
		}

		void answered(int status) {
			if (this.recorded.compareAndSet(false, true)) {
				ObservingAsyncHttpClient.this.engine.recordAnswer(this.node, status, this.start);
			}
		}

		void failed(Throwable failure) {
			if (this.recorded.compareAndSet(false, true)) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				ObservingAsyncHttpClient.this.engine.recordFailure(this.node, cause,
						cause instanceof CancellationException, this.start);
			}
		}

	}

	private static final class ObservedHandler implements SdkAsyncHttpResponseHandler {

		private final SdkAsyncHttpResponseHandler delegate;

		private final Attempt attempt;

		ObservedHandler(SdkAsyncHttpResponseHandler delegate, Attempt attempt) {
			this.delegate = delegate;
			this.attempt = attempt;
		}

		@Override
		public void onHeaders(SdkHttpResponse headers) {
			this.attempt.answered(headers.statusCode());
			this.delegate.onHeaders(headers);
		}

		@Override
		public void onStream(Publisher<ByteBuffer> stream) {
			this.delegate.onStream(stream);
		}

		@Override
		public void onError(Throwable error) {
			this.attempt.failed(error);
			this.delegate.onError(error);
		}

	}

	/**
	 * Builds the delegate with the library's HTTP defaults beneath the user's explicit
	 * settings, then wraps it.
	 */
	static final class Builder implements SdkAsyncHttpClient.Builder<Builder> {

		private final SdkAsyncHttpClient.Builder<?> delegate;

		private final AttributeMap defaults;

		private final ClientContext engine;

		private final @Nullable AutoCloseable owned;

		private final @Nullable HeaderTrimmer trimmer;

		Builder(SdkAsyncHttpClient.Builder<?> delegate, AttributeMap defaults, ClientContext engine,
				@Nullable AutoCloseable owned, @Nullable HeaderTrimmer trimmer) {
			this.delegate = delegate;
			this.defaults = defaults;
			this.engine = engine;
			this.owned = owned;
			this.trimmer = trimmer;
		}

		@Override
		public SdkAsyncHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
			SdkAsyncHttpClient client = this.delegate.buildWithDefaults(this.defaults.merge(serviceDefaults));
			return new ObservingAsyncHttpClient(client, this.engine, this.owned, this.trimmer);
		}

	}

}
