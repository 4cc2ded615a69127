package dev.alternator.spring.autoconfigure;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the Enhanced clients, when {@code dynamodb-enhanced} is on the
 * classpath, on top of the one {@link DynamoDbClient} (and, with
 * {@code alternator.async.enabled=true}, the one {@link DynamoDbAsyncClient}): the
 * load-balanced client or a user-defined one. With several clients of a type, none is
 * picked.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AlternatorAutoConfiguration.class,
		beforeName = "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration")
@ConditionalOnClass({ DynamoDbClient.class, DynamoDbEnhancedClient.class })
@ConditionalOnBooleanProperty(name = "alternator.enabled", matchIfMissing = true)
public final class AlternatorEnhancedClientAutoConfiguration {

	AlternatorEnhancedClientAutoConfiguration() {
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(DynamoDbClient.class)
	DynamoDbEnhancedClient dynamoDbEnhancedClient(DynamoDbClient dynamoDbClient) {
		return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDbClient).build();
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(DynamoDbAsyncClient.class)
	@ConditionalOnBooleanProperty("alternator.async.enabled")
	DynamoDbEnhancedAsyncClient dynamoDbEnhancedAsyncClient(DynamoDbAsyncClient dynamoDbAsyncClient) {
		return DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(dynamoDbAsyncClient).build();
	}

}
