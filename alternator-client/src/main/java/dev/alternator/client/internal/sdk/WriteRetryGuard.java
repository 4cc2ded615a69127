package dev.alternator.client.internal.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import dev.alternator.client.AlternatorWriteOutcomeUnknownException;
import dev.alternator.client.internal.common.Failures;
import dev.alternator.client.internal.node.Node;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;

/**
 * A retry strategy that lets the SDK's strategy decide, except that a guarded call (not
 * idempotent, see {@link Routing}) is not retried after a failure that may have come
 * after its request reached the node ({@link #mayHaveReachedNode(Throwable)}): such a
 * refusal is counted on the node, and the call fails with
 * {@link AlternatorWriteOutcomeUnknownException}, which the SDK passes on as it is.
 * <p>
 * A guarded call's retry tokens wrap the delegate's, so the guard knows the call on every
 * refresh; other calls get the delegate's tokens as they are.
 * <p>
 * Thread-safe if the delegate is.
 */
final class WriteRetryGuard implements RetryStrategy {

	private static final int FIRST_SERVER_ERROR = 500;

	private final RetryStrategy delegate;

	private final Routing routing;

	WriteRetryGuard(RetryStrategy delegate, Routing routing) {
		this.delegate = delegate;
		this.routing = routing;
	}

	/**
	 * The strategy a guard wraps.
	 * @return the SDK's (or the user's) strategy
	 */
	RetryStrategy delegate() {
		return this.delegate;
	}

	/**
	 * Whether a failed attempt may have reached the node, which may then have applied it:
	 * a 5xx answer, an attempt timeout, or an I/O failure that is not known to be before
	 * sending ({@link Failures#beforeSending(Throwable)}). An answer below 500 is the
	 * server refusing the request (throttling, a failed condition): it was not applied.
	 * Other client-side failures (signing, marshalling, a refused attempt of an ended
	 * call) happen before sending.
	 * @param failure the attempt's failure as the SDK reports it
	 * @return whether resending could apply the write twice
	 */
	static boolean mayHaveReachedNode(Throwable failure) {
		if (failure instanceof SdkServiceException service) {
			return service.statusCode() >= FIRST_SERVER_ERROR;
		}
		if (Failures.beforeSending(failure)) {
			return false;
		}
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof ApiCallAttemptTimeoutException || t instanceof IOException
					|| t instanceof UncheckedIOException) {
				return true;
			}
		}
		return false;
	}

	@Override
	public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
		AcquireInitialTokenResponse response = this.delegate.acquireInitialToken(request);
		Routing.Call call = this.routing.takePendingGuarded();
		if (call == null) {
			return response;
		}
		return AcquireInitialTokenResponse.create(new GuardedToken(response.token(), call), response.delay());
	}

	/**
	 * The SDK's asynchronous acquisition (in the SDK versions that have it) runs on the
	 * calling thread, like the synchronous one.
	 * @param request the request
	 * @return the token
	 */
	public CompletableFuture<AcquireInitialTokenResponse> acquireInitialTokenAsync(AcquireInitialTokenRequest request) {
		try {
			return CompletableFuture.completedFuture(acquireInitialToken(request));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
		if (!(request.token() instanceof GuardedToken guarded)) {
			return this.delegate.refreshRetryToken(request);
		}
		Routing.Call call = guarded.call;
		Throwable failure = request.failure();
		if (mayHaveReachedNode(failure)) {
			Node node = call.lastNode;
			if (node != null) {
				this.routing.context().recordWriteNotRetried(node);
			}
			// Thrown instead of the SDK's refusal: the SDK then ends the call with this
			// exception rather than with the attempt's failure, and an interceptor could
			// not change the failure's type.
			throw AlternatorWriteOutcomeUnknownException.create(String.valueOf(call.guardedOperation),
					(node != null) ? node.address() : "(unknown)", failure);
		}
		RefreshRetryTokenResponse response = this.delegate
			.refreshRetryToken(request.toBuilder().token(guarded.delegate).build());
		return RefreshRetryTokenResponse.create(new GuardedToken(response.token(), call), response.delay());
	}

	/**
	 * The asynchronous form: a refusal is a failed future, as the SDK expects (its
	 * default would throw it on the caller's thread instead).
	 * @param request the request
	 * @return the refreshed token, or a failed future
	 */
	public CompletableFuture<RefreshRetryTokenResponse> refreshRetryTokenAsync(RefreshRetryTokenRequest request) {
		try {
			return CompletableFuture.completedFuture(refreshRetryToken(request));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
		RetryToken token = request.token();
		if (token instanceof GuardedToken guarded) {
			return this.delegate.recordSuccess(RecordSuccessRequest.create(guarded.delegate));
		}
		return this.delegate.recordSuccess(request);
	}

	@Override
	public int maxAttempts() {
		return this.delegate.maxAttempts();
	}

	@Override
	public boolean useClientDefaults() {
		return false;
	}

	@Override
	public Builder toBuilder() {
		return new Builder(this.delegate.toBuilder(), this.routing);
	}

	/**
	 * The delegate's builder; building wraps the result in a guard again.
	 */
	static final class Builder implements RetryStrategy.Builder<Builder, WriteRetryGuard> {

		private final RetryStrategy.Builder<?, ?> delegate;

		private final Routing routing;

		Builder(RetryStrategy.Builder<?, ?> delegate, Routing routing) {
			this.delegate = delegate;
			this.routing = routing;
		}

		@Override
		public Builder retryOnException(Predicate<Throwable> shouldRetry) {
			this.delegate.retryOnException(shouldRetry);
			return this;
		}

		@Override
		public Builder maxAttempts(int maxAttempts) {
			this.delegate.maxAttempts(maxAttempts);
			return this;
		}

		@Override
		public Builder backoffStrategy(BackoffStrategy backoffStrategy) {
			this.delegate.backoffStrategy(backoffStrategy);
			return this;
		}

		@Override
		public Builder throttlingBackoffStrategy(BackoffStrategy backoffStrategy) {
			this.delegate.throttlingBackoffStrategy(backoffStrategy);
			return this;
		}

		@Override
		public Builder treatAsThrottling(Predicate<Throwable> treatAsThrottling) {
			this.delegate.treatAsThrottling(treatAsThrottling);
			return this;
		}

		@Override
		public WriteRetryGuard build() {
			return new WriteRetryGuard(this.delegate.build(), this.routing);
		}

	}

	/** A guarded call's token: the delegate's token and the call. */
	private static final class GuardedToken implements RetryToken {

		final RetryToken delegate;

		final Routing.Call call;

		GuardedToken(RetryToken delegate, Routing.Call call) {
			this.delegate = delegate;
			this.call = call;
		}

		@Override
		public String toString() {
			return "GuardedToken[" + this.delegate + "]";
		}

	}

}
