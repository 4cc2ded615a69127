package dev.alternator.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each attempt of an async call ends on its own outcome, not on a late report of an
 * earlier attempt the SDK already gave up on. In-process fake HTTP client, no network.
 */
@Timeout(30)
class AsyncAttemptTests {

	private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

	@Test
	void lateErrorOfATimedOutAttemptDoesNotEndTheNextAttempt() {
		// attempt 1 hangs until its attempt timeout; the HTTP client reports the
		// abandoned attempt's cancellation only once attempt 2 has started, as Netty's
		// event loop can when it is busy
		FakeHttp http = new FakeHttp((attempt) -> (attempt == 1) ? FakeHttp.HANG : 200);
		http.beforeAttempt(() -> {
			if (http.attempts() == 2) {
				http.handlers.get(0).onError(new IOException("Request cancelled"));
			}
		});
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts("127.0.0.1", "127.0.0.2")
			.discoveryEnabled(false)
			.keyAffinityMode(KeyAffinityMode.NONE)
			.attemptTimeout(Duration.ofMillis(200))
			.maxAttempts(2)
			.build();
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config)
			.httpClientBuilder(http.async())
			.build()) {
			assertThat(client.getItem((r) -> r.tableName("t").key(KEY)).join()).isNotNull();
		}
		assertThat(http.attempts()).isEqualTo(2);
		assertThat(http.futures.get(0)).isCompletedExceptionally();
	}

}
