package dev.alternator.client.internal.sdk;

import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.alternator.client.internal.common.Closeables;
import dev.alternator.client.internal.common.Failures;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.wire.HeaderTrimmer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Wraps the SDK's async HTTP client to observe every attempt (node and outcome), like
 * {@link ObservingHttpClient}, trimming headers the same way. An attempt the SDK abandons
 * at its attempt or API-call timeout counts as a timeout; one abandoned because the
 * caller cancelled the call is not held against the node.
 * <p>
 * Thread-safe if the delegate is.
 */
final class ObservingAsyncHttpClient implements SdkAsyncHttpClient {

	private final SdkAsyncHttpClient delegate;

	private final ClientContext context;

	private final @Nullable AutoCloseable owned;

	private final @Nullable HeaderTrimmer trimmer;

	ObservingAsyncHttpClient(SdkAsyncHttpClient delegate, ClientContext context, @Nullable AutoCloseable owned,
			@Nullable HeaderTrimmer trimmer) {
		this.delegate = delegate;
		this.context = context;
		this.owned = owned;
		this.trimmer = trimmer;
	}

	/**
	 * Sends one attempt. The SDK gets a future of its own, not the delegate's: when the
	 * SDK completes it exceptionally while the delegate is still running, the SDK has
	 * abandoned the attempt (attempt timeout, API-call timeout, cancellation) and may
	 * already have started the call's next attempt, which shares the SDK's response
	 * handler with this one. The delegate learns of the abandonment asynchronously and
	 * then reports it to this attempt's handler ({@code onError}); passed on, that late
	 * error would end the next attempt at once. So an abandoned attempt's handler passes
	 * nothing on.
	 */
	@Override
	public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
		SdkHttpRequest http = request.request();
		Node node = this.context.nodeFor(http.host(), http.port());
		Attempt attempt = (node != null) ? new Attempt(node, this.context.ticker().now()) : null;
		ObservedHandler handler = new ObservedHandler(request.responseHandler(), attempt);
		AsyncExecuteRequest.Builder observed = AsyncExecuteRequest.builder()
			.request((this.trimmer != null && node != null) ? this.trimmer.trim(http) : http)
			.requestContentPublisher(request.requestContentPublisher())
			.responseHandler(handler)
			.fullDuplex(request.fullDuplex())
			.httpExecutionAttributes(request.httpExecutionAttributes());
		request.metricCollector().ifPresent(observed::metricCollector);
		CompletableFuture<Void> sent;
		try {
			sent = this.delegate.execute(observed.build());
		}
		catch (RuntimeException | Error ex) {
			if (attempt != null) {
				attempt.ended();
			}
			throw ex;
		}
		CompletableFuture<Void> forSdk = new CompletableFuture<>();
		sent.whenComplete((ignored, failure) -> {
			if (attempt != null) {
				attempt.ended();
			}
			if (failure != null) {
				if (attempt != null) {
					attempt.failed(failure);
				}
				forSdk.completeExceptionally(failure);
			}
			else {
				forSdk.complete(null);
			}
		});
		forSdk.whenComplete((ignored, failure) -> {
			if (failure != null && !sent.isDone()) {
				handler.abandon();
				if (attempt != null) {
					attempt.ended();
					attempt.abandoned(failure);
				}
				sent.completeExceptionally(failure);
			}
		});
		return forSdk;
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
			Closeables.closeQuietly(this.owned);
		}
	}

	private final class Attempt {

		private final Node node;

		private final long start;

		private final AtomicBoolean recorded = new AtomicBoolean();

		private final AtomicBoolean ended = new AtomicBoolean();

		Attempt(Node node, long start) {
			this.node = node;
			this.start = start;
			ObservingAsyncHttpClient.this.context.attemptStarted(node);
		}

		/** The attempt is over for the node's in-flight count: once, on its first end. */
		void ended() {
			if (this.ended.compareAndSet(false, true)) {
				ObservingAsyncHttpClient.this.context.attemptEnded(this.node);
			}
		}

		void answered(int status) {
			if (this.recorded.compareAndSet(false, true)) {
				ObservingAsyncHttpClient.this.context.recordAnswer(this.node, status, this.start);
			}
		}

		void failed(Throwable failure) {
			if (this.recorded.compareAndSet(false, true) && !Failures.isLocal(failure)) {
				ObservingAsyncHttpClient.this.context.recordFailure(this.node, unwrap(failure), false, this.start);
			}
		}

		/**
		 * The SDK gave up on the attempt: its attempt or API-call timeout counts as a
		 * timeout of the node; the caller's cancellation says nothing about the node.
		 */
		void abandoned(Throwable failure) {
			Throwable cause = unwrap(failure);
			boolean cancelled = cause instanceof CancellationException;
			if (this.recorded.compareAndSet(false, true) && !cancelled) {
				ObservingAsyncHttpClient.this.context.recordFailure(this.node, cause, true, this.start);
			}
		}

		private static Throwable unwrap(Throwable failure) {
			return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
					: failure;
		}

	}

	/**
	 * Passes an attempt's response on to the SDK's handler, recording the answer, until
	 * the SDK abandons the attempt; after that it passes nothing on.
	 */
	private static final class ObservedHandler implements SdkAsyncHttpResponseHandler {

		private final SdkAsyncHttpResponseHandler delegate;

		private final @Nullable Attempt attempt;

		private volatile boolean abandoned;

		ObservedHandler(SdkAsyncHttpResponseHandler delegate, @Nullable Attempt attempt) {
			this.delegate = delegate;
			this.attempt = attempt;
		}

		void abandon() {
			this.abandoned = true;
		}

		@Override
		public void onHeaders(SdkHttpResponse headers) {
			if (this.abandoned) {
				return;
			}
			if (this.attempt != null) {
				this.attempt.answered(headers.statusCode());
			}
			this.delegate.onHeaders(headers);
		}

		@Override
		public void onStream(Publisher<ByteBuffer> stream) {
			if (this.abandoned) {
				stream.subscribe(new Discarding());
				return;
			}
			this.delegate.onStream(stream);
		}

		@Override
		public void onError(Throwable error) {
			if (this.attempt != null) {
				this.attempt.failed(error);
			}
			if (!this.abandoned) {
				this.delegate.onError(error);
			}
		}

	}

	/** Cancels the body of a response nobody waits for any more. */
	private static final class Discarding implements Subscriber<ByteBuffer> {

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.cancel();
		}

		@Override
		public void onNext(ByteBuffer item) {
		}

		@Override
		public void onError(Throwable failure) {
		}

		@Override
		public void onComplete() {
		}

	}

	/**
	 * Builds the delegate with the library's HTTP defaults beneath the user's explicit
	 * settings, then wraps it.
	 */
	static final class Builder implements SdkAsyncHttpClient.Builder<Builder> {

		private final SdkAsyncHttpClient.Builder<?> delegate;

		private final AttributeMap defaults;

		private final ClientContext context;

		private final @Nullable AutoCloseable owned;

		private final @Nullable HeaderTrimmer trimmer;

		Builder(SdkAsyncHttpClient.Builder<?> delegate, AttributeMap defaults, ClientContext context,
				@Nullable AutoCloseable owned, @Nullable HeaderTrimmer trimmer) {
			this.delegate = delegate;
			this.defaults = defaults;
			this.context = context;
			this.owned = owned;
			this.trimmer = trimmer;
		}

		@Override
		public SdkAsyncHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
			SdkAsyncHttpClient client = this.delegate.buildWithDefaults(this.defaults.merge(serviceDefaults));
			return new ObservingAsyncHttpClient(client, this.context, this.owned, this.trimmer);
		}

	}

}
