package dev.alternator.spring.autoconfigure;

import dev.alternator.client.AlternatorConfig;

/**
 * Callback to customize the {@link AlternatorConfig.Builder} after the
 * {@code alternator.*} properties and the {@link AlternatorConnectionDetails} were
 * applied. Customizers run in {@link org.springframework.core.Ordered order}; a later one
 * wins over an earlier one, and every customizer wins over the properties.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AlternatorConfigCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(AlternatorConfig.Builder builder);

}
