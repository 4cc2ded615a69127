package dev.alternator.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.TlsConfig;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * The TLS settings of one node directory and its clients, applied alike to discovery,
 * health probes and API traffic.
 * <p>
 * Verification is done by one trust manager for every HTTP client: the certificate chain
 * is checked against the trusted CAs (configured PEM files, plus the JVM's trust store
 * when enabled), then the certificate must name the configured server name or else the
 * node's address (IP subject alternative name). Failures name the node. Each HTTP client
 * gets the trust manager in the way it supports: Apache 5 through a TLS socket strategy
 * over one {@link SSLContext} with the configured session cache (which also sends the
 * server name as SNI); URL-connection and Netty through their trust and key manager
 * providers. Options an HTTP client cannot apply are rejected when the client is built.
 * <p>
 * Thread-safe (immutable).
 */
public final class Tls {

	private static final Pattern PEM_CERTIFICATE = Pattern
		.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

	private static final Pattern PEM_KEY = Pattern
		.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");

	private static final String APACHE5 = "Apache5HttpClient";

	private static final String URL_CONNECTION = "UrlConnectionHttpClient";

	private static final String NETTY = "NettyNioAsyncHttpClient";

	private final TlsConfig config;

	private final NodeTrustManager trustManager;

	private final KeyManager @Nullable [] keyManagers;

	private final SSLContext context;

	private Tls(TlsConfig config) {
		this.config = config;
		this.trustManager = new NodeTrustManager(config, config.trustAll() ? null : trustedCas(config));
		this.keyManagers = (config.clientCertificate() != null && config.clientKey() != null)
				? keyManagers(config.clientCertificate(), config.clientKey()) : null;
		try {
			this.context = SSLContext.getInstance("TLS");
			this.context.init(this.keyManagers, new TrustManager[] { this.trustManager }, null);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("tls: cannot create an SSL context: " + ex.getMessage(), ex);
		}
		this.context.getClientSessionContext().setSessionCacheSize(config.sessionCacheSize());
		this.context.getClientSessionContext()
			.setSessionTimeout((int) Math.min(Integer.MAX_VALUE, config.sessionTimeout().toSeconds()));
	}

	/**
	 * The TLS settings of a configuration.
	 * @param config the configuration
	 * @return the settings, or {@code null} for {@code http}
	 * @throws IllegalArgumentException when a certificate or key file cannot be used,
	 * naming the option
	 */
	public static @Nullable Tls of(AlternatorConfig config) {
		return config.scheme().equals("https") ? new Tls(config.tls()) : null;
	}

	/**
	 * Logs the trust-all warning; called every time a client is built.
	 */
	void warnIfTrustAll() {
		if (this.config.trustAll()) {
			Logging.LOGGER.warn("TLS certificate verification is DISABLED (tls.trustAll=true): any server can "
					+ "impersonate an Alternator node, and anyone on the network path can read and modify requests, "
					+ "responses and credentials (man-in-the-middle). Use trust-all only in tests; configure "
					+ "tls.caCertificates instead.");
		}
	}

	/**
	 * The Apache 5 TLS strategy (also used by discovery).
	 * @return the strategy
	 */
	TlsSocketStrategy socketStrategy() {
		return this::upgrade;
	}

	private SSLSocket upgrade(Socket socket, String target, int port, @Nullable Object attachment,
			@Nullable HttpContext context) throws IOException {
		// the session cache is keyed by the peer host: the node's own address, so every
		// node keeps its own resumable session even with one shared server name
		SSLSocket ssl = (SSLSocket) this.context.getSocketFactory().createSocket(socket, target, port, true);
		String serverName = this.config.serverName();
		if (serverName != null) {
			SSLParameters parameters = ssl.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName(serverName)));
			ssl.setSSLParameters(parameters);
		}
		ssl.startHandshake();
		return ssl;
	}

	/**
	 * Applies the settings to a sync HTTP client builder.
	 * @param builder the builder
	 * @return the same builder
	 * @throws IllegalArgumentException if the client cannot apply a configured option
	 */
	SdkHttpClient.Builder<?> apply(SdkHttpClient.Builder<?> builder) {
		if (builder instanceof Apache5HttpClient.Builder apache) {
			apache.tlsSocketStrategy(socketStrategy());
		}
		else if (builder.getClass().getName().startsWith("software.amazon.awssdk.http.urlconnection.")) {
			requireDefaultSessionCache(URL_CONNECTION);
			UrlConnectionTls.apply(builder, this.trustManager, this.keyManagers);
		}
		else {
			requireDefaults(builder.getClass().getName());
		}
		return builder;
	}

	/**
	 * Applies the settings to an async HTTP client builder.
	 * @param builder the builder
	 * @return the same builder
	 * @throws IllegalArgumentException if the client cannot apply a configured option
	 */
	SdkAsyncHttpClient.Builder<?> apply(SdkAsyncHttpClient.Builder<?> builder) {
		if (builder instanceof NettyNioAsyncHttpClient.Builder netty) {
			requireDefaultSessionCache(NETTY);
			netty.tlsTrustManagersProvider(() -> new TrustManager[] { this.trustManager });
			if (this.keyManagers != null) {
				KeyManager[] keys = this.keyManagers;
				netty.tlsKeyManagersProvider(() -> keys);
			}
		}
		else {
			requireDefaults(builder.getClass().getName());
		}
		return builder;
	}

	private void requireDefaultSessionCache(String client) {
		if (this.config.sessionCacheSize() != TlsConfig.DEFAULT_SESSION_CACHE_SIZE) {
			throw unsupported(client, "tls.sessionCacheSize");
		}
		if (!this.config.sessionTimeout().equals(TlsConfig.DEFAULT_SESSION_TIMEOUT)) {
			throw unsupported(client, "tls.sessionTimeout");
		}
	}

	private void requireDefaults(String client) {
		TlsConfig defaults = TlsConfig.defaults();
		String option = null;
		if (this.config.trustAll()) {
			option = "tls.trustAll";
		}
		else if (!this.config.hostnameVerification()) {
			option = "tls.hostnameVerification";
		}
		else if (!this.config.useSystemCaCertificates()) {
			option = "tls.useSystemCaCertificates";
		}
		else if (!this.config.caCertificates().isEmpty()) {
			option = "tls.caCertificates";
		}
		else if (this.config.clientCertificate() != null) {
			option = "tls.clientCertificate";
		}
		else if (this.config.serverName() != null) {
			option = "tls.serverName";
		}
		else if (this.config.sessionCacheSize() != defaults.sessionCacheSize()) {
			option = "tls.sessionCacheSize";
		}
		else if (!this.config.sessionTimeout().equals(defaults.sessionTimeout())) {
			option = "tls.sessionTimeout";
		}
		if (option != null) {
			throw unsupported(client, option);
		}
	}

	private static IllegalArgumentException unsupported(String client, String option) {
		return new IllegalArgumentException(option + " is not supported with the HTTP client " + client
				+ "; use Apache5HttpClient, or see the README's TLS support table for " + APACHE5 + ", "
				+ URL_CONNECTION + " and " + NETTY);
	}

	private static List<X509Certificate> trustedCas(TlsConfig config) {
		List<X509Certificate> trusted = new ArrayList<>();
		for (Path file : config.caCertificates()) {
			List<X509Certificate> certificates = readCertificates(file, "tls.caCertificates");
			if (certificates.isEmpty()) {
				throw new IllegalArgumentException("tls.caCertificates: no PEM certificate in " + file);
			}
			trusted.addAll(certificates);
		}
		if (config.useSystemCaCertificates()) {
			try {
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init((KeyStore) null);
				for (TrustManager manager : factory.getTrustManagers()) {
					if (manager instanceof X509TrustManager x509) {
						trusted.addAll(List.of(x509.getAcceptedIssuers()));
					}
				}
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("tls.useSystemCaCertificates: cannot read the JVM trust store", ex);
			}
		}
		return trusted;
	}

	private static List<X509Certificate> readCertificates(Path file, String option) {
		String text = read(file, option);
		List<X509Certificate> result = new ArrayList<>();
		Matcher matcher = PEM_CERTIFICATE.matcher(text);
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			while (matcher.find()) {
				try (InputStream in = new java.io.ByteArrayInputStream(
						matcher.group().getBytes(StandardCharsets.US_ASCII))) {
					result.add((X509Certificate) factory.generateCertificate(in));
				}
			}
		}
		catch (CertificateException | IOException ex) {
			throw new IllegalArgumentException(option + ": invalid PEM certificate in " + file + ": " + ex.getMessage(),
					ex);
		}
		return result;
	}

	private static KeyManager[] keyManagers(Path certificateFile, Path keyFile) {
		List<X509Certificate> chain = readCertificates(certificateFile, "tls.clientCertificate");
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("tls.clientCertificate: no PEM certificate in " + certificateFile);
		}
		PrivateKey key = readKey(keyFile);
		try {
			char[] password = "alternator".toCharArray();
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, password);
			return factory.getKeyManagers();
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalArgumentException("tls.clientKey does not match tls.clientCertificate: " + ex.getMessage(),
					ex);
		}
	}

	private static PrivateKey readKey(Path file) {
		Matcher matcher = PEM_KEY.matcher(read(file, "tls.clientKey"));
		if (!matcher.find()) {
			throw new IllegalArgumentException("tls.clientKey: no PEM private key in " + file);
		}
		if (!matcher.group(1).isEmpty()) {
			throw new IllegalArgumentException("tls.clientKey: " + file + " holds a '" + matcher.group(1).trim()
					+ "' key; convert it to unencrypted PKCS#8 ('BEGIN PRIVATE KEY'), e.g. with "
					+ "'openssl pkcs8 -topk8 -nocrypt'");
		}
		byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
		for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
			try {
				return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
			}
			catch (GeneralSecurityException ex) {
				// try the next algorithm
			}
		}
		throw new IllegalArgumentException("tls.clientKey: unsupported or invalid PKCS#8 key in " + file);
	}

	private static String read(Path file, String option) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(option + ": cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Checks server certificates: chain against the trusted CAs, then the name (server
	 * name or node address). Trusts everything with trust-all. Never used for client
	 * certificates.
	 */
	static final class NodeTrustManager extends X509ExtendedTrustManager {

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
				InetAddress address = socket.getInetAddress();
				host = (address != null) ? address.getHostAddress() : null;
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
				throw new CertificateException("TLS certificate of " + node + " is not trusted: " + ex.getMessage(),
						ex);
			}
			if (!this.hostnameVerification) {
				return;
			}
			String expected = (this.serverName != null) ? this.serverName : host;
			if (expected == null) {
				throw new CertificateException("TLS certificate of " + node + ": no host name to verify");
			}
			if (!HostnameMatcher.matches(chain[0], expected)) {
				throw new CertificateException("TLS certificate of " + node + " does not match '" + expected
						+ "' (subject alternative names: " + HostnameMatcher.describe(chain[0])
						+ "); node certificates "
						+ "need IP subject alternative names, or set tls.serverName to the DNS name they carry");
			}
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

	}

	/**
	 * Matches a certificate's subject alternative names against a host name or IP address
	 * (RFC 6125: DNS names case-insensitive with a wildcard only as the whole left-most
	 * label; IP addresses by value; no fallback to the common name).
	 */
	static final class HostnameMatcher {

		private static final int DNS = 2;

		private static final int IP = 7;

		private HostnameMatcher() {
		}

		static boolean matches(X509Certificate certificate, String host) {
			Collection<List<?>> names = alternativeNames(certificate);
			InetAddress ip = ipLiteral(host);
			for (List<?> name : names) {
				int type = (Integer) name.get(0);
				String value = String.valueOf(name.get(1));
				if (ip != null && type == IP) {
					InetAddress candidate = ipLiteral(value);
					if (ip.equals(candidate)) {
						return true;
					}
				}
				else if (ip == null && type == DNS && dnsMatches(value, host)) {
					return true;
				}
			}
			return false;
		}

		static String describe(X509Certificate certificate) {
			List<String> result = new ArrayList<>();
			for (List<?> name : alternativeNames(certificate)) {
				int type = (Integer) name.get(0);
				if (type == DNS || type == IP) {
					result.add(((type == DNS) ? "DNS:" : "IP:") + name.get(1));
				}
			}
			return result.toString();
		}

		private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
			try {
				Collection<List<?>> names = certificate.getSubjectAlternativeNames();
				return (names != null) ? names : List.of();
			}
			catch (CertificateException ex) {
				return List.of();
			}
		}

		private static boolean dnsMatches(String pattern, String host) {
			String p = stripDot(pattern.toLowerCase(Locale.ROOT));
			String h = stripDot(host.toLowerCase(Locale.ROOT));
			if (!p.startsWith("*.")) {
				return p.equals(h);
			}
			int dot = h.indexOf('.');
			return dot > 0 && h.substring(dot + 1).equals(p.substring(2)) && p.substring(2).indexOf('.') > 0;
		}

		private static String stripDot(String name) {
			return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
		}

		static @Nullable InetAddress ipLiteral(String host) {
			String h = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
			boolean ipv4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
			boolean ipv6 = h.indexOf(':') >= 0 && h.matches("(?i)[0-9a-f:.%a-z_-]+");
			if (!ipv4 && !ipv6) {
				return null;
			}
			try {
				// a literal: no name service lookup happens
				return InetAddress.getByName(h);
			}
			catch (IOException ex) {
				return null;
			}
		}

	}

}
