package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.internal.sdk.Routing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every way a call completes ends its routing registration, and a call that has ended
 * makes no further attempt. In-process fake HTTP clients, no network.
 */
@Timeout(60)
class CallReleaseTests {

	private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

	private static final int CALLS = 20;

	private static AlternatorConfig.Builder config() {
		return AlternatorConfig.builder()
			.seedHosts("127.0.0.1", "127.0.0.2")
			.discoveryEnabled(false)
			.keyAffinityMode(KeyAffinityMode.NONE);
	}

	/**
	 * The calls still registered. An async call's registration ends in a callback of its
	 * future, which the thread that completed the future runs just after the caller's
	 * {@code join} may have returned: this waits for it, at most 5 s, before reading.
	 */
	private static int callsInFlight(SdkClient client) throws InterruptedException {
		Routing routing = Routing.of(client);
		assertThat(routing).isNotNull();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (routing.callsInFlight() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		return routing.callsInFlight();
	}

	private static CompletableFuture<GetItemResponse> get(DynamoDbAsyncClient client) {
		return client.getItem((r) -> r.tableName("t").key(KEY));
	}

	@Test
	void syncCallsThatAnswerOrFailEndTheirRegistration() throws InterruptedException {
		FakeHttp http = new FakeHttp((attempt) -> (attempt % 2 == 0) ? 200 : 500);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(config().maxAttempts(1).build())
			.httpClientBuilder(http.sync())
			.build()) {
			for (int i = 0; i < CALLS; i++) {
				try {
					client.getItem((r) -> r.tableName("t").key(KEY));
				}
				catch (DynamoDbException expected) {
					// every other call
				}
			}
			assertThat(callsInFlight(client)).isZero();
		}
	}

	@Test
	void syncCallsEndedByTheApiCallTimeoutEndTheirRegistration() throws InterruptedException {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(config().build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofMillis(100))))
			.build()) {
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(ApiCallTimeoutException.class)
					.isThrownBy(() -> client.getItem((r) -> r.tableName("t").key(KEY)));
			}
			assertThat(callsInFlight(client)).isZero();
		}
	}

	@Test
	void asyncCallsThatAnswerOrFailEndTheirRegistration() throws InterruptedException {
		FakeHttp http = new FakeHttp((attempt) -> (attempt % 2 == 0) ? 200 : 500);
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config().maxAttempts(1).build())
			.httpClientBuilder(http.async())
			.build()) {
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(get(client));
			}
			CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).exceptionally((failure) -> null).join();
			assertThat(calls).filteredOn(CompletableFuture::isCompletedExceptionally).hasSize(CALLS / 2);
			assertThat(callsInFlight(client)).isZero();
		}
	}

	@Test
	void asyncCallsEndedByTheClientApiCallTimeoutEndTheirRegistration() throws InterruptedException {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config().build())
			.httpClientBuilder(http.async())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofMillis(200))))
			.build()) {
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(get(client));
			}
			assertEveryCallTimedOut(calls);
			assertThat(callsInFlight(client)).isZero();
		}
	}

	@Test
	void asyncCallsEndedByARequestApiCallTimeoutEndTheirRegistration() throws InterruptedException {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config().build())
			.httpClientBuilder(http.async())
			.build()) {
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(client.getItem((r) -> r.tableName("t")
					.key(KEY)
					.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofMillis(200)))));
			}
			assertEveryCallTimedOut(calls);
			assertThat(callsInFlight(client)).isZero();
		}
	}

	@Test
	void cancelledAsyncCallsEndTheirRegistration() throws InterruptedException {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config().build())
			.httpClientBuilder(http.async())
			.build()) {
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(get(client));
			}
			Await.until(Duration.ofSeconds(5), () -> http.attempts() == CALLS, () -> http.attempts() + " attempts");
			calls.forEach((call) -> call.cancel(false));
			assertThat(callsInFlight(client)).isZero();
		}
	}

	@Test
	void asyncCallCancelledBetweenAttemptsMakesNoFurtherAttempt() throws InterruptedException {
		FakeHttp http = FakeHttp.answering(500);
		Duration attemptTimeout = Duration.ofSeconds(5);
		HoldingScheduler scheduler = new HoldingScheduler(attemptTimeout);
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(config().attemptTimeout(attemptTimeout).maxAttempts(3).build())
			.httpClientBuilder(http.async())
			.clientCustomizer((b) -> b.overrideConfiguration((o) -> o.scheduledExecutorService(scheduler)))
			.build()) {
			CompletableFuture<GetItemResponse> call = get(client);
			Await.until(Duration.ofSeconds(5), () -> scheduler.held.size() == 1, () -> "no retry scheduled");
			call.cancel(false);
			scheduler.held.get(0).run();
			assertThat(http.attempts()).isEqualTo(1);
			assertThat(callsInFlight(client)).isZero();
			assertThatExceptionOfType(CancellationException.class).isThrownBy(call::join);
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	/**
	 * A scheduler that runs attempt timers but holds every other task (the retry
	 * backoffs) for the test to run.
	 */
	private static final class HoldingScheduler extends ScheduledThreadPoolExecutor {

		final List<Runnable> held = new CopyOnWriteArrayList<>();

		private final long attemptTimeoutMillis;

		HoldingScheduler(Duration attemptTimeout) {
			super(1);
			this.attemptTimeoutMillis = attemptTimeout.toMillis();
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			if (unit.toMillis(delay) == this.attemptTimeoutMillis) {
				return super.schedule(command, delay, unit);
			}
			this.held.add(command);
			return super.schedule(() -> {
			}, 1, TimeUnit.HOURS);
		}

	}

	private static void assertEveryCallTimedOut(List<CompletableFuture<GetItemResponse>> calls) {
		for (CompletableFuture<GetItemResponse> call : calls) {
			assertThatExceptionOfType(CompletionException.class).isThrownBy(call::join)
				.withCauseInstanceOf(ApiCallTimeoutException.class);
		}
	}

}
