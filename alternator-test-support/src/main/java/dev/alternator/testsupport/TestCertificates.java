package dev.alternator.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * Test certificates made at runtime with the running JDK's {@code keytool} (no extra
 * dependency): one CA and, signed by it, node certificates of several kinds and a client
 * certificate, all over one EC P-256 key pair. Certificates are valid for two days from
 * their creation (except {@link Kind#EXPIRED}).
 * <p>
 * Files are written to the directory given to {@link #generate(Path)}: the CA certificate
 * and the client certificate as PEM, the client key as PEM (PKCS#8). Generating takes a
 * few seconds (one {@code keytool} process per certificate); reuse one instance per test
 * class or JVM.
 * <p>
 * Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class TestCertificates {

	/**
	 * The DNS name carried by {@link Kind#SERVER_NAME} certificates.
	 */
	public static final String SERVER_NAME = "alternator.test";

	/**
	 * The DNS name carried by {@link Kind#WRONG_HOST} certificates.
	 */
	public static final String WRONG_HOST = "wrong-host.test";

	private static final String PASSWORD = "changeit";

	private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

	private final Path directory;

	private final X509Certificate ca;

	private final PrivateKey key;

	private final Map<Kind, X509Certificate> certificates;

	private final Map<Kind, SSLContext> contexts = new ConcurrentHashMap<>();

	private TestCertificates(Path directory, X509Certificate ca, PrivateKey key,
			Map<Kind, X509Certificate> certificates) {
		this.directory = directory;
		this.ca = ca;
		this.key = key;
		this.certificates = certificates;
	}

	/**
	 * Kinds of certificates signed by the test CA.
	 *
	 * @since 0.1.0
	 */
	public enum Kind {

		/**
		 * A node certificate with IP subject alternative names {@code 127.0.0.1} to
		 * {@code 127.0.0.16}.
		 */
		NODE("san=" + ipSans(1, 16), 0),

		/**
		 * A node certificate naming only {@link TestCertificates#WRONG_HOST}.
		 */
		WRONG_HOST("san=dns:" + TestCertificates.WRONG_HOST, 0),

		/**
		 * A node certificate like {@link #NODE} that expired yesterday.
		 */
		EXPIRED("san=" + ipSans(1, 16), -3),

		/**
		 * A node certificate naming only {@link TestCertificates#SERVER_NAME}, as a
		 * cluster with one shared DNS name has.
		 */
		SERVER_NAME("san=dns:" + TestCertificates.SERVER_NAME, 0),

		/**
		 * A node certificate naming only {@code localhost}, as a node reached by its DNS
		 * name carries.
		 */
		LOCALHOST("san=dns:localhost", 0),

		/**
		 * A client certificate for mutual TLS.
		 */
		CLIENT("eku=clientAuth", 0);

		private final String extension;

		private final int startDays;

		Kind(String extension, int startDays) {
			this.extension = extension;
			this.startDays = startDays;
		}

		private static String ipSans(int from, int to) {
			List<String> names = new ArrayList<>();
			for (int i = from; i <= to; i++) {
				names.add("ip:127.0.0." + i);
			}
			return String.join(",", names);
		}

	}

	/**
	 * Generates the CA and every {@link Kind} of certificate.
	 * @param directory an existing directory for the files
	 * @return the certificates
	 * @throws UncheckedIOException if {@code keytool} fails or is missing
	 */
	public static TestCertificates generate(Path directory) {
		try {
			Path caStore = directory.resolve("ca.p12");
			Path keyStore = directory.resolve("key.p12");
			Path request = directory.resolve("key.csr");
			keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
					"CN=Alternator Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString());
			keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
					"CN=alternator-test", "-validity", "2", "-keystore", keyStore.toString());
			keytool("-certreq", "-alias", "key", "-keystore", keyStore.toString(), "-file", request.toString());
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			Map<Kind, X509Certificate> certificates = new ConcurrentHashMap<>();
			for (Kind kind : Kind.values()) {
				Path out = directory.resolve(kind.name().toLowerCase(Locale.ROOT) + ".crt");
				List<String> args = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", caStore.toString(),
						"-infile", request.toString(), "-outfile", out.toString(), "-rfc", "-ext", kind.extension));
				if (kind.startDays != 0) {
					args.addAll(List.of("-startdate", kind.startDays + "d", "-validity", "1"));
				}
				else {
					args.addAll(List.of("-validity", "2"));
				}
				keytool(args.toArray(String[]::new));
				try (InputStream in = Files.newInputStream(out)) {
					certificates.put(kind, (X509Certificate) factory.generateCertificate(in));
				}
			}
			X509Certificate ca = (X509Certificate) load(caStore).getCertificate("ca");
			PrivateKey key = (PrivateKey) load(keyStore).getKey("key", PASSWORD.toCharArray());
			TestCertificates result = new TestCertificates(directory, ca, key, Map.copyOf(certificates));
			Files.writeString(result.caCertificate(), pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
			Files.writeString(result.clientCertificate(), pem("CERTIFICATE", certificates.get(Kind.CLIENT).getEncoded())
					+ pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
			Files.writeString(result.clientKey(), pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex.getMessage(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the generated certificates: " + ex, ex);
		}
	}

	/**
	 * The CA certificate (PEM).
	 * @return the file
	 */
	public Path caCertificate() {
		return this.directory.resolve("ca.pem");
	}

	/**
	 * The client certificate chain (PEM), signed by the CA.
	 * @return the file
	 */
	public Path clientCertificate() {
		return this.directory.resolve("client.pem");
	}

	/**
	 * The client private key (PEM, PKCS#8).
	 * @return the file
	 */
	public Path clientKey() {
		return this.directory.resolve("client-key.pem");
	}

	/**
	 * A certificate of the given kind.
	 * @param kind the kind
	 * @return the certificate
	 */
	public X509Certificate certificate(Kind kind) {
		return this.certificates.get(kind);
	}

	/**
	 * A server context presenting a certificate of the given kind and trusting the CA for
	 * client certificates; for {@link LocalAlternatorCluster.Builder#tls(SSLContext)}.
	 * @param kind the kind of certificate presented
	 * @return the context, one per kind
	 */
	public SSLContext serverContext(Kind kind) {
		return this.contexts.computeIfAbsent(kind, this::newContext);
	}

	/**
	 * A client context trusting only the CA, with or without the client certificate.
	 * @param withClientCertificate whether to present the {@link Kind#CLIENT} certificate
	 * @return a new context
	 */
	public SSLContext clientContext(boolean withClientCertificate) {
		return withClientCertificate ? newContext(Kind.CLIENT) : newContext(null);
	}

	private SSLContext newContext(@Nullable Kind kind) {
		try {
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			if (kind != null) {
				keys.setKeyEntry("key", this.key, PASSWORD.toCharArray(),
						new Certificate[] { this.certificates.get(kind), this.ca });
			}
			keyManagers.init(keys, PASSWORD.toCharArray());
			KeyStore trusted = KeyStore.getInstance("PKCS12");
			trusted.load(null, null);
			trusted.setCertificateEntry("ca", this.ca);
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot build an SSL context: " + ex, ex);
		}
	}

	private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static void keytool(String... args) throws IOException {
		Path keytool = Path.of(System.getProperty("java.home"), "bin",
				System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
		List<String> command = new ArrayList<>();
		command.add(keytool.toString());
		command.addAll(List.of(args));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			process.getOutputStream().close();
			if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s: " + command);
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IOException("keytool failed (" + process.exitValue() + "): " + output.trim());
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running keytool", ex);
		}
	}

}
