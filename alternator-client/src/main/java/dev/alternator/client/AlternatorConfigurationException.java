package dev.alternator.client;

/**
 * An invalid configuration option: thrown by {@link AlternatorConfig.Builder#build()},
 * {@link TlsConfig.Builder#build()} and the configuration setters that validate at once,
 * and when the TLS files of a configuration cannot be used as a directory is built.
 * {@link #option()} names the option as the builders spell it, so that a tool (for
 * example a Spring Boot failure analyzer) can point at the setting to fix without reading
 * the message.
 * <p>
 * Option names: the builder method ({@code seedHosts}, {@code port},
 * {@code attemptTimeout}, ...), {@code credentials.accessKeyId} and
 * {@code credentials.sessionToken} for the two halves of
 * {@link AlternatorConfig.Builder#credentials(String, String, String)}, and {@code tls.}
 * followed by the {@link TlsConfig.Builder} method for TLS options
 * ({@code tls.caCertificates}, {@code tls.serverName}, ...).
 *
 * @since 0.1.0
 */
public class AlternatorConfigurationException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String option;

	/**
	 * Creates an exception.
	 * @param option the option to fix, as the builders spell it
	 * @param message what is wrong, naming the option
	 */
	public AlternatorConfigurationException(String option, String message) {
		super(message);
		this.option = option;
	}

	/**
	 * Creates an exception with a cause.
	 * @param option the option to fix, as the builders spell it
	 * @param message what is wrong, naming the option
	 * @param cause the underlying failure
	 */
	public AlternatorConfigurationException(String option, String message, Throwable cause) {
		super(message, cause);
		this.option = option;
	}

	/**
	 * The option to fix, for example {@code seedHosts}, {@code port},
	 * {@code attemptTimeout} or {@code tls.caCertificates}.
	 * @return the option name
	 */
	public String option() {
		return this.option;
	}

}
