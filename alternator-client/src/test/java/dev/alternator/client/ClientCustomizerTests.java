package dev.alternator.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The library's SDK settings stay beneath a customizer's: the SDK's consumer form of
 * {@code overrideConfiguration} starts from an empty configuration, and what the user did
 * not set must still be the library's. In-process fake HTTP clients, no network.
 */
@Timeout(30)
class ClientCustomizerTests {

	private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

	private static AlternatorConfig.Builder config() {
		return AlternatorConfig.builder()
			.seedHosts("127.0.0.1")
			.discoveryEnabled(false)
			.keyAffinityMode(KeyAffinityMode.NONE)
			.maxAttempts(1);
	}

	private static void get(DynamoDbClient client) {
		client.getItem((r) -> r.tableName("t").key(KEY));
	}

	private static void get(DynamoDbAsyncClient client) {
		client.getItem((r) -> r.tableName("t").key(KEY)).join();
	}

	@Test
	void syncConsumerFormCustomizerKeepsTheLibraryRetryStrategy() {
		FakeHttp http = FakeHttp.answering(500);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(config().build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofSeconds(20))))
			.build()) {
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(() -> get(client));
		}
		assertThat(http.attempts()).isEqualTo(1);
	}

	@Test
	void asyncConsumerFormCustomizerKeepsTheLibraryRetryStrategy() {
		FakeHttp http = FakeHttp.answering(500);
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config().build())
			.httpClientBuilder(http.async())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofSeconds(20))))
			.build()) {
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> get(client))
				.withCauseInstanceOf(DynamoDbException.class);
		}
		assertThat(http.attempts()).isEqualTo(1);
	}

	@Test
	void syncConsumerFormCustomizerKeepsTheLibraryAttemptTimeout() {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(config().attemptTimeout(Duration.ofMillis(300)).build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofSeconds(20))))
			.build()) {
			assertThatExceptionOfType(ApiCallAttemptTimeoutException.class).isThrownBy(() -> get(client))
				.withMessageContaining("300 millis");
		}
	}

	@Test
	void asyncConsumerFormCustomizerKeepsTheLibraryAttemptTimeout() {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config().attemptTimeout(Duration.ofMillis(300)).build())
			.httpClientBuilder(http.async())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofSeconds(20))))
			.build()) {
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> get(client))
				.havingCause()
				.isInstanceOf(ApiCallAttemptTimeoutException.class)
				.withMessageContaining("300 millis");
		}
	}

	@Test
	void consumerFormCustomizerKeepsTheLibraryUserAgent() {
		FakeHttp http = FakeHttp.answering(200);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(config().userAgent("library-agent/1").build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofSeconds(20))))
			.build()) {
			get(client);
		}
		assertThat(http.requests.get(0).firstMatchingHeader("User-Agent"))
			.hasValueSatisfying((agent) -> assertThat(agent).startsWith("library-agent/1"));
	}

	@Test
	void userRetryStrategyWinsOverTheLibraryOne() {
		FakeHttp http = FakeHttp.answering(500);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(config().build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o
				.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build())))
			.build()) {
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(() -> get(client));
		}
		assertThat(http.attempts()).isEqualTo(2);
	}

	@Test
	void userAttemptTimeoutWinsOverTheLibraryOne() {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(config().attemptTimeout(Duration.ofSeconds(20)).build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallAttemptTimeout(Duration.ofMillis(200))))
			.build()) {
			assertThatExceptionOfType(ApiCallAttemptTimeoutException.class).isThrownBy(() -> get(client))
				.withMessageContaining("200 millis");
		}
	}

}
