package dev.alternator.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.alternator.testsupport.LocalAlternatorNode;
import dev.alternator.testsupport.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault scenarios — node killed, node black-holed, node answering 500, all nodes down —
 * fast variants (seconds of real load against three local nodes, library defaults unless
 * stated). Each prints one line of figures; bounds are generous, the benchmarks measure
 * precisely.
 */
@Timeout(180)
class FailoverScenarioTests {

	private static final int THREADS = 8;

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r2");
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	@AfterEach
	void resetFaults() {
		fixture.resetAll();
	}

	/**
	 * A node killed mid-load (connections reset, new ones reset after the request head is
	 * read, so the node can count them). Idempotent reads: none fails, and after its
	 * first refused attempt the node sees no API attempt later than 100 ms.
	 */
	@Test
	void nodeKilledMidLoadLosesNoIdempotentRequestAndGetsNoAttemptsAfter100ms() throws Exception {
		try (DynamoDbClient client = AlternatorDynamoDbClient.create(fixture.config(0).build())) {
			fixture.resetAll();
			LoadLoop load = new LoadLoop(THREADS, Duration.ofSeconds(5), () -> ClusterFixture.get(client, "k")).start();
			Thread.sleep(1500);
			LocalAlternatorNode victim = fixture.node(1);
			long killedAt = System.nanoTime();
			victim.reject();
			load.await(Duration.ofSeconds(30));
			List<RecordedRequest> attemptsAfterKill = victim.requests()
				.stream()
				.filter((r) -> "POST".equals(r.method()))
				.filter((r) -> r.receivedAtNanos() >= killedAt)
				.toList();
			long lastOffset = attemptsAfterKill.stream()
				.mapToLong((r) -> r.receivedAtNanos() - killedAt)
				.max()
				.orElse(0);
			System.out.printf(
					"scenario S1: requests=%d, failed=%d, p99=%dms, attempts-to-dead-node=%d, "
							+ "off-node-after=%dms%n",
					load.requests(), load.failures().size(), load.p99().toMillis(), attemptsAfterKill.size(),
					Duration.ofNanos(lastOffset).toMillis());
			assertThat(load.failures()).isEmpty();
			assertThat(Duration.ofNanos(lastOffset)).isLessThanOrEqualTo(Duration.ofMillis(100));
		}
	}

	/**
	 * A node killed, with a real refusal (port closed): counted at the client through the
	 * listener.
	 */
	@Test
	void nodeWhosePortClosesMidLoadIsLeftWithin100ms() throws Exception {
		List<Long> refusals = new CopyOnWriteArrayList<>();
		LocalAlternatorNode victim = fixture.node(2);
		String address = victim.address();
		// round-robin: the victim must carry its full share when its port closes; on a
		// busy
		// machine latency-aware routing may have demoted it to one turn in 64 before
		AlternatorConfig config = fixture.config(0).loadBalancing(LoadBalancing.ROUND_ROBIN).build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(new AlternatorListener() {
				@Override
				public void attemptCompleted(String node, AttemptOutcome outcome, Duration duration) {
					if (node.equals(address) && outcome != AttemptOutcome.SUCCESS) {
						refusals.add(System.nanoTime());
					}
				}
			});
			LoadLoop load = new LoadLoop(THREADS, Duration.ofSeconds(4), () -> ClusterFixture.get(client, "k")).start();
			Thread.sleep(1000);
			victim.down();
			load.await(Duration.ofSeconds(30));
			Await.until(Duration.ofSeconds(5), () -> !refusals.isEmpty(), () -> "no failed attempt observed");
			long first = refusals.stream().mapToLong(Long::longValue).min().orElseThrow();
			long last = refusals.stream().mapToLong(Long::longValue).max().orElseThrow();
			System.out.printf(
					"scenario S1 (port closed): requests=%d, failed=%d, p99=%dms, failed-attempts=%d, "
							+ "off-node-after=%dms%n",
					load.requests(), load.failures().size(), load.p99().toMillis(), refusals.size(),
					Duration.ofNanos(last - first).toMillis());
			assertThat(load.failures()).isEmpty();
			assertThat(Duration.ofNanos(last - first)).isLessThanOrEqualTo(Duration.ofMillis(100));
		}
	}

	/**
	 * A black-holed node with a 2 s attempt timeout: stuck attempts are abandoned and
	 * succeed elsewhere; the node is quarantined after 5 timeouts.
	 */
	@Test
	void hungNodeCostsOneAttemptTimeoutAndIsQuarantined() throws Exception {
		RecordingListener listener = new RecordingListener();
		AlternatorConfig config = fixture.config(0).attemptTimeout(Duration.ofSeconds(2)).build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(listener);
			LocalAlternatorNode victim = fixture.node(1);
			victim.hang();
			fixture.node(1).resetStats();
			LoadLoop load = new LoadLoop(4, Duration.ofSeconds(6), () -> ClusterFixture.get(client, "k")).start();
			load.await(Duration.ofSeconds(60));
			Await.until(Duration.ofSeconds(5), () -> listener.events.contains("quarantined " + victim.address()),
					listener.events::toString);
			long attemptsToHungNode = victim.requests().stream().filter((r) -> "POST".equals(r.method())).count();
			System.out.printf("scenario S2: requests=%d, failed=%d, p99=%dms, max=%dms, attempts-to-hung-node=%d%n",
					load.requests(), load.failures().size(), load.p99().toMillis(), load.max().toMillis(),
					attemptsToHungNode);
			assertThat(load.failures()).isEmpty();
			assertThat(load.p99()).isLessThan(Duration.ofSeconds(5));
			assertThat(load.max()).isLessThan(Duration.ofSeconds(6));
			assertThat(attemptsToHungNode).isBetween(5L, 5L + 4 + 2);
		}
	}

	/**
	 * A node answering 500: no idempotent request fails; quarantined after 5 consecutive
	 * errors; released by its health probe and quarantined again with a longer backoff.
	 */
	@Test
	void nodeAnswering500IsQuarantinedAndNoRequestFails() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(fixture.config(0).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(listener);
			LocalAlternatorNode victim = fixture.node(0);
			victim.failWith(500);
			LoadLoop load = new LoadLoop(THREADS, Duration.ofSeconds(5), () -> ClusterFixture.get(client, "k")).start();
			load.await(Duration.ofSeconds(30));
			long errors = victim.stats().responses(500);
			long quarantines = listener.events.stream()
				.filter((e) -> e.equals("quarantined " + victim.address()))
				.count();
			System.out.printf("scenario S3: requests=%d, failed=%d, p99=%dms, 500s-from-node=%d, quarantines=%d%n",
					load.requests(), load.failures().size(), load.p99().toMillis(), errors, quarantines);
			assertThat(load.failures()).isEmpty();
			assertThat(quarantines).isBetween(1L, 4L);
			assertThat(errors).isLessThan(load.requests() / 5);
		}
	}

	/**
	 * All nodes down, then one back: requests fail fast; the first success comes within
	 * the node's quarantine backoff after it returns.
	 */
	@Test
	void allNodesDownFailFastThenTheFirstNodeBackServes() throws Exception {
		AtomicLong attempts = new AtomicLong();
		// replica-aware routing off: every attempt is counted, and its background reads
		// of
		// system tables would add theirs
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0).replicaAwareRouting(false).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(new AlternatorListener() {
				@Override
				public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
					attempts.incrementAndGet();
				}
			});
			fixture.nodes().forEach(LocalAlternatorNode::down);
			int failedCalls = 0;
			long slowest = 0;
			for (int i = 0; i < 20; i++) {
				long start = System.nanoTime();
				try {
					ClusterFixture.get(client, "k");
				}
				catch (RuntimeException expected) {
					failedCalls++;
				}
				slowest = Math.max(slowest, System.nanoTime() - start);
			}
			assertThat(failedCalls).isEqualTo(20);
			assertThat(directory.nodes()).extracting(NodeStatus::state).containsOnly(NodeState.QUARANTINED);
			long downAttempts = attempts.get();

			long back = System.nanoTime();
			fixture.node(1).up();
			Duration firstSuccess = null;
			while (firstSuccess == null && System.nanoTime() - back < Duration.ofSeconds(70).toNanos()) {
				try {
					ClusterFixture.get(client, "k");
					firstSuccess = Duration.ofNanos(System.nanoTime() - back);
				}
				catch (RuntimeException ex) {
					Thread.sleep(50);
				}
			}
			System.out.printf(
					"scenario S8: failed-calls=%d, slowest-failure=%dms, attempts-while-down=%d, "
							+ "first-success-after=%sms%n",
					failedCalls, Duration.ofNanos(slowest).toMillis(), downAttempts,
					(firstSuccess != null) ? firstSuccess.toMillis() : "never");
			assertThat(Duration.ofNanos(slowest)).isLessThan(config().attemptTimeout().multipliedBy(3));
			assertThat(downAttempts).isLessThanOrEqualTo(20L * config().maxAttempts());
			assertThat(firstSuccess).isNotNull().isLessThan(Duration.ofSeconds(61));
		}
	}

	private static AlternatorConfig config() {
		return fixture.config(0).build();
	}

}
