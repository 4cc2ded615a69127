package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.alternator.client.micrometer.AlternatorObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link AlternatorObservations} on load-balanced clients: one observation per call,
 * carrying the node of each attempt (against three local nodes), and no observation left
 * open on any way a call ends (in-process fake HTTP clients for timeouts and
 * cancellation). Replica-aware routing is off against the local nodes: its background
 * reads would be observed too, and add to the requests the nodes count.
 */
@Timeout(120)
class ObservationIntegrationTests {

	private static final String NAME = AlternatorObservations.OBSERVATION_NAME;

	private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));

	private static ClusterFixture fixture;

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final OpenObservations open = new OpenObservations();

	private final AlternatorObservations observations = AlternatorObservations.create(this.registry);

	ObservationIntegrationTests() {
		this.registry.observationConfig().observationHandler(this.open);
	}

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r1");
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	@AfterEach
	void resetFaults() {
		fixture.resetAll();
	}

	@Test
	void eachSyncCallIsOneObservationWithTheNodeOfEachAttempt() {
		int callCount = 12;
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(fixture.config(0).replicaAwareRouting(false).maxAttempts(3).build())
			.clientCustomizer((builder) -> builder.overrideConfiguration(this.observations::applyTo))
			.build()) {
			fixture.resetAll();
			fixture.node(0).failWith(500);
			ClusterFixture.repeat(callCount, (i) -> ClusterFixture.get(client, "k" + i));
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, callCount)
			.forAllObservationsWithNameEqualTo(NAME,
					(observation) -> observation.hasLowCardinalityKeyValue("operation", "GetItem")
						.hasLowCardinalityKeyValue("outcome", "success")
						.hasLowCardinalityKeyValue("error", "none")
						.hasHighCardinalityKeyValue("table", ClusterFixture.TABLE)
						.hasContextualNameEqualTo("DynamoDb.GetItem")
						.doesNotHaveError());
		String failing = fixture.node(0).address();
		List<List<String>> attemptNodes = attemptNodes();
		for (List<String> nodes : attemptNodes) {
			// every attempt but the last went to the failing node, the last one elsewhere
			assertThat(nodes.get(nodes.size() - 1)).isNotEqualTo(failing);
			assertThat(nodes.subList(0, nodes.size() - 1)).allMatch(failing::equals);
		}
		assertThat(attemptNodes.stream().mapToLong(List::size).sum()).isEqualTo(apiRequests());
		assertThat(attemptNodes.stream().filter((nodes) -> nodes.size() > 1).count())
			.isEqualTo(fixture.node(0).stats().apiRequests())
			.isPositive();
		assertThat(this.open.count()).isZero();
	}

	@Test
	void failedSyncCallIsObservedAsAServerErrorWithTheFailure() {
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(fixture.config(0).replicaAwareRouting(false).maxAttempts(2).build())
			.clientCustomizer((builder) -> builder.overrideConfiguration(this.observations::applyTo))
			.build()) {
			fixture.resetAll();
			fixture.nodes().forEach((node) -> node.failWith(500));
			assertThatExceptionOfType(DynamoDbException.class).isThrownBy(() -> ClusterFixture.get(client, "k"));
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo(NAME)
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasLowCardinalityKeyValue("error", "server")
			.hasHighCardinalityKeyValue("attempts", "2")
			.hasError();
		assertThat(attemptNodes().get(0)).hasSize(2).doesNotHaveDuplicates();
		assertThat(this.open.count()).isZero();
	}

	@Test
	void eachAsyncCallIsOneObservationWithTheNodeOfEachAttempt() {
		int callCount = 12;
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(fixture.config(0).replicaAwareRouting(false).maxAttempts(3).build())
			.clientCustomizer((builder) -> builder.overrideConfiguration(this.observations::applyTo))
			.build()) {
			fixture.resetAll();
			fixture.node(1).failWith(503);
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < callCount; i++) {
				String pk = "k" + i;
				calls.add(client.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key(pk))));
			}
			CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).join();
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, callCount)
			.forAllObservationsWithNameEqualTo(NAME,
					(observation) -> observation.hasLowCardinalityKeyValue("outcome", "success"));
		List<List<String>> attemptNodes = attemptNodes();
		assertThat(attemptNodes.stream().mapToLong(List::size).sum()).isEqualTo(apiRequests());
		assertThat(attemptNodes.stream().filter((nodes) -> nodes.size() > 1).count())
			.isEqualTo(fixture.node(1).stats().apiRequests());
		assertThat(this.open.count()).isZero();
	}

	@Test
	void cancelledAsyncCallsLeaveNoObservationOpen() {
		int callCount = 10;
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbAsyncClient client = fakeAsyncClient(http, AlternatorConfig.DEFAULT_ATTEMPT_TIMEOUT)) {
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < callCount; i++) {
				calls.add(client.getItem((r) -> r.tableName("t").key(KEY)));
			}
			Await.until(Duration.ofSeconds(5), () -> http.attempts() == callCount, () -> http.attempts() + " attempts");
			assertThat(this.open.count()).isEqualTo(callCount);
			calls.forEach((call) -> call.cancel(false));
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, callCount)
			.forAllObservationsWithNameEqualTo(NAME,
					(observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure")
						.hasHighCardinalityKeyValue("attempts", "1"));
		assertThat(this.open.count()).isZero();
	}

	@Test
	void asyncCallsEndedByTheApiCallTimeoutLeaveNoObservationOpen() {
		int callCount = 10;
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbAsyncClient client = fakeAsyncClient(http, AlternatorConfig.DEFAULT_ATTEMPT_TIMEOUT)) {
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < callCount; i++) {
				calls.add(client.getItem((r) -> r.tableName("t")
					.key(KEY)
					.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofMillis(200)))));
			}
			CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).exceptionally((failure) -> null).join();
			assertThat(calls).allSatisfy((call) -> assertThat(call).isCompletedExceptionally());
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, callCount)
			.forAllObservationsWithNameEqualTo(NAME,
					(observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure"));
		assertThat(this.open.count()).isZero();
	}

	@Test
	void syncCallsEndedByTheApiCallTimeoutAreObservedAsTimeouts() {
		FakeHttp http = new FakeHttp((attempt) -> FakeHttp.HANG);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(fakeConfig().build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((builder) -> builder
				.overrideConfiguration((o) -> this.observations.applyTo(o).apiCallTimeout(Duration.ofMillis(100))))
			.build()) {
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(ApiCallTimeoutException.class)
					.isThrownBy(() -> client.getItem((r) -> r.tableName("t").key(KEY)));
			}
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 3)
			.forAllObservationsWithNameEqualTo(NAME,
					(observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure")
						.hasLowCardinalityKeyValue("error", "timeout")
						.hasError());
		assertThat(this.open.count()).isZero();
	}

	@Test
	void callsFailingBeforeTheyAreSentLeaveNoObservationOpen() {
		FakeHttp http = FakeHttp.answering(200);
		ExecutionInterceptor failing = new ExecutionInterceptor() {

			@Override
			public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
					ExecutionAttributes executionAttributes) {
				throw new IllegalStateException("refused before sending");
			}

		};
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(fakeConfig().build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((builder) -> builder
				.overrideConfiguration((o) -> this.observations.applyTo(o).addExecutionInterceptor(failing)))
			.build();
				DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.builder()
					.config(fakeConfig().build())
					.httpClientBuilder(FakeHttp.answering(200).async())
					.clientCustomizer((builder) -> builder
						.overrideConfiguration((o) -> this.observations.applyTo(o).addExecutionInterceptor(failing)))
					.build()) {
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> client.getItem((r) -> r.tableName("t").key(KEY)));
			assertThatExceptionOfType(CompletionException.class)
				.isThrownBy(() -> async.getItem((r) -> r.tableName("t").key(KEY)).join());
		}
		assertThat(http.attempts()).isZero();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(NAME, 2)
			.forAllObservationsWithNameEqualTo(NAME,
					(observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure")
						.hasHighCardinalityKeyValue("attempts", "0"));
		assertThat(this.open.count()).isZero();
	}

	@Test
	void observationsAreAddedOnceHoweverOftenApplied() {
		FakeHttp http = FakeHttp.answering(200);
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(fakeConfig().build())
			.httpClientBuilder(http.sync())
			.clientCustomizer((builder) -> builder
				.overrideConfiguration((o) -> this.observations.applyTo(this.observations.applyTo(o))))
			.build()) {
			client.getItem((r) -> r.tableName("t").key(KEY));
		}
		TestObservationRegistryAssert.assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(NAME, 1);
	}

	private DynamoDbAsyncClient fakeAsyncClient(FakeHttp http, Duration attemptTimeout) {
		return AlternatorDynamoDbAsyncClient.builder()
			.config(fakeConfig().attemptTimeout(attemptTimeout).build())
			.httpClientBuilder(http.async())
			.clientCustomizer((builder) -> builder.overrideConfiguration(this.observations::applyTo))
			.build();
	}

	private static AlternatorConfig.Builder fakeConfig() {
		return AlternatorConfig.builder()
			.seedHosts("127.0.0.1", "127.0.0.2")
			.discoveryEnabled(false)
			.keyAffinityMode(KeyAffinityMode.NONE);
	}

	private List<List<String>> attemptNodes() {
		List<List<String>> nodes = new ArrayList<>();
		TestObservationRegistryAssert.assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
			for (Observation.Context context : contexts) {
				String value = context.getHighCardinalityKeyValue("nodes").getValue();
				String attempts = context.getHighCardinalityKeyValue("attempts").getValue();
				List<String> each = Arrays.asList(value.split(","));
				assertThat(each).hasSize(Integer.parseInt(attempts));
				nodes.add(each);
			}
		});
		return nodes;
	}

	private static long apiRequests() {
		return Arrays.stream(fixture.apiRequests()).sum();
	}

	/** Counts the observations started and not yet stopped. */
	private static final class OpenObservations implements ObservationHandler<Observation.Context> {

		private final AtomicInteger open = new AtomicInteger();

		@Override
		public void onStart(Observation.Context context) {
			this.open.incrementAndGet();
		}

		@Override
		public void onStop(Observation.Context context) {
			this.open.decrementAndGet();
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		int count() {
			return this.open.get();
		}

	}

}
