package dev.alternator.spring.autoconfigure;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * Callback to customize the SDK builder of the load-balanced {@code DynamoDbAsyncClient}
 * bean (created when {@code alternator.async.enabled=true}) after the library configured
 * it. Customizers run in {@link org.springframework.core.Ordered order}; the same rules
 * as for {@link AlternatorDynamoDbClientCustomizer} apply.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AlternatorDynamoDbAsyncClientCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(DynamoDbAsyncClientBuilder builder);

}
