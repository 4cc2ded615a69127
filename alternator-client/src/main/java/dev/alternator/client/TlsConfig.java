package dev.alternator.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.alternator.client.internal.common.Host;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings for {@code https} clusters, used for discovery and API requests alike.
 * <p>
 * Certificate and hostname verification are on by default. Nodes are reached by the
 * address {@code /localnodes} lists, usually an IP address, so node certificates need IP
 * subject alternative names, or a {@linkplain Builder#serverName(String) shared server
 * name}. A seed configured by host name is verified against that name (or the server
 * name, when set), so discovery can start from a DNS name whose certificate carries no IP
 * address. Names are matched by the HTTP client library's RFC 2818 / RFC 6125 verifier: a
 * wildcard stands for one whole left-most label, and the common name is used only when
 * the certificate has no DNS subject alternative name.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TlsConfig {

	/**
	 * Default number of cached TLS sessions, for session resumption.
	 */
	public static final int DEFAULT_SESSION_CACHE_SIZE = 1024;

	/**
	 * Default lifetime of a cached TLS session.
	 */
	public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(86_400);

	private static final TlsConfig DEFAULTS = builder().build();

	private final boolean trustAll;

	private final boolean hostnameVerification;

	private final boolean useSystemCaCertificates;

	private final List<Path> caCertificates;

	private final @Nullable Path clientCertificate;

	private final @Nullable Path clientKey;

	private final @Nullable String serverName;

	private final @Nullable KeyStore trustStore;

	private final @Nullable KeyStore keyStore;

	private final char @Nullable [] keyStorePassword;

	private final int sessionCacheSize;

	private final Duration sessionTimeout;

	private TlsConfig(Builder builder) {
		this.trustAll = builder.trustAll;
		this.hostnameVerification = builder.hostnameVerification && !builder.trustAll;
		this.useSystemCaCertificates = builder.useSystemCaCertificates;
		this.caCertificates = List.copyOf(builder.caCertificates);
		this.clientCertificate = builder.clientCertificate;
		this.clientKey = builder.clientKey;
		this.serverName = builder.serverName;
		this.trustStore = builder.trustStore;
		this.keyStore = builder.keyStore;
		this.keyStorePassword = (builder.keyStorePassword != null) ? builder.keyStorePassword.clone() : null;
		this.sessionCacheSize = builder.sessionCacheSize;
		this.sessionTimeout = builder.sessionTimeout;
	}

	/**
	 * The default settings: system CA certificates, hostname verification on.
	 * @return the defaults
	 */
	public static TlsConfig defaults() {
		return DEFAULTS;
	}

	/**
	 * A builder starting from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder starting from these settings.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Whether every server certificate is accepted without verification (unsafe; tests
	 * only).
	 * @return whether trust-all is on
	 */
	public boolean trustAll() {
		return this.trustAll;
	}

	/**
	 * Whether the server certificate must match the host name or IP address connected to.
	 * Always {@code false} with {@link #trustAll()}.
	 * @return whether hostname verification is on
	 */
	public boolean hostnameVerification() {
		return this.hostnameVerification;
	}

	/**
	 * Whether the JVM's default trust store is trusted, in addition to
	 * {@link #caCertificates()}.
	 * @return whether system CA certificates are trusted
	 */
	public boolean useSystemCaCertificates() {
		return this.useSystemCaCertificates;
	}

	/**
	 * PEM files of additional trusted CA certificates.
	 * @return the CA certificate files, possibly empty
	 */
	public List<Path> caCertificates() {
		return this.caCertificates;
	}

	/**
	 * PEM file of the client certificate chain, for mutual TLS.
	 * @return the client certificate, or {@code null}
	 */
	public @Nullable Path clientCertificate() {
		return this.clientCertificate;
	}

	/**
	 * PEM file of the client's private key (PKCS#8), for mutual TLS.
	 * @return the client key, or {@code null}
	 */
	public @Nullable Path clientKey() {
		return this.clientKey;
	}

	/**
	 * The TLS server name (SNI and the name verified) used for every node, for clusters
	 * whose certificates carry one shared DNS name.
	 * @return the server name, or {@code null} to use each node's address
	 */
	public @Nullable String serverName() {
		return this.serverName;
	}

	/**
	 * A key store whose certificates are trusted as CAs, in addition to
	 * {@link #caCertificates()} (e.g. the trust store of a Spring SSL bundle).
	 * @return the trust store, or {@code null}
	 */
	public @Nullable KeyStore trustStore() {
		return this.trustStore;
	}

	/**
	 * A key store holding the client's key and certificate chain for mutual TLS (e.g. the
	 * key store of a Spring SSL bundle); an alternative to {@link #clientCertificate()}
	 * and {@link #clientKey()}.
	 * @return the key store, or {@code null}
	 */
	public @Nullable KeyStore keyStore() {
		return this.keyStore;
	}

	/**
	 * The password of the {@linkplain #keyStore() key store}'s key entry.
	 * @return a copy of the password, or {@code null}
	 */
	public char @Nullable [] keyStorePassword() {
		return (this.keyStorePassword != null) ? this.keyStorePassword.clone() : null;
	}

	/**
	 * Number of TLS sessions cached for resumption.
	 * @return the session cache size
	 */
	public int sessionCacheSize() {
		return this.sessionCacheSize;
	}

	/**
	 * Lifetime of a cached TLS session.
	 * @return the session timeout
	 */
	public Duration sessionTimeout() {
		return this.sessionTimeout;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof TlsConfig that)) {
			return false;
		}
		return this.trustAll == that.trustAll && this.hostnameVerification == that.hostnameVerification
				&& this.useSystemCaCertificates == that.useSystemCaCertificates
				&& this.caCertificates.equals(that.caCertificates)
				&& Objects.equals(this.clientCertificate, that.clientCertificate)
				&& Objects.equals(this.clientKey, that.clientKey) && Objects.equals(this.serverName, that.serverName)
				&& this.sessionCacheSize == that.sessionCacheSize && this.sessionTimeout.equals(that.sessionTimeout)
				&& this.trustStore == that.trustStore && this.keyStore == that.keyStore;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.trustAll, this.hostnameVerification, this.useSystemCaCertificates, this.caCertificates,
				this.clientCertificate, this.clientKey, this.serverName, this.sessionCacheSize, this.sessionTimeout);
	}

	@Override
	public String toString() {
		return "TlsConfig[trustAll=" + this.trustAll + ", hostnameVerification=" + this.hostnameVerification
				+ ", useSystemCaCertificates=" + this.useSystemCaCertificates + ", caCertificates="
				+ this.caCertificates + ", clientCertificate=" + this.clientCertificate + ", serverName="
				+ this.serverName + ", sessionCacheSize=" + this.sessionCacheSize + ", sessionTimeout="
				+ this.sessionTimeout + "]";
	}

	/**
	 * Builder of {@link TlsConfig}. Not thread-safe.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private boolean trustAll;

		private boolean hostnameVerification = true;

		private boolean useSystemCaCertificates = true;

		private final List<Path> caCertificates = new ArrayList<>();

		private @Nullable Path clientCertificate;

		private @Nullable Path clientKey;

		private @Nullable String serverName;

		private @Nullable KeyStore trustStore;

		private @Nullable KeyStore keyStore;

		private char @Nullable [] keyStorePassword;

		private int sessionCacheSize = DEFAULT_SESSION_CACHE_SIZE;

		private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;

		private Builder() {
		}

		private Builder(TlsConfig config) {
			this.trustAll = config.trustAll;
			this.hostnameVerification = config.hostnameVerification;
			this.useSystemCaCertificates = config.useSystemCaCertificates;
			this.caCertificates.addAll(config.caCertificates);
			this.clientCertificate = config.clientCertificate;
			this.clientKey = config.clientKey;
			this.serverName = config.serverName;
			this.trustStore = config.trustStore;
			this.keyStore = config.keyStore;
			this.keyStorePassword = config.keyStorePassword;
			this.sessionCacheSize = config.sessionCacheSize;
			this.sessionTimeout = config.sessionTimeout;
		}

		/**
		 * Accept every server certificate without verification. Unsafe: use only in
		 * tests.
		 * @param trustAll whether to trust every certificate
		 * @return this builder
		 */
		public Builder trustAll(boolean trustAll) {
			this.trustAll = trustAll;
			return this;
		}

		/**
		 * Whether the certificate must match the address connected to (default on).
		 * @param hostnameVerification whether to verify host names
		 * @return this builder
		 */
		public Builder hostnameVerification(boolean hostnameVerification) {
			this.hostnameVerification = hostnameVerification;
			return this;
		}

		/**
		 * Whether the JVM's default trust store is trusted (default on).
		 * @param useSystemCaCertificates whether to trust the system CAs
		 * @return this builder
		 */
		public Builder useSystemCaCertificates(boolean useSystemCaCertificates) {
			this.useSystemCaCertificates = useSystemCaCertificates;
			return this;
		}

		/**
		 * Replaces the list of PEM files with trusted CA certificates.
		 * @param caCertificates the files
		 * @return this builder
		 */
		public Builder caCertificates(List<Path> caCertificates) {
			this.caCertificates.clear();
			this.caCertificates.addAll(caCertificates);
			return this;
		}

		/**
		 * The client certificate chain (PEM), for mutual TLS; needs
		 * {@link #clientKey(Path)}.
		 * @param clientCertificate the file, or {@code null}
		 * @return this builder
		 */
		public Builder clientCertificate(@Nullable Path clientCertificate) {
			this.clientCertificate = clientCertificate;
			return this;
		}

		/**
		 * The client private key (PEM, PKCS#8), for mutual TLS; needs
		 * {@link #clientCertificate(Path)}.
		 * @param clientKey the file, or {@code null}
		 * @return this builder
		 */
		public Builder clientKey(@Nullable Path clientKey) {
			this.clientKey = clientKey;
			return this;
		}

		/**
		 * One TLS server name for every node, or {@code null} to use each node's address.
		 * It is sent as the server name indication and every node's certificate must
		 * carry it; a seed configured by host name may also present a certificate for
		 * that name.
		 * @param serverName a DNS host name, or {@code null}
		 * @return this builder
		 */
		public Builder serverName(@Nullable String serverName) {
			this.serverName = serverName;
			return this;
		}

		/**
		 * Trusts the certificates of a key store as CAs, in addition to the CA files
		 * (e.g. a Spring SSL bundle's trust store).
		 * @param trustStore the key store, or {@code null}
		 * @return this builder
		 */
		public Builder trustStore(@Nullable KeyStore trustStore) {
			this.trustStore = trustStore;
			return this;
		}

		/**
		 * Takes the client key and certificate chain for mutual TLS from a key store
		 * (e.g. a Spring SSL bundle's key store), instead of PEM files.
		 * @param keyStore the key store, or {@code null}
		 * @param password the key entry's password, or {@code null} for none
		 * @return this builder
		 */
		public Builder keyStore(@Nullable KeyStore keyStore, char @Nullable [] password) {
			this.keyStore = keyStore;
			this.keyStorePassword = (password != null) ? password.clone() : null;
			return this;
		}

		/**
		 * Number of TLS sessions cached for resumption (default 1024).
		 * @param sessionCacheSize the size, &gt; 0
		 * @return this builder
		 */
		public Builder sessionCacheSize(int sessionCacheSize) {
			this.sessionCacheSize = sessionCacheSize;
			return this;
		}

		/**
		 * Lifetime of a cached TLS session (default 86 400 s).
		 * @param sessionTimeout the timeout, &gt; 0
		 * @return this builder
		 */
		public Builder sessionTimeout(Duration sessionTimeout) {
			this.sessionTimeout = sessionTimeout;
			return this;
		}

		/**
		 * Validates and builds the settings.
		 * @return the settings
		 * @throws AlternatorConfigurationException naming the setting that is wrong
		 */
		public TlsConfig build() {
			if (this.clientKey != null && this.clientCertificate == null) {
				throw AlternatorConfig.invalid("tls.clientKey", "tls.clientKey requires tls.clientCertificate");
			}
			if (this.keyStore != null && (this.clientCertificate != null || this.clientKey != null)) {
				throw AlternatorConfig.invalid("tls.keyStore",
						"tls.keyStore and tls.clientCertificate/tls.clientKey are alternatives: set one of them");
			}
			if (this.clientCertificate != null && this.clientKey == null) {
				throw AlternatorConfig.invalid("tls.clientCertificate", "tls.clientCertificate requires tls.clientKey");
			}
			if (!this.trustAll && !this.useSystemCaCertificates && this.caCertificates.isEmpty()
					&& this.trustStore == null) {
				throw AlternatorConfig.invalid("tls.caCertificates", "tls: no trust source: set tls.caCertificates, "
						+ "enable tls.useSystemCaCertificates, or (tests only) tls.trustAll");
			}
			for (Path ca : this.caCertificates) {
				requireReadable(ca, "tls.caCertificates");
			}
			if (this.clientCertificate != null) {
				requireReadable(this.clientCertificate, "tls.clientCertificate");
			}
			if (this.clientKey != null) {
				requireReadable(this.clientKey, "tls.clientKey");
			}
			if (this.serverName != null) {
				requireServerName(this.serverName);
			}
			if (this.sessionCacheSize <= 0) {
				throw AlternatorConfig.invalid("tls.sessionCacheSize",
						"tls.sessionCacheSize must be > 0, got " + this.sessionCacheSize);
			}
			AlternatorConfig.requirePositive(this.sessionTimeout, "tls.sessionTimeout");
			return new TlsConfig(this);
		}

		private static void requireServerName(String serverName) {
			if (serverName.isBlank()) {
				throw AlternatorConfig.invalid("tls.serverName",
						"tls.serverName cannot be blank; leave it unset to use node addresses");
			}
			Host host = Host.parseOrNull(serverName);
			if (host == null || host.isIpLiteral()) {
				throw AlternatorConfig.invalid("tls.serverName", "tls.serverName must be a DNS host name (it is sent "
						+ "as the TLS server name indication), got '" + serverName + "'");
			}
		}

		private static void requireReadable(Path file, String what) {
			Objects.requireNonNull(file, what + " contains null");
			if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
				throw AlternatorConfig.invalid(what,
						what + ": file not found or not readable: " + file.toAbsolutePath());
			}
		}

	}

}
