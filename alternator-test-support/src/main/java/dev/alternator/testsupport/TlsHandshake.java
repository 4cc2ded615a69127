package dev.alternator.testsupport;

import org.jspecify.annotations.Nullable;

/**
 * One TLS handshake seen by a {@link LocalAlternatorNode} serving {@code https}.
 *
 * @param protocol the negotiated protocol (e.g. {@code TLSv1.3}), or {@code null} when
 * the handshake failed
 * @param resumed whether the client resumed an earlier session (the server's session was
 * created before this connection was accepted)
 * @param clientPrincipal the subject of the client certificate, or {@code null} without
 * one
 * @param failure why the handshake failed, or {@code null} when it succeeded
 * @since 0.1.0
 */
public record TlsHandshake(@Nullable String protocol, boolean resumed, @Nullable String clientPrincipal,
		@Nullable String failure) {

	/**
	 * Whether the handshake succeeded.
	 * @return whether the handshake succeeded
	 */
	public boolean succeeded() {
		return this.failure == null;
	}

}
