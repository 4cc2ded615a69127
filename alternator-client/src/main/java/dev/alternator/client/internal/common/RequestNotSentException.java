package dev.alternator.client.internal.common;

import java.io.IOException;

/**
 * An attempt's I/O failure that an HTTP client wrapper knows happened before the request
 * was completely sent — a blocking socket refused the request's bytes — so the node
 * cannot have applied it. It keeps the original failure's message and has it as cause, so
 * that health classification sees the same failure.
 */
public final class RequestNotSentException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Wraps a failure.
	 * @param cause the HTTP client's failure
	 */
	public RequestNotSentException(IOException cause) {
		super(cause.getMessage(), cause);
	}

}
