package dev.alternator.client.internal.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.alternator.client.TlsConfig;
import dev.alternator.client.internal.common.Host;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.jspecify.annotations.Nullable;

/**
 * Checks server certificates: chain against the trusted CAs, then the name (server name
 * or node address). Trusts everything with trust-all. Never used for client certificates.
 */
final class NodeTrustManager extends X509ExtendedTrustManager {

	private static final int SAN_DNS = 2;

	private static final int SAN_IP = 7;

	/**
	 * RFC 2818 / RFC 6125 name matching (wildcards as the whole left-most label, IP
	 * addresses by value), without a public suffix list.
	 */
	private static final DefaultHostnameVerifier HOSTNAME_VERIFIER = new DefaultHostnameVerifier();

	private final @Nullable String serverName;

	private final boolean hostnameVerification;

	private final @Nullable X509ExtendedTrustManager chainValidator;

	NodeTrustManager(TlsConfig config, @Nullable List<X509Certificate> trusted) {
		this.serverName = config.serverName();
		this.hostnameVerification = config.hostnameVerification();
		this.chainValidator = (trusted != null) ? chainValidator(trusted) : null;
	}

	private static X509ExtendedTrustManager chainValidator(List<X509Certificate> trusted) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			int i = 0;
			for (X509Certificate certificate : trusted) {
				store.setCertificateEntry("ca-" + (i++), certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
			factory.init(store);
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509ExtendedTrustManager x509) {
					return x509;
				}
			}
			throw new IllegalStateException("tls: no X.509 trust manager available");
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("tls: cannot build the trust store: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
			throws CertificateException {
		String host = null;
		int port = -1;
		if (socket != null) {
			// the host the client asked for (a name when the URI has one), else the
			// address it connected to
			SSLSession session = (socket instanceof SSLSocket ssl) ? ssl.getHandshakeSession() : null;
			host = (session != null) ? session.getPeerHost() : null;
			InetAddress address = socket.getInetAddress();
			if (host == null && address != null) {
				host = address.getHostAddress();
			}
			port = socket.getPort();
		}
		check(chain, authType, host, port);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
			throws CertificateException {
		check(chain, authType, (engine != null) ? engine.getPeerHost() : null,
				(engine != null) ? engine.getPeerPort() : -1);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		check(chain, authType, null, -1);
	}

	private void check(X509Certificate[] chain, String authType, @Nullable String peerHost, int peerPort)
			throws CertificateException {
		String host = (peerHost != null && peerHost.startsWith("[") && peerHost.endsWith("]"))
				? peerHost.substring(1, peerHost.length() - 1) : peerHost;
		String node = (host != null) ? "node " + ((host.indexOf(':') >= 0) ? "[" + host + "]" : host)
				+ ((peerPort > 0) ? ":" + peerPort : "") : "an Alternator node";
		if (this.chainValidator == null) {
			return;
		}
		try {
			this.chainValidator.checkServerTrusted(chain, authType);
		}
		catch (CertificateException ex) {
			throw new CertificateException("TLS certificate of " + node + " is not trusted: " + ex.getMessage(), ex);
		}
		if (!this.hostnameVerification) {
			return;
		}
		Host peer = (host != null) ? Host.parseOrNull(host) : null;
		List<String> expected = expectedNames(peer);
		if (expected.isEmpty()) {
			throw new CertificateException("TLS certificate of " + node + ": no host name to verify");
		}
		for (String name : expected) {
			try {
				HOSTNAME_VERIFIER.verify(name, chain[0]);
				return;
			}
			catch (SSLException ex) {
				// try the next accepted name
			}
		}
		throw new CertificateException("TLS certificate of " + node + " does not match '"
				+ String.join("' or '", expected) + "' (subject alternative names: " + describe(chain[0]) + "); "
				+ ((peer != null && !peer.isIpLiteral()) ? "the certificate must name the host configured"
						: "node certificates need IP subject alternative names, or set tls.serverName to the "
								+ "DNS name they carry"));
	}

	/**
	 * The names a certificate may carry: a node reached by host name (a seed configured
	 * by name) is verified against that name, or the server name when one is set; a node
	 * reached by IP address against the server name when one is set, else its address.
	 */
	private List<String> expectedNames(@Nullable Host peer) {
		List<String> names = new ArrayList<>(2);
		if (peer != null && !peer.isIpLiteral()) {
			String name = peer.value();
			names.add(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
		}
		if (this.serverName != null) {
			names.add(this.serverName);
		}
		else if (peer != null && peer.isIpLiteral()) {
			names.add(peer.value());
		}
		return names;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
			throws CertificateException {
		throw new CertificateException("client certificates are not verified by an Alternator client");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
			throws CertificateException {
		throw new CertificateException("client certificates are not verified by an Alternator client");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("client certificates are not verified by an Alternator client");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return (this.chainValidator != null) ? this.chainValidator.getAcceptedIssuers() : new X509Certificate[0];
	}

	/**
	 * The DNS and IP subject alternative names of a certificate, for error messages.
	 * @param certificate the certificate
	 * @return the names, e.g. {@code [DNS:node.example.com, IP:10.0.0.1]}
	 */
	static String describe(X509Certificate certificate) {
		List<String> result = new ArrayList<>();
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			for (List<?> name : (names != null) ? names : List.<List<?>>of()) {
				int type = (Integer) name.get(0);
				if (type == SAN_DNS || type == SAN_IP) {
					result.add(((type == SAN_DNS) ? "DNS:" : "IP:") + name.get(1));
				}
			}
		}
		catch (CertificateException ex) {
			// an unreadable extension lists nothing
		}
		return result.toString();
	}

}
