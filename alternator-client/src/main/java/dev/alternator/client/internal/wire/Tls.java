package dev.alternator.client.internal.wire;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorConfigurationException;
import dev.alternator.client.TlsConfig;
import dev.alternator.client.internal.common.Logging;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
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
 * when enabled), then the certificate must name the host: a node reached by host name (a
 * seed configured by name) its name or the configured server name; a node reached by IP
 * address (as {@code /localnodes} lists them) the configured server name, or else its
 * address (IP subject alternative name). Names are matched by Apache HttpClient's
 * {@link DefaultHostnameVerifier}. Failures name the node. Each HTTP client gets the
 * trust manager in the way it supports: Apache 5 through a TLS socket strategy over one
 * {@link SSLContext} with the configured session cache (which also sends the server name
 * as SNI); URL-connection and Netty through their trust and key manager providers.
 * Options an HTTP client cannot apply are rejected when the client is built.
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
		this.keyManagers = (config.keyStore() != null) ? keyManagers(config.keyStore(), config.keyStorePassword())
				: (config.clientCertificate() != null && config.clientKey() != null)
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
	public void warnIfTrustAll() {
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
	public TlsSocketStrategy socketStrategy() {
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
	public SdkHttpClient.Builder<?> apply(SdkHttpClient.Builder<?> builder) {
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
	public SdkAsyncHttpClient.Builder<?> apply(SdkAsyncHttpClient.Builder<?> builder) {
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
		else if (this.config.trustStore() != null) {
			option = "tls.trustStore";
		}
		else if (this.config.keyStore() != null) {
			option = "tls.keyStore";
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

	private static AlternatorConfigurationException unsupported(String client, String option) {
		return new AlternatorConfigurationException(option,
				option + " is not supported with the HTTP client " + client
						+ "; use Apache5HttpClient, or see the README's TLS support table for " + APACHE5 + ", "
						+ URL_CONNECTION + " and " + NETTY);
	}

	private static List<X509Certificate> trustedCas(TlsConfig config) {
		List<X509Certificate> trusted = new ArrayList<>();
		for (Path file : config.caCertificates()) {
			List<X509Certificate> certificates = readCertificates(file, "tls.caCertificates");
			if (certificates.isEmpty()) {
				throw new AlternatorConfigurationException("tls.caCertificates",
						"tls.caCertificates: no PEM certificate in " + file);
			}
			trusted.addAll(certificates);
		}
		KeyStore trustStore = config.trustStore();
		if (trustStore != null) {
			try {
				for (String alias : java.util.Collections.list(trustStore.aliases())) {
					if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
						trusted.add(certificate);
					}
				}
			}
			catch (GeneralSecurityException ex) {
				throw new AlternatorConfigurationException("tls.trustStore",
						"tls.trustStore: cannot read its certificates: " + ex.getMessage(), ex);
			}
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
			throw new AlternatorConfigurationException(option,
					option + ": invalid PEM certificate in " + file + ": " + ex.getMessage(), ex);
		}
		return result;
	}

	private static KeyManager[] keyManagers(KeyStore keyStore, char @Nullable [] password) {
		try {
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(keyStore, (password != null) ? password : new char[0]);
			return factory.getKeyManagers();
		}
		catch (GeneralSecurityException ex) {
			throw new AlternatorConfigurationException("tls.keyStore",
					"tls.keyStore: cannot use its key: " + ex.getMessage(), ex);
		}
	}

	private static KeyManager[] keyManagers(Path certificateFile, Path keyFile) {
		List<X509Certificate> chain = readCertificates(certificateFile, "tls.clientCertificate");
		if (chain.isEmpty()) {
			throw new AlternatorConfigurationException("tls.clientCertificate",
					"tls.clientCertificate: no PEM certificate in " + certificateFile);
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
			throw new AlternatorConfigurationException("tls.clientKey",
					"tls.clientKey does not match tls.clientCertificate: " + ex.getMessage(), ex);
		}
	}

	private static PrivateKey readKey(Path file) {
		Matcher matcher = PEM_KEY.matcher(read(file, "tls.clientKey"));
		if (!matcher.find()) {
			throw new AlternatorConfigurationException("tls.clientKey", "tls.clientKey: no PEM private key in " + file);
		}
		if (!matcher.group(1).isEmpty()) {
			throw new AlternatorConfigurationException("tls.clientKey",
					"tls.clientKey: " + file + " holds a '" + matcher.group(1).trim()
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
		throw new AlternatorConfigurationException("tls.clientKey",
				"tls.clientKey: unsupported or invalid PKCS#8 key in " + file);
	}

	private static String read(Path file, String option) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new AlternatorConfigurationException(option,
					option + ": cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

}
