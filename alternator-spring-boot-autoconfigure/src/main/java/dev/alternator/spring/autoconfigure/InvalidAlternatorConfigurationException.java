package dev.alternator.spring.autoconfigure;

import java.util.Map;

import dev.alternator.client.AlternatorConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the Alternator configuration is invalid; it names the
 * {@code alternator.*} property to fix, for {@link AlternatorFailureAnalyzer}.
 *
 * @since 0.1.0
 */
public class InvalidAlternatorConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * The property each core option ({@link AlternatorConfigurationException#option()})
	 * is set from.
	 */
	private static final Map<String, String> PROPERTIES = Map.ofEntries(Map.entry("seedHosts", "seed-hosts"),
			Map.entry("port", "port"), Map.entry("scheme", "scheme"), Map.entry("datacenter", "datacenter"),
			Map.entry("rack", "rack"), Map.entry("region", "region"),
			Map.entry("credentials.accessKeyId", "credentials.access-key"),
			Map.entry("credentials.sessionToken", "credentials.session-token"),
			Map.entry("minCompressionSizeBytes", "min-compression-size"),
			Map.entry("compressionLevel", "compression-level"),
			Map.entry("responseCompression", "response-compression"),
			Map.entry("headersWhitelist", "headers-whitelist"),
			Map.entry("maxPoolConnectionsPerNode", "max-pool-connections"),
			Map.entry("activeRefreshInterval", "active-refresh-interval"),
			Map.entry("idleRefreshInterval", "idle-refresh-interval"),
			Map.entry("discoveryTimeout", "discovery-timeout"), Map.entry("connectTimeout", "connect-timeout"),
			Map.entry("readTimeout", "read-timeout"), Map.entry("attemptTimeout", "attempt-timeout"),
			Map.entry("loadBalancing", "load-balancing"), Map.entry("latencyHalfLife", "latency-half-life"),
			Map.entry("replicaAwareRouting", "replica-aware-routing"),
			Map.entry("placementRefreshInterval", "placement-refresh-interval"),
			Map.entry("slowNodeRatio", "slow-node-ratio"), Map.entry("slowNodeMinExcess", "slow-node-min-excess"),
			Map.entry("maxAttempts", "max-attempts"), Map.entry("connectionMaxIdleTime", "connection-max-idle-time"),
			Map.entry("connectionAcquisitionTimeout", "connection-acquisition-timeout"),
			Map.entry("failuresBeforeQuarantine", "failures-before-quarantine"),
			Map.entry("quarantineInitialBackoff", "quarantine-initial-backoff"),
			Map.entry("quarantineMaxBackoff", "quarantine-max-backoff"), Map.entry("userAgent", "user-agent"),
			Map.entry("tls.caCertificates", "tls.ca-certificates"),
			Map.entry("tls.useSystemCaCertificates", "tls.use-system-ca-certificates"),
			Map.entry("tls.trustAll", "tls.trust-all"),
			Map.entry("tls.hostnameVerification", "tls.hostname-verification"),
			Map.entry("tls.clientCertificate", "tls.client-certificate"), Map.entry("tls.clientKey", "tls.client-key"),
			Map.entry("tls.trustStore", "tls.bundle"), Map.entry("tls.keyStore", "tls.bundle"),
			Map.entry("tls.serverName", "tls.server-name"), Map.entry("tls.sessionCacheSize", "tls.session-cache-size"),
			Map.entry("tls.sessionTimeout", "tls.session-timeout"));

	private final @Nullable String property;

	private final String reason;

	/**
	 * Creates an exception.
	 * @param property the property to fix, e.g. {@code alternator.port}, or {@code null}
	 * when unknown
	 * @param reason what is wrong
	 * @param cause the cause, or {@code null}
	 */
	public InvalidAlternatorConfigurationException(@Nullable String property, String reason,
			@Nullable Throwable cause) {
		super("Invalid Alternator configuration" + ((property != null) ? " (" + property + ")" : "") + ": " + reason,
				cause);
		this.property = property;
		this.reason = reason;
	}

	/**
	 * Translates a validation failure of the core library.
	 * @param ex the core's exception; an {@link AlternatorConfigurationException} names
	 * the option, any other names no property
	 * @return the exception naming the {@code alternator.*} property
	 */
	static InvalidAlternatorConfigurationException fromCore(IllegalArgumentException ex) {
		String property = (ex instanceof AlternatorConfigurationException invalid) ? propertyFor(invalid.option())
				: null;
		return new InvalidAlternatorConfigurationException(property, String.valueOf(ex.getMessage()), ex);
	}

	/**
	 * The property a core option is set from.
	 * @param option the core option, e.g. {@code seedHosts}
	 * @return the property, e.g. {@code alternator.seed-hosts}, or {@code null} when no
	 * property sets that option
	 */
	static @Nullable String propertyFor(String option) {
		String property = PROPERTIES.get(option);
		return (property != null) ? "alternator." + property : null;
	}

	/**
	 * The property to fix.
	 * @return the property name, e.g. {@code alternator.port}, or {@code null} when the
	 * failure cannot be traced to one property
	 */
	public @Nullable String getProperty() {
		return this.property;
	}

	/**
	 * What is wrong, as the validation reported it.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
