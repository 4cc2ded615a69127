package dev.alternator.client.internal.discovery;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The node directory's own HTTP requests: {@code GET /localnodes} for discovery and
 * {@code GET /} for health probes. Each request ends within its deadline, answered or
 * not.
 * <p>
 * Implementations are thread-safe.
 */
public interface ControlClient extends AutoCloseable {

	/**
	 * Sends a GET and reads the whole body, within one deadline.
	 * @param uri the URI
	 * @param deadline the total deadline
	 * @return the response
	 * @throws IOException on any failure, including the deadline
	 */
	Response get(URI uri, Duration deadline) throws IOException;

	@Override
	void close();

	/**
	 * A response: status and body.
	 *
	 * @param status the HTTP status
	 * @param body the body as UTF-8 text
	 */
	record Response(int status, String body) {

	}

}
