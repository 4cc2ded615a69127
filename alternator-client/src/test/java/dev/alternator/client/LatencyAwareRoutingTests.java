package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node of the local cluster answers 150 ms late, under 16 callers of GetItem and
 * PutItem in datacenter scope: latency-aware routing sheds its load within seconds and
 * gives it back when it is fast again; round-robin keeps sending it a full share. Shares
 * are read from what the nodes received, in windows of seconds after each change.
 */
class LatencyAwareRoutingTests {

	private static final int CALLERS = 16;

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r2", "dc1/r3");
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	@Test
	void slowNodeShedsItsLoadAndGetsItBackWhenFastAgain() throws Exception {
		fixture.resetAll();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0).datacenter("dc1").build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			try (Load load = new Load(client)) {
				Thread.sleep(1000);
				long[] even = window(2000);
				assertThat(max(even) / (double) min(even)).as(ClusterFixture.counts(even)).isLessThan(1.25);

				fixture.node(2).slow(Duration.ofMillis(150));
				// 3 s to react, then a window of 3 s
				Thread.sleep(3000);
				long[] slow = window(3000);
				assertThat(share(slow, 2)).as(ClusterFixture.counts(slow)).isLessThanOrEqualTo(0.05);
				assertThat(directory.nodes()).filteredOn(NodeStatus::demoted)
					.extracting(NodeStatus::address)
					.containsExactly(fixture.node(2).address());

				fixture.node(2).clearFaults();
				// 4 s to recover, then a window of 2 s
				Thread.sleep(4000);
				long[] recovered = window(2000);
				assertThat(share(recovered, 2)).as(ClusterFixture.counts(recovered)).isGreaterThanOrEqualTo(0.20);
				assertThat(load.failures()).isZero();
			}
		}
	}

	@Test
	void roundRobinKeepsTheSlowNodesShare() throws Exception {
		fixture.resetAll();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0).datacenter("dc1").loadBalancing(LoadBalancing.ROUND_ROBIN).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			try (Load load = new Load(client)) {
				fixture.node(2).slow(Duration.ofMillis(150));
				Thread.sleep(3000);
				long[] slow = window(2000);
				assertThat(share(slow, 2)).as(ClusterFixture.counts(slow)).isGreaterThan(0.25);
				assertThat(directory.nodes()).noneMatch(NodeStatus::demoted);
				assertThat(load.failures()).isZero();
			}
		}
		finally {
			fixture.resetAll();
		}
	}

	/** API requests per node received during the next {@code millis}. */
	private static long[] window(long millis) throws InterruptedException {
		long[] before = fixture.apiRequests();
		Thread.sleep(millis);
		long[] after = fixture.apiRequests();
		long[] delta = new long[after.length];
		for (int i = 0; i < delta.length; i++) {
			delta[i] = after[i] - before[i];
		}
		return delta;
	}

	private static double share(long[] counts, int index) {
		long total = 0;
		for (long count : counts) {
			total += count;
		}
		return (double) counts[index] / total;
	}

	private static long max(long[] counts) {
		long max = Long.MIN_VALUE;
		for (long count : counts) {
			max = Math.max(max, count);
		}
		return max;
	}

	private static long min(long[] counts) {
		long min = Long.MAX_VALUE;
		for (long count : counts) {
			min = Math.min(min, count);
		}
		return Math.max(1, min);
	}

	/** 16 callers of GetItem and PutItem until closed (at most one minute). */
	private static final class Load implements AutoCloseable {

		private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS);

		private final List<Future<?>> callers = new ArrayList<>();

		private final AtomicLong failures = new AtomicLong();

		private final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);

		private volatile boolean stopped;

		Load(DynamoDbClient client) {
			for (int caller = 0; caller < CALLERS; caller++) {
				int id = caller;
				this.callers.add(this.threads.submit(() -> {
					for (int i = 0; !this.stopped && System.nanoTime() < this.deadline; i++) {
						String pk = "latency-" + id + "-" + (i % 50);
						try {
							if (i % 2 == 0) {
								ClusterFixture.put(client, pk, "v" + i);
							}
							else {
								ClusterFixture.get(client, pk);
							}
						}
						catch (RuntimeException ex) {
							this.failures.incrementAndGet();
						}
					}
				}));
			}
		}

		long failures() {
			return this.failures.get();
		}

		@Override
		public void close() throws ExecutionException, TimeoutException {
			this.stopped = true;
			try {
				for (Future<?> caller : this.callers) {
					caller.get(30, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.threads.shutdownNow();
			}
		}

	}

}
