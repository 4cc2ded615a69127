package dev.alternator.client;

/**
 * How one HTTP attempt to one node ended, as far as node health is concerned.
 *
 * @since 0.1.0
 */
public enum AttemptOutcome {

	/**
	 * The node answered with a status below 500 (client errors such as a failed condition
	 * are answers too).
	 */
	SUCCESS,

	/**
	 * The node answered with a 5xx status.
	 */
	SERVER_ERROR,

	/**
	 * The attempt timed out (attempt timeout or socket read timeout) after the request
	 * was sent.
	 */
	TIMEOUT,

	/**
	 * The connection could not be made or was reset before a response: refused, reset,
	 * connect timeout, unknown host. Quarantines the node at once.
	 */
	CONNECTION_FAILURE,

	/**
	 * Any other I/O failure.
	 */
	OTHER_FAILURE

}
