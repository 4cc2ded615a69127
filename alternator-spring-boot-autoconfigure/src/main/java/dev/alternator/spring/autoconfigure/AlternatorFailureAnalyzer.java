package dev.alternator.spring.autoconfigure;

import java.util.Map;

import dev.alternator.client.AlternatorConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidAlternatorConfigurationException}, or a core
 * {@link AlternatorConfigurationException} that reached startup unwrapped (for example
 * from an application's own {@code AlternatorConfig} bean): which {@code alternator.*}
 * property is wrong and how to fix it. The property comes from the option the core
 * exception names, never from its message.
 *
 * @since 0.1.0
 */
class AlternatorFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAlternatorConfigurationException> {

	private static final Map<String, String> FIXES = Map.ofEntries(
			Map.entry("alternator.seed-hosts",
					"Set 'alternator.seed-hosts' to the host names or IP addresses of one or more Alternator nodes, "
							+ "without scheme or port (for example alternator.seed-hosts=10.0.0.1,10.0.0.2), "
							+ "or set 'alternator.enabled=false' to turn the Alternator auto-configuration off."),
			Map.entry("alternator.port", "Set 'alternator.port' to the Alternator port of the nodes (1-65535)."),
			Map.entry("alternator.scheme", "Set 'alternator.scheme' to 'http' or 'https'."),
			Map.entry("alternator.datacenter",
					"Set 'alternator.datacenter' to the datacenter of 'alternator.rack', or remove 'alternator.rack'."),
			Map.entry("alternator.credentials.access-key",
					"Set both 'alternator.credentials.access-key' and 'alternator.credentials.secret-key', "
							+ "or neither for anonymous requests."),
			Map.entry("alternator.credentials.session-token",
					"Set 'alternator.credentials.access-key' and 'alternator.credentials.secret-key' with "
							+ "'alternator.credentials.session-token', or remove the session token."),
			Map.entry("alternator.response-compression",
					"Set 'alternator.response-compression' to 'gzip', 'deflate' or both, or 'none'."),
			Map.entry("alternator.compression-level", "Set 'alternator.compression-level' to a value from 0 to 9."),
			Map.entry("alternator.quarantine-max-backoff",
					"Set 'alternator.quarantine-max-backoff' to at least 'alternator.quarantine-initial-backoff'."),
			Map.entry("alternator.tls.ca-certificates",
					"Point 'alternator.tls.ca-certificates' to readable PEM files, or set "
							+ "'alternator.tls.use-system-ca-certificates=true'."),
			Map.entry("alternator.tls.client-certificate",
					"Set 'alternator.tls.client-certificate' and 'alternator.tls.client-key' together, "
							+ "to readable PEM files."),
			Map.entry("alternator.tls.client-key",
					"Set 'alternator.tls.client-certificate' and 'alternator.tls.client-key' together, "
							+ "to readable PEM files."),
			Map.entry("alternator.tls.server-name",
					"Set 'alternator.tls.server-name' to the DNS name the node certificates carry, or remove it to "
							+ "verify each node by its address."),
			Map.entry("alternator.tls.bundle",
					"Define the SSL bundle under 'spring.ssl.bundle' or correct the name in 'alternator.tls.bundle'."));

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = super.analyze(failure);
		if (analysis != null) {
			return analysis;
		}
		AlternatorConfigurationException core = findCause(failure, AlternatorConfigurationException.class);
		return (core != null) ? analyze(failure, InvalidAlternatorConfigurationException.fromCore(core)) : null;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAlternatorConfigurationException cause) {
		String property = cause.getProperty();
		if (property == null) {
			return new FailureAnalysis("The Alternator configuration is invalid: " + cause.getReason(),
					"Check the 'alternator.*' properties, the AlternatorConnectionDetails bean and the "
							+ "AlternatorConfigCustomizer beans of the application.",
					cause);
		}
		String description = "The Alternator configuration is invalid: " + cause.getReason() + System.lineSeparator()
				+ System.lineSeparator() + "    Property: " + property;
		String action = FIXES.getOrDefault(property, "Update '" + property
				+ "' in the application's configuration to a valid value, or remove it to use the default.");
		return new FailureAnalysis(description,
				action + " If the value comes from an AlternatorConfigCustomizer or AlternatorConnectionDetails "
						+ "bean, fix it there.",
				cause);
	}

}
