package dev.alternator.spring.autoconfigure;

import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Callback to customize the SDK builder of the load-balanced {@code DynamoDbClient} bean
 * after the library configured it. Customizers run in
 * {@link org.springframework.core.Ordered order}.
 * <p>
 * Either form of {@code overrideConfiguration} may be used, the consumer form
 * {@code overrideConfiguration(o -> ...)} included: the library's retry strategy, attempt
 * timeout, scheduler, user agent prefix and interceptors are added back unless the
 * customizer set that very setting (its own value then wins; the library's interceptors
 * are always kept). Do not replace the HTTP client, the endpoint or the auth scheme: they
 * carry the per-attempt routing.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AlternatorDynamoDbClientCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(DynamoDbClientBuilder builder);

}
