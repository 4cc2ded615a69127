package dev.alternator.client;

/**
 * Compression of request bodies sent to Alternator.
 *
 * @since 0.1.0
 */
public enum RequestCompression {

	/**
	 * Bodies are sent as they are.
	 */
	NONE,

	/**
	 * Bodies at or above the minimum size are gzip-compressed before signing (needs
	 * ScyllaDB 2026.1.0 or later).
	 */
	GZIP

}
