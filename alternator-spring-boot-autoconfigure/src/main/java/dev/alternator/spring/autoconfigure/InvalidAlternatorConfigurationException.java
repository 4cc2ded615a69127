package dev.alternator.spring.autoconfigure;

import java.util.List;
import java.util.Map;

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
	 * Core option names as the core's validation messages spell them, and the property
	 * each one maps to. The first option found in a message (the earliest; the longest on
	 * a tie) names the property.
	 */
	private static final List<Map.Entry<String, String>> OPTIONS = List.of(Map.entry("seedHosts", "seed-hosts"),
			Map.entry("seeds must be", "seed-hosts"), Map.entry("port must be", "port"),
			Map.entry("scheme must be", "scheme"), Map.entry("requires a datacenter", "datacenter"),
			Map.entry("datacenter cannot be", "datacenter"), Map.entry("rack cannot be", "rack"),
			Map.entry("region cannot be", "region"), Map.entry("Static auth requires", "credentials.access-key"),
			Map.entry("session token requires", "credentials.session-token"),
			Map.entry("minCompressionSizeBytes", "min-compression-size"),
			Map.entry("compressionLevel", "compression-level"),
			Map.entry("response compression encoding", "response-compression"),
			Map.entry("headersWhitelist", "headers-whitelist"),
			Map.entry("maxPoolConnectionsPerNode", "max-pool-connections"),
			Map.entry("activeRefreshInterval", "active-refresh-interval"),
			Map.entry("idleRefreshInterval", "idle-refresh-interval"),
			Map.entry("discoveryTimeout", "discovery-timeout"), Map.entry("connectTimeout", "connect-timeout"),
			Map.entry("readTimeout", "read-timeout"), Map.entry("attemptTimeout", "attempt-timeout"),
			Map.entry("maxAttempts", "max-attempts"), Map.entry("connectionMaxIdleTime", "connection-max-idle-time"),
			Map.entry("connectionAcquisitionTimeout", "connection-acquisition-timeout"),
			Map.entry("failuresBeforeQuarantine", "failures-before-quarantine"),
			Map.entry("quarantineInitialBackoff", "quarantine-initial-backoff"),
			Map.entry("quarantineMaxBackoff", "quarantine-max-backoff"), Map.entry("userAgent", "user-agent"),
			Map.entry("tls.clientKey", "tls.client-key"), Map.entry("tls.clientCertificate", "tls.client-certificate"),
			Map.entry("tls: no trust source", "tls.ca-certificates"),
			Map.entry("tls.caCertificates", "tls.ca-certificates"), Map.entry("tls.serverName", "tls.server-name"),
			Map.entry("tls.sessionCacheSize", "tls.session-cache-size"),
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
	 * @param ex the core's exception, whose message names the option
	 * @return the exception naming the {@code alternator.*} property
	 */
	static InvalidAlternatorConfigurationException fromCore(IllegalArgumentException ex) {
		String message = String.valueOf(ex.getMessage());
		return new InvalidAlternatorConfigurationException(propertyFor(message), message, ex);
	}

	static @Nullable String propertyFor(String message) {
		int bestIndex = Integer.MAX_VALUE;
		String bestOption = "";
		String property = null;
		for (Map.Entry<String, String> option : OPTIONS) {
			int index = message.indexOf(option.getKey());
			if (index >= 0
					&& (index < bestIndex || (index == bestIndex && option.getKey().length() > bestOption.length()))) {
				bestIndex = index;
				bestOption = option.getKey();
				property = "alternator." + option.getValue();
			}
		}
		return property;
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
