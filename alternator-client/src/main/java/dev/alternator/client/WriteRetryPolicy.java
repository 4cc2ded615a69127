package dev.alternator.client;

/**
 * Whether a write that may already have reached a node is sent again.
 * <p>
 * A failed attempt is retried on the next node of the call's plan. When the attempt
 * failed before its request was sent (connection refused, connect timeout, TLS handshake
 * failure, unknown host, no pooled connection in time), resending is always safe. When it
 * may have been sent (read or attempt timeout, connection reset after sending, a 5xx
 * answer), the node may have applied it: resending an increment applies it twice, and a
 * resent conditional write can fail its own condition.
 *
 * @since 0.1.0
 */
public enum WriteRetryPolicy {

	/**
	 * Calls that are not idempotent are retried only after failures known to be before
	 * the request was sent; after any other failure they fail at once with
	 * {@link AlternatorWriteOutcomeUnknownException}. Idempotent calls are retried as
	 * usual. Which calls are idempotent: see {@link AlternatorRequestOptions}.
	 */
	SAFE,

	/**
	 * The SDK's retry decisions alone: every call, idempotent or not, is retried after
	 * any retryable failure. A call {@linkplain AlternatorRequestOptions#notIdempotent()
	 * marked not idempotent} is still handled as with {@link #SAFE}.
	 */
	SDK

}
