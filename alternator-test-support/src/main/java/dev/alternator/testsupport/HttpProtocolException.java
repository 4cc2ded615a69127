package dev.alternator.testsupport;

import java.io.IOException;

/**
 * A peer sent bytes that are not valid HTTP/1.1 (or exceed our limits).
 */
final class HttpProtocolException extends IOException {

	HttpProtocolException(String message) {
		super(message);
	}

}
