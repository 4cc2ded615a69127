package dev.alternator.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * What answers the DynamoDB API behind the nodes: dynalite (real semantics) or the
 * instant in-memory backend (for measuring the client side).
 */
interface ApiBackend extends Closeable {

	/**
	 * Answers one API request.
	 * @param headers target, content type and authentication headers
	 * @param body the decoded JSON body
	 * @return the reply
	 * @throws IOException when the backend cannot be reached
	 */
	DynaliteForwarder.Reply post(List<Header> headers, byte[] body) throws IOException;

	@Override
	void close();

}
