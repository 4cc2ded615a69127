package dev.alternator.client;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A call that is not idempotent failed after its request may have reached a node, so it
 * was not sent again: the write may or may not have been applied. The application decides
 * what to do — read the item back, retry with a condition that detects a first success,
 * or report the failure.
 * <p>
 * {@link #getCause()} is the failure of the last attempt (an attempt timeout, a 5xx
 * answer, a connection reset after sending, ...). Never retried by the SDK.
 *
 * @since 0.1.0
 * @see WriteRetryPolicy
 */
public final class AlternatorWriteOutcomeUnknownException extends SdkClientException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String node;

	private AlternatorWriteOutcomeUnknownException(BuilderImpl builder) {
		super(builder);
		this.node = builder.node;
	}

	/**
	 * Creates the exception for an attempt to a node.
	 * @param operation the operation name, e.g. {@code UpdateItem}
	 * @param node the address of the node the last attempt went to
	 * @param cause how the last attempt failed
	 * @return the exception
	 */
	public static AlternatorWriteOutcomeUnknownException create(String operation, String node, Throwable cause) {
		String message = operation + " may or may not have been applied: its attempt to node " + node
				+ " failed after the request may have reached the node (" + cause.getMessage()
				+ "), and it was not retried because it is not idempotent (see WriteRetryPolicy)";
		BuilderImpl builder = new BuilderImpl();
		builder.message(message).cause(cause);
		builder.node = node;
		return builder.build();
	}

	/**
	 * The node the last attempt went to.
	 * @return its address as the node list shows it, or {@code null} if unknown
	 */
	public @Nullable String node() {
		return this.node;
	}

	@Override
	public boolean retryable() {
		return false;
	}

	@Override
	public Builder toBuilder() {
		return new BuilderImpl(this);
	}

	/**
	 * A builder that keeps the exception's type and node (the SDK rebuilds exceptions,
	 * e.g. to add the attempt count).
	 *
	 * @since 0.1.0
	 */
	public interface Builder extends SdkClientException.Builder {

		@Override
		Builder message(String message);

		@Override
		Builder cause(Throwable cause);

		@Override
		Builder writableStackTrace(Boolean writableStackTrace);

		@Override
		Builder numAttempts(Integer numAttempts);

		@Override
		AlternatorWriteOutcomeUnknownException build();

	}

	private static final class BuilderImpl extends SdkClientException.BuilderImpl implements Builder {

		private @Nullable String node;

		BuilderImpl() {
		}

		BuilderImpl(AlternatorWriteOutcomeUnknownException ex) {
			super(ex);
			this.node = ex.node;
		}

		@Override
		public Builder message(String message) {
			super.message(message);
			return this;
		}

		@Override
		public Builder cause(Throwable cause) {
			super.cause(cause);
			return this;
		}

		@Override
		public Builder writableStackTrace(Boolean writableStackTrace) {
			super.writableStackTrace(writableStackTrace);
			return this;
		}

		@Override
		public Builder numAttempts(Integer numAttempts) {
			super.numAttempts(numAttempts);
			return this;
		}

		@Override
		public AlternatorWriteOutcomeUnknownException build() {
			return new AlternatorWriteOutcomeUnknownException(this);
		}

	}

}
