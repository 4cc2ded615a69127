package dev.alternator.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The write retry policy on in-process fake HTTP clients (no network): which calls are
 * retried after which failures, what the application gets when a write's outcome is
 * unknown, and how the policy combines with a retry strategy of the user's own.
 */
@Timeout(30)
class WriteRetryPolicyTests {

	private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

	private static AlternatorConfig.Builder config() {
		return AlternatorConfig.builder()
			.seedHosts("127.0.0.1")
			.discoveryEnabled(false)
			.keyAffinityMode(KeyAffinityMode.NONE)
			.maxAttempts(3);
	}

	private static UpdateItemRequest increment(Consumer<AwsRequestOverrideConfiguration.Builder> override) {
		UpdateItemRequest.Builder request = UpdateItemRequest.builder()
			.tableName("t")
			.key(KEY)
			.updateExpression("ADD n :one")
			.expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")));
		if (override != null) {
			request.overrideConfiguration(override);
		}
		return request.build();
	}

	private static UpdateItemRequest increment() {
		return increment(null);
	}

	private static DynamoDbClient sync(AlternatorNodeDirectory nodes, FakeHttp http) {
		return sync(nodes, http, (builder) -> {
		});
	}

	private static DynamoDbClient sync(AlternatorNodeDirectory nodes, FakeHttp http,
			Consumer<DynamoDbClientBuilder> customizer) {
		return AlternatorDynamoDbClient.builder()
			.nodeDirectory(nodes)
			.httpClientBuilder(http.sync())
			.clientCustomizer(customizer)
			.build();
	}

	@Test
	void syncIncrementAnsweredWithServerErrorIsNotRetriedAndItsOutcomeIsUnknown() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = sync(nodes, http)) {
			assertThatExceptionOfType(AlternatorWriteOutcomeUnknownException.class)
				.isThrownBy(() -> client.updateItem(increment()))
				.withMessageContaining("UpdateItem may or may not have been applied")
				.withMessageContaining("127.0.0.1")
				.satisfies((ex) -> {
					assertThat(ex.node()).isEqualTo("127.0.0.1");
					assertThat(ex.retryable()).isFalse();
					assertThat(ex.getCause()).isInstanceOf(DynamoDbException.class);
					assertThat(((DynamoDbException) ex.getCause()).statusCode()).isEqualTo(500);
				});
			assertThat(http.attempts()).isEqualTo(1);
			assertThat(nodes.nodeWritesNotRetried("127.0.0.1")).isEqualTo(1);
			assertThat(nodes.writesNotRetried()).isEqualTo(1);
		}
	}

	@Test
	void asyncIncrementAnsweredWithServerErrorIsNotRetriedAndItsOutcomeIsUnknown() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(http.async())
					.build()) {
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> client.updateItem(increment()).join())
				.havingCause()
				.isInstanceOf(AlternatorWriteOutcomeUnknownException.class);
			assertThat(http.attempts()).isEqualTo(1);
			assertThat(nodes.writesNotRetried()).isEqualTo(1);
		}
	}

	@Test
	void syncIncrementWhoseAttemptTimesOutIsNotRetried() {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory
			.create(config().attemptTimeout(Duration.ofMillis(200)).build());
				DynamoDbClient client = sync(nodes, http)) {
			assertThatExceptionOfType(AlternatorWriteOutcomeUnknownException.class)
				.isThrownBy(() -> client.updateItem(increment()))
				.withCauseInstanceOf(ApiCallAttemptTimeoutException.class);
			assertThat(http.attempts()).isEqualTo(1);
		}
	}

	@Test
	void asyncIncrementWhoseAttemptTimesOutIsNotRetried() {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory
			.create(config().attemptTimeout(Duration.ofMillis(200)).build());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(http.async())
					.build()) {
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> client.updateItem(increment()).join())
				.havingCause()
				.isInstanceOf(AlternatorWriteOutcomeUnknownException.class);
			assertThat(http.attempts()).isEqualTo(1);
		}
	}

	@Test
	void syncIncrementIsRetriedAfterARefusedConnection() {
		FakeHttp http = new FakeHttp((attempt) -> (attempt == 1) ? FakeHttp.REFUSE : 200);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = sync(nodes, http)) {
			client.updateItem(increment());
			assertThat(http.attempts()).isEqualTo(2);
			assertThat(nodes.writesNotRetried()).isZero();
		}
	}

	@Test
	void asyncIncrementIsRetriedAfterARefusedConnection() {
		FakeHttp http = new FakeHttp((attempt) -> (attempt == 1) ? FakeHttp.REFUSE : 200);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
					.nodeDirectory(nodes)
					.httpClientBuilder(http.async())
					.build()) {
			client.updateItem(increment()).join();
			assertThat(http.attempts()).isEqualTo(2);
		}
	}

	@Test
	void idempotentCallsAreRetriedAfterServerErrors() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = sync(nodes, http)) {
			assertThatExceptionOfType(DynamoDbException.class)
				.isThrownBy(() -> client.putItem((r) -> r.tableName("t").item(KEY)));
			assertThat(http.attempts()).isEqualTo(3);
			assertThat(nodes.writesNotRetried()).isZero();
		}
	}

	@Test
	void incrementMarkedIdempotentIsRetried() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = sync(nodes, http)) {
			assertThatExceptionOfType(DynamoDbException.class)
				.isThrownBy(() -> client.updateItem(increment(AlternatorRequestOptions.idempotent())))
				.isNotInstanceOf(AlternatorWriteOutcomeUnknownException.class);
			assertThat(http.attempts()).isEqualTo(3);
		}
	}

	@Test
	void sdkPolicyRetriesIncrements() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory
			.create(config().writeRetryPolicy(WriteRetryPolicy.SDK).build());
				DynamoDbClient client = sync(nodes, http)) {
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(() -> client.updateItem(increment()))
				.isNotInstanceOf(AlternatorWriteOutcomeUnknownException.class);
			assertThat(http.attempts()).isEqualTo(3);
		}
	}

	@Test
	void callMarkedNotIdempotentIsNotRetriedUnderTheSdkPolicy() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory
			.create(config().writeRetryPolicy(WriteRetryPolicy.SDK).build());
				DynamoDbClient client = sync(nodes, http)) {
			assertThatExceptionOfType(AlternatorWriteOutcomeUnknownException.class).isThrownBy(() -> client.putItem(
					(r) -> r.tableName("t").item(KEY).overrideConfiguration(AlternatorRequestOptions.notIdempotent())))
				.withMessageContaining("PutItem");
			assertThat(http.attempts()).isEqualTo(1);
		}
	}

	@Test
	void userRetryStrategyIsGuardedToo() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = sync(nodes, http, (b) -> b.overrideConfiguration((o) -> o
					.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(4).build())))) {
			assertThatExceptionOfType(AlternatorWriteOutcomeUnknownException.class)
				.isThrownBy(() -> client.updateItem(increment()));
			assertThat(http.attempts()).isEqualTo(1);
			assertThatExceptionOfType(DynamoDbException.class)
				.isThrownBy(() -> client.getItem((r) -> r.tableName("t").key(KEY)));
			assertThat(http.attempts()).isEqualTo(1 + 4);
		}
	}

	@Test
	void userRetryModeIsGuardedToo() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = sync(nodes, http,
						(b) -> b.overrideConfiguration((o) -> o.retryStrategy(RetryMode.STANDARD)))) {
			assertThatExceptionOfType(AlternatorWriteOutcomeUnknownException.class)
				.isThrownBy(() -> client.updateItem(increment()));
			assertThat(http.attempts()).isEqualTo(1);
			assertThatExceptionOfType(DynamoDbException.class)
				.isThrownBy(() -> client.getItem((r) -> r.tableName("t").key(KEY)));
			// the standard mode's own attempts
			assertThat(http.attempts()).isEqualTo(1 + 3);
		}
	}

	@Test
	void userRetryStrategyConfiguratorIsGuardedToo() {
		FakeHttp http = FakeHttp.answering(500);
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config().build());
				DynamoDbClient client = sync(nodes, http,
						(b) -> b.overrideConfiguration((o) -> o.retryStrategy((s) -> s.maxAttempts(2))))) {
			assertThatExceptionOfType(AlternatorWriteOutcomeUnknownException.class)
				.isThrownBy(() -> client.updateItem(increment()));
			assertThat(http.attempts()).isEqualTo(1);
			assertThatExceptionOfType(DynamoDbException.class)
				.isThrownBy(() -> client.getItem((r) -> r.tableName("t").key(KEY)));
			assertThat(http.attempts()).isEqualTo(1 + 2);
		}
	}

}
