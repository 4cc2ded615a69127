package dev.alternator.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * AWS SDK clients and small helpers shared by the tests.
 */
final class TestClients {

	private static final AtomicInteger tableCounter = new AtomicInteger();

	private TestClients() {
	}

	/**
	 * An SDK client with anonymous credentials and no retries, on the Apache 5 HTTP
	 * client.
	 */
	static DynamoDbClient dynamoDb(URI endpoint) {
		return dynamoDb(endpoint, AnonymousCredentialsProvider.create());
	}

	static DynamoDbClient dynamoDb(URI endpoint, AwsCredentialsProvider credentials) {
		return DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials)
			.httpClientBuilder(Apache5HttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(2))
				.socketTimeout(Duration.ofSeconds(10)))
			.overrideConfiguration((configuration) -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build();
	}

	/**
	 * Creates a table with a string hash key {@code id}, waits until it is active and
	 * returns its name.
	 */
	static String createTable(DynamoDbClient client) {
		String name = "table_" + tableCounter.incrementAndGet();
		client.createTable((request) -> request.tableName(name)
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST));
		// dynalite answers CreateTable before the table is ACTIVE (a timer of 0 ms flips
		// it), and until then a write to it answers ResourceNotFound
		client.waiter()
			.waitUntilTableExists((request) -> request.tableName(name), (waiter) -> waiter.maxAttempts(500)
				.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(10))));
		return name;
	}

	/**
	 * The strings of a JSON array, sorted.
	 */
	static List<String> sortedStrings(String json) {
		List<String> result = new ArrayList<>();
		for (JsonNode node : JsonNode.parser().parse(json).asArray()) {
			result.add(node.asString());
		}
		result.sort(null);
		return result;
	}

}
