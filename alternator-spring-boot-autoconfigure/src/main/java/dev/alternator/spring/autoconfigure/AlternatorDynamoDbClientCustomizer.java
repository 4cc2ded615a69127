package dev.alternator.spring.autoconfigure;

import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Callback to customize the SDK builder of the load-balanced {@code DynamoDbClient} bean
 * after the library configured it. Customizers run in
 * {@link org.springframework.core.Ordered order}.
 * <p>
 * Add execution interceptors with the consumer form of
 * {@code overrideConfiguration(o -> o.addExecutionInterceptor(...))}; the library's
 * routing interceptor is merged back even if a customizer replaces the override
 * configuration. Do not replace the HTTP client, the endpoint or the auth scheme: they
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
