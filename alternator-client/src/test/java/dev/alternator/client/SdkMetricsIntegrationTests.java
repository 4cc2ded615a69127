package dev.alternator.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import dev.alternator.client.micrometer.AlternatorObservations;
import dev.alternator.client.micrometer.AlternatorSdkMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AlternatorSdkMetrics} on load-balanced clients against three local nodes: the
 * meters count exactly the calls made and the attempts the nodes received, under
 * throttling and server errors, with the Apache, URL-connection and Netty HTTP clients.
 * The library's background reads (table descriptions, system tables) are not the
 * application's calls: they are neither counted nor observed. Replica-aware routing is
 * off where the nodes' request counts are compared with the attempts.
 */
@Timeout(120)
class SdkMetricsIntegrationTests {

	private static ClusterFixture fixture;

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final AlternatorSdkMetrics metrics = AlternatorSdkMetrics.create(this.registry);

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
		this.metrics.close();
	}

	private DynamoDbClient syncClient(AlternatorConfig.Builder config) {
		return AlternatorDynamoDbClient.builder()
			.config(config.build())
			.clientCustomizer((builder) -> builder.overrideConfiguration((o) -> o.addMetricPublisher(this.metrics)))
			.build();
	}

	@Test
	void callsAreCountedPerOperationAndAttemptsEqualWhatTheNodesReceived() {
		try (DynamoDbClient client = syncClient(fixture.config(0).replicaAwareRouting(false))) {
			fixture.resetAll();
			ClusterFixture.repeat(9, (i) -> ClusterFixture.put(client, "k" + i, "v"));
			ClusterFixture.repeat(5, (i) -> ClusterFixture.get(client, "k" + i));
			client.scan((r) -> r.tableName(ClusterFixture.TABLE));
		}
		assertThat(calls().tag("operation", "PutItem").timer().count()).isEqualTo(9);
		assertThat(calls().tag("operation", "GetItem").timer().count()).isEqualTo(5);
		assertThat(calls().tag("operation", "Scan").timer().count()).isOne();
		assertThat(calls().tag("outcome", "success").tag("error", "none").timers()).hasSize(3);
		assertThat(totalAttempts()).isEqualTo(15).isEqualTo(nodeApiRequests());
	}

	@Test
	void throttledAttemptsAreRetriedElsewhereAndCountedAsThrottling() {
		int callCount = 30;
		try (DynamoDbClient client = syncClient(fixture.config(0).replicaAwareRouting(false).maxAttempts(3))) {
			fixture.resetAll();
			fixture.node(1).failWith(429);
			ClusterFixture.repeat(callCount, (i) -> ClusterFixture.get(client, "k" + i));
		}
		long throttledAttempts = fixture.node(1).stats().apiRequests();
		double throttledCalls = calls().tag("outcome", "success").tag("error", "throttling").timer().count();
		double cleanCalls = calls().tag("outcome", "success").tag("error", "none").timer().count();
		System.out.printf("throttling: calls=%d, throttled calls=%.0f, throttled attempts=%d%n", callCount,
				throttledCalls, throttledAttempts);
		assertThat(throttledAttempts).isPositive();
		assertThat(throttledCalls).isEqualTo(throttledAttempts);
		assertThat(throttledCalls + cleanCalls).isEqualTo(callCount);
		assertThat(calls().tag("outcome", "failure").timers()).isEmpty();
		assertThat(totalAttempts()).isEqualTo(callCount + throttledAttempts).isEqualTo(nodeApiRequests());
		assertThat(this.registry.get("alternator.api.call.attempts").summary().max()).isEqualTo(2);
	}

	@Test
	void callsThatHitANodeAnswering500FailAsServerErrorsWithoutRetries() {
		int callCount = 30;
		int failures = 0;
		try (DynamoDbClient client = syncClient(fixture.config(0).replicaAwareRouting(false).maxAttempts(1))) {
			fixture.resetAll();
			fixture.node(2).failWith(500);
			for (int i = 0; i < callCount; i++) {
				try {
					ClusterFixture.get(client, "k" + i);
				}
				catch (DynamoDbException expected) {
					failures++;
				}
			}
		}
		assertThat(failures).isPositive().isEqualTo(fixture.node(2).stats().apiRequests());
		assertThat(calls().tag("outcome", "failure").tag("error", "server").timer().count()).isEqualTo(failures);
		assertThat(calls().tag("outcome", "success").tag("error", "none").timer().count())
			.isEqualTo(callCount - failures);
		assertThat(totalAttempts()).isEqualTo(callCount);
	}

	@Test
	void callsToADownNodeAreRetriedAndCountedAsIoErrors() {
		try (DynamoDbClient client = syncClient(fixture.config(0).replicaAwareRouting(false).maxAttempts(3))) {
			fixture.resetAll();
			fixture.node(0).reject();
			ClusterFixture.repeat(12, (i) -> ClusterFixture.get(client, "k" + i));
		}
		long rejected = fixture.node(0)
			.requests()
			.stream()
			.filter((request) -> request.rejected() && "POST".equals(request.method()))
			.count();
		assertThat(rejected).isPositive();
		assertThat(calls().tag("outcome", "success").tag("error", "io").timer().count()).isEqualTo(rejected);
		assertThat(totalAttempts()).isEqualTo(12 + rejected);
	}

	@Test
	void apacheClientReportsItsPool() {
		try (DynamoDbClient client = syncClient(fixture.config(0).replicaAwareRouting(false))) {
			ClusterFixture.repeat(3, (i) -> ClusterFixture.get(client, "k" + i));
		}
		// the name the SDK's Apache 5 client reports ("Apache5Preview" before SDK 2.42)
		String apache5;
		try (SdkHttpClient http = Apache5HttpClient.create()) {
			apache5 = http.clientName();
		}
		assertThat(apache5).startsWith("Apache5");
		assertThat(this.registry.get("alternator.http.pool.max").tag("http.client", apache5).gauge().value())
			.isEqualTo(AlternatorConfig.DEFAULT_MAX_POOL_CONNECTIONS_PER_NODE);
		assertThat(this.registry.get("alternator.http.pool.leased").gauge().value()).isGreaterThanOrEqualTo(0);
		assertThat(this.registry.get("alternator.http.pool.pending").gauge().value()).isZero();
		assertThat(this.registry.get("alternator.http.pool.acquire").timer().count()).isEqualTo(3);
	}

	@Test
	void urlConnectionClientHasNoPoolToReport() {
		try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
			.config(fixture.config(0).replicaAwareRouting(false).build())
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.clientCustomizer((builder) -> builder.overrideConfiguration((o) -> o.addMetricPublisher(this.metrics)))
			.build()) {
			ClusterFixture.repeat(3, (i) -> ClusterFixture.get(client, "k" + i));
		}
		assertThat(calls().tag("operation", "GetItem").timer().count()).isEqualTo(3);
		assertThat(this.registry.find("alternator.http.pool.leased").gauges()).isEmpty();
	}

	@Test
	void asyncNettyCallsAreCountedAndReportThePool() {
		try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
			.config(fixture.config(0).replicaAwareRouting(false).maxAttempts(3).build())
			.clientCustomizer((builder) -> builder.overrideConfiguration((o) -> o.addMetricPublisher(this.metrics)))
			.build()) {
			fixture.resetAll();
			fixture.node(2).failWith(503);
			CompletableFuture<?>[] futures = new CompletableFuture<?>[12];
			for (int i = 0; i < futures.length; i++) {
				String pk = "k" + i;
				CompletableFuture<GetItemResponse> call = client
					.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key(pk)));
				futures[i] = call;
			}
			CompletableFuture.allOf(futures).join();
		}
		long throttled = fixture.node(2).stats().apiRequests();
		assertThat(calls().tag("operation", "GetItem").timers().stream().mapToLong((t) -> t.count()).sum())
			.isEqualTo(12);
		assertThat(calls().tag("error", "throttling").timer().count()).isEqualTo(throttled);
		assertThat(totalAttempts()).isEqualTo(12 + throttled);
		assertThat(this.registry.get("alternator.http.pool.max").tag("http.client", "NettyNio").gauge().value())
			.isEqualTo(AlternatorConfig.DEFAULT_MAX_POOL_CONNECTIONS_PER_NODE);
	}

	@Test
	void backgroundReadsOfTablesAndPlacementAreNeitherCountedNorObserved() {
		TestObservationRegistry observationRegistry = TestObservationRegistry.create();
		AlternatorObservations observations = AlternatorObservations.create(observationRegistry);
		AlternatorConfig config = fixture.config(0).keyAffinityMode(KeyAffinityMode.RMW).build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder()
					.nodeDirectory(directory)
					.clientCustomizer((builder) -> builder
						.overrideConfiguration((o) -> observations.applyTo(o.addMetricPublisher(this.metrics))))
					.build()) {
			fixture.resetAll();
			ClusterFixture.repeat(20, (i) -> ClusterFixture.get(client, "k" + i));
			Await.until(Duration.ofSeconds(10),
					() -> directory.replicaRouting().size() == 1
							&& directory.replicaRouting().get(0).lastRefresh() != null,
					() -> directory.replicaRouting().toString());
			ClusterFixture.repeat(20, (i) -> ClusterFixture.get(client, "k" + i));
		}
		long describes = fixture.nodes().stream().mapToLong((node) -> node.stats().requests("DescribeTable")).sum();
		long scans = fixture.nodes().stream().mapToLong((node) -> node.stats().requests("Scan")).sum();
		System.out.printf("background reads: %d DescribeTable, %d Scan; published calls: %s%n", describes, scans,
				calls().timers()
					.stream()
					.map((timer) -> timer.getId().getTag("operation") + "=" + timer.count())
					.toList());
		assertThat(describes).as("the background reads happened").isPositive();
		assertThat(scans).isPositive();
		assertThat(calls().timers()).singleElement()
			.satisfies((timer) -> assertThat(timer.getId().getTag("operation")).isEqualTo("GetItem"))
			.satisfies((timer) -> assertThat(timer.count()).isEqualTo(40));
		TestObservationRegistryAssert.assertThat(observationRegistry)
			.hasNumberOfObservationsWithNameEqualTo(AlternatorObservations.OBSERVATION_NAME, 40)
			.hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
				.allSatisfy((context) -> assertThat(context.getLowCardinalityKeyValue("operation").getValue())
					.isEqualTo("GetItem")));
	}

	private Search calls() {
		return this.registry.find("alternator.api.calls");
	}

	private double totalAttempts() {
		return this.registry.find("alternator.api.call.attempts")
			.summaries()
			.stream()
			.mapToDouble((s) -> s.totalAmount())
			.sum();
	}

	private static long nodeApiRequests() {
		return Arrays.stream(fixture.apiRequests()).sum();
	}

}
