package dev.alternator.client.internal.common;

import org.jspecify.annotations.Nullable;

/**
 * Closing resources on paths that must not throw (shutdown, cleanup after a failure).
 * <p>
 * Thread-safe (stateless).
 */
public final class Closeables {

	private Closeables() {
	}

	/**
	 * Closes a resource, logging instead of throwing.
	 * @param closeable the resource, or {@code null}
	 */
	public static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			Logging.LOGGER.warn("Failed to close {}", closeable, ex);
		}
	}

}
