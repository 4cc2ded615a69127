package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import dev.alternator.testsupport.LocalAlternatorNode;
import dev.alternator.testsupport.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spreading, per-attempt failover with valid signatures, the Enhanced client and
 * shutdown, against three nodes of one datacenter (plus one of another, never used).
 */
@Timeout(120)
class LoadBalancingIntegrationTests {

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r2", "dc1/r2", "dc2/r1");
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
	void requestsAreSpreadEvenlyOverTheLiveNodes() {
		// round-robin: the spread asserted is round-robin's; latency-aware routing
		// keeps it only while no node looks slow, which a busy machine can cause.
		// Replica-aware routing off: every request the nodes receive is counted, and
		// its background reads of system tables would add to them
		AlternatorConfig config = fixture.config(0)
			.loadBalancing(LoadBalancing.ROUND_ROBIN)
			.replicaAwareRouting(false)
			.build();
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config)) {
			fixture.resetAll();
			ClusterFixture.repeat(3000, (i) -> ClusterFixture.get(client, "k" + (i % 50)));
		}
		long[] counts = fixture.apiRequests();
		long max = Math.max(counts[0], Math.max(counts[1], counts[2]));
		long min = Math.min(counts[0], Math.min(counts[1], counts[2]));
		System.out.printf("spread over 3000 requests: %s, max/min=%.3f%n", ClusterFixture.counts(counts),
				(double) max / min);
		assertThat(counts[0] + counts[1] + counts[2]).isEqualTo(3000);
		assertThat(counts[3]).isZero();
		assertThat((double) max / min).isLessThanOrEqualTo(1.05);
	}

	@Test
	void quarantinedNodesShareIsSpreadEvenlyOverTheOtherNodes() {
		// round-robin: the spread asserted is round-robin's; latency-aware routing
		// keeps it only while no node looks slow, which a busy machine can cause
		AlternatorConfig config = fixture.config(0)
			.loadBalancing(LoadBalancing.ROUND_ROBIN)
			.replicaAwareRouting(false)
			.build();
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config)) {
			fixture.resetAll();
			fixture.node(1).failWith(500);
			ClusterFixture.repeat(1500, (i) -> ClusterFixture.get(client, "k" + (i % 50)));
		}
		long[] counts = fixture.apiRequests();
		double ratio = (double) Math.max(counts[0], counts[2]) / Math.min(counts[0], counts[2]);
		System.out.printf("spread over 1500 requests with node 1 answering 500: %s, max/min=%.3f%n",
				ClusterFixture.counts(counts), ratio);
		assertThat(counts[3]).isZero();
		assertThat(ratio).isLessThanOrEqualTo(1.10);
	}

	static Stream<Arguments> clients() {
		return Stream.of(Arguments.of("apache5"), Arguments.of("url-connection"), Arguments.of("netty"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("clients")
	void signedRequestWhoseFirstAttemptGets500SucceedsOnAnotherNodeWithAValidSignature(String httpClient)
			throws Exception {
		AlternatorConfig config = fixture.config(0).build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config)) {
			LocalAlternatorNode failing = fixture.node(0);
			fixture.resetAll();
			failing.failWith(500);
			int calls = 12;
			if (httpClient.equals("netty")) {
				try (DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder()
					.nodeDirectory(directory)
					.build()) {
					List<CompletableFuture<GetItemResponse>> results = new ArrayList<>();
					for (int i = 0; i < calls; i++) {
						results
							.add(client.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("k"))));
						results.get(i).join();
					}
				}
			}
			else {
				try (DynamoDbClient client = AlternatorDynamoDbClient.builder()
					.nodeDirectory(directory)
					.httpClientBuilder(httpClient.equals("apache5") ? Apache5HttpClient.builder()
							: UrlConnectionHttpClient.builder())
					.build()) {
					ClusterFixture.repeat(calls, (i) -> ClusterFixture.get(client, "k"));
				}
			}
			List<RecordedRequest> failed = failing.requests()
				.stream()
				.filter((r) -> "POST".equals(r.method()))
				.toList();
			List<RecordedRequest> served = Stream.of(fixture.node(1), fixture.node(2))
				.flatMap((node) -> node.requests().stream())
				.filter((r) -> "POST".equals(r.method()))
				.toList();
			assertThat(failed).isNotEmpty().allSatisfy((r) -> assertThat(r.status()).isEqualTo(500));
			assertThat(served).hasSize(calls)
				.allSatisfy((r) -> assertThat(r.signatureValid()).isTrue())
				.allSatisfy((r) -> assertThat(r.status()).isEqualTo(200));
			assertThat(served).extracting((r) -> r.header("Host"))
				.allSatisfy((host) -> assertThat(host).isIn(fixture.node(1).address() + ":" + fixture.node(1).port(),
						fixture.node(2).address() + ":" + fixture.node(2).port()));
		}
	}

	@Test
	void retriesFollowThePlanSoEveryAttemptReachesADifferentNode() {
		// replica-aware routing off: its background reads would add to the counts
		AlternatorConfig config = fixture.config(0)
			.maxAttempts(3)
			.failuresBeforeQuarantine(100)
			.replicaAwareRouting(false)
			.build();
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(config)) {
			fixture.resetAll();
			for (int i = 0; i < 3; i++) {
				fixture.node(i).failWith(503);
			}
			try {
				ClusterFixture.get(client, "k");
			}
			catch (RuntimeException expected) {
				// every node answers 503: the call fails after 3 attempts
			}
		}
		long[] counts = fixture.apiRequests();
		assertThat(new long[] { counts[0], counts[1], counts[2] }).containsExactly(1, 1, 1);
	}

	@Test
	void enhancedClientWorksOnTopOfTheLoadBalancedClient() {
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(fixture.config(0).build())) {
			DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
			DynamoDbTable<EnhancedDocument> table = enhanced.table(ClusterFixture.TABLE,
					TableSchema.documentSchemaBuilder()
						.addIndexPartitionKey(TableMetadata.primaryIndexName(), "pk", AttributeValueType.S)
						.attributeConverterProviders(AttributeConverterProvider.defaultProvider())
						.build());
			fixture.resetAll();
			for (int i = 0; i < 6; i++) {
				table.putItem(EnhancedDocument.builder()
					.attributeConverterProviders(AttributeConverterProvider.defaultProvider())
					.putString("pk", "doc" + i)
					.putNumber("n", i)
					.build());
			}
			EnhancedDocument read = table.getItem(Key.builder().partitionValue("doc3").build());
			assertThat(read.getNumber("n").intValue()).isEqualTo(3);
			Map<String, AttributeValue> raw = client
				.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("doc4")))
				.item();
			assertThat(raw.get("n").n()).isEqualTo("4");
		}
		long[] counts = fixture.apiRequests();
		assertThat(counts[0]).isPositive();
		assertThat(counts[1]).isPositive();
		assertThat(counts[2]).isPositive();
	}

	@Test
	void closingTheClientsStopsEveryThreadTheLibraryStarted() throws Exception {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		DynamoDbClient sync = AlternatorDynamoDbClient.create(fixture.config(0).build());
		DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.create(fixture.config(0).build());
		ClusterFixture.get(sync, "k");
		async.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("k"))).join();
		assertThat(libraryThreads(before)).isNotEmpty();
		sync.close();
		async.close();
		Await.until(Duration.ofSeconds(10), () -> libraryThreads(before).isEmpty(),
				() -> libraryThreads(before).toString());
	}

	@Test
	void attemptTimeoutsRunOnTheClientsOwnSchedulerNotOnTheSdkDefaultOne() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		try (DynamoDbClient sync = AlternatorDynamoDbClient.create(fixture.config(0).build());
				DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.create(fixture.config(0).build())) {
			for (int i = 0; i < 10; i++) {
				ClusterFixture.get(sync, "k" + i);
				async.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("k"))).join();
			}
			List<String> started = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> !before.contains(thread))
				.map(Thread::getName)
				.toList();
			assertThat(started).anyMatch((name) -> name.contains("-sdk-scheduler-"));
			assertThat(started).noneMatch((name) -> name.startsWith("sdk-ScheduledExecutor"));
		}
	}

	@Test
	void aSchedulerGivenByTheCustomizerIsUsedAndTheLibrarysOwnNeverStarts() throws Exception {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		ScheduledThreadPoolExecutor mine = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "my-scheduler");
			thread.setDaemon(true);
			return thread;
		});
		try (DynamoDbClient sync = AlternatorDynamoDbClient.builder()
			.config(fixture.config(0).build())
			.clientCustomizer((builder) -> builder.overrideConfiguration(
					builder.overrideConfiguration().toBuilder().scheduledExecutorService(mine).build()))
			.build()) {
			for (int i = 0; i < 5; i++) {
				ClusterFixture.get(sync, "k" + i);
			}
			assertThat(mine.getTaskCount()).isPositive();
			assertThat(Thread.getAllStackTraces().keySet()).filteredOn((thread) -> !before.contains(thread))
				.noneMatch((thread) -> thread.getName().contains("-sdk-scheduler-"));
		}
		finally {
			mine.shutdownNow();
		}
	}

	private static List<String> libraryThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			.filter((name) -> name.startsWith("alternator-") && !name.startsWith("alternator-local"))
			.toList();
	}

	@Test
	void listenersThatThrowOrBlockChangeNoRequestOutcome() {
		try (CapturedLog log = CapturedLog.of("alternator");
				AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(fixture.config(0).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(new AlternatorListener() {
				@Override
				public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
					throw new IllegalStateException("listener failure");
				}
			});
			directory.addListener(new AlternatorListener() {
				@Override
				public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
					try {
						Thread.sleep(1000);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			});
			long start = System.nanoTime();
			ClusterFixture.repeat(30, (i) -> ClusterFixture.get(client, "k"));
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(elapsed).isLessThan(Duration.ofSeconds(15));
			Await.until(Duration.ofSeconds(5), () -> failedListenerLogged(log), () -> "a listener failure logged");
		}
	}

	private static boolean failedListenerLogged(CapturedLog log) {
		return log.events()
			.stream()
			.anyMatch((event) -> event.getLevel() == Level.WARN
					&& event.getFormattedMessage().endsWith("failed; the event is ignored")
					&& event.getThrowableProxy() != null
					&& "listener failure".equals(event.getThrowableProxy().getMessage()));
	}

	@Test
	void sharedDirectoryServesSyncAndAsyncClientsAndOutlivesThem() {
		// round-robin: the exact spread is asserted, whatever a busy machine does to
		// latency; replica-aware routing off: its background reads would add to it
		AlternatorConfig config = fixture.config(0)
			.loadBalancing(LoadBalancing.ROUND_ROBIN)
			.replicaAwareRouting(false)
			.build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config)) {
			try (DynamoDbClient sync = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build();
					DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.builder()
						.nodeDirectory(directory)
						.build()) {
				fixture.resetAll();
				ClusterFixture.repeat(6, (i) -> ClusterFixture.get(sync, "k"));
				for (int i = 0; i < 6; i++) {
					async.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("k"))).join();
				}
			}
			assertThat(directory.isClosed()).isFalse();
			assertThat(directory.nodes().stream().mapToLong(NodeStatus::requests).sum()).isEqualTo(12);
		}
		assertThat(fixture.apiRequests()[0]).isEqualTo(4);
	}

}
