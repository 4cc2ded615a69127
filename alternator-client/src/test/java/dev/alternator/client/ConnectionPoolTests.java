package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP pool follows the per-node cap whatever the node count, and a local pool that
 * has no connection to give in time is not held against the node.
 */
@Timeout(60)
class ConnectionPoolTests {

	private static final int CALLS = 3;

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1");
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
	void poolLimitIsThePerNodeCapWhateverTheNodeCountAtBuild() {
		AlternatorConfig config = AlternatorConfig.builder()
			.seedHosts("127.0.0.1", "127.0.0.2", "127.0.0.3")
			.discoveryEnabled(false)
			.keyAffinityMode(KeyAffinityMode.NONE)
			.maxPoolConnectionsPerNode(7)
			.build();
		FakeHttp http = FakeHttp.answering(200);
		AlternatorDynamoDbClient.builder().config(config).httpClientBuilder(http.sync()).build().close();
		AlternatorDynamoDbAsyncClient.builder().config(config).httpClientBuilder(http.async()).build().close();
		assertThat(http.builtWith).hasSize(2)
			.allSatisfy(
					(defaults) -> assertThat(defaults.get(SdkHttpConfigurationOption.MAX_CONNECTIONS)).isEqualTo(7));
	}

	private static AlternatorConfig tinyPool() {
		return fixture.config(0)
			.discoveryEnabled(false)
			.maxPoolConnectionsPerNode(1)
			.connectionAcquisitionTimeout(Duration.ofMillis(100))
			.attemptTimeout(Duration.ofSeconds(5))
			.failuresBeforeQuarantine(1)
			.maxAttempts(1)
			.build();
	}

	@Test
	void syncCallsExhaustingTheLocalPoolDoNotQuarantineASlowNode() {
		fixture.node(0).slow(Duration.ofSeconds(1));
		ExecutorService threads = Executors.newFixedThreadPool(CALLS);
		RecordingListener listener = new RecordingListener();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(tinyPool());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(listener);
			List<CompletableFuture<Void>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(CompletableFuture.runAsync(() -> ClusterFixture.get(client, "k"), threads));
			}
			assertThat(failures(calls)).anySatisfy(
					(failure) -> assertThat(failure).hasStackTraceContaining("ConnectionRequestTimeoutException"));
			assertThat(listener.events).noneMatch((event) -> event.startsWith("quarantined"));
			assertThat(directory.nodes()).extracting(NodeStatus::state).containsOnly(NodeState.ACTIVE);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void asyncCallsExhaustingTheLocalPoolDoNotQuarantineASlowNode() {
		fixture.node(0).slow(Duration.ofSeconds(1));
		RecordingListener listener = new RecordingListener();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(tinyPool());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(listener);
			List<CompletableFuture<GetItemResponse>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(client.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key("k"))));
			}
			assertThat(failures(calls))
				.anySatisfy((failure) -> assertThat(failure).hasStackTraceContaining("Acquire operation took longer"));
			assertThat(listener.events).noneMatch((event) -> event.startsWith("quarantined"));
			assertThat(directory.nodes()).extracting(NodeStatus::state).containsOnly(NodeState.ACTIVE);
		}
	}

	/**
	 * Waits for every call; the calls that failed. One connection for calls started
	 * together that each hold it a second: at least all but one wait longer than the
	 * pool's acquisition timeout.
	 */
	private static List<Throwable> failures(List<? extends CompletableFuture<?>> calls) {
		List<Throwable> failures = new ArrayList<>();
		for (CompletableFuture<?> call : calls) {
			try {
				call.join();
			}
			catch (CompletionException ex) {
				failures.add(ex);
			}
		}
		assertThat(failures).isNotEmpty();
		return failures;
	}

}
