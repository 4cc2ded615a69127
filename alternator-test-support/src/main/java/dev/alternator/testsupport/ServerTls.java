package dev.alternator.testsupport;

import javax.net.ssl.SSLContext;

/**
 * TLS settings of one node: its server context and whether client certificates are
 * required.
 *
 * @param context the server's SSL context (key material, and the CAs trusted for client
 * certificates)
 * @param clientAuth whether clients must present a certificate
 */
record ServerTls(SSLContext context, boolean clientAuth) {

}
