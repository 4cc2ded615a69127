package dev.alternator.client;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refresh loop: active interval while requests flow, idle interval otherwise, an
 * immediate refresh when a request arrives during idle sleep; host-name seeds resolved
 * with a deadline. Short intervals (instead of 1 s / 60 s) so the test takes seconds.
 */
@Timeout(60)
class RefreshIntegrationTests {

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r2");
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	private static long localNodesRequests() {
		return fixture.nodes().stream().mapToLong((node) -> node.stats().localNodesRequests()).sum();
	}

	@Test
	void idleDirectoryPollsSlowlyAndARequestWakesItUp() throws Exception {
		AlternatorConfig config = fixture.config(0)
			.activeRefreshInterval(Duration.ofMillis(100))
			.idleRefreshInterval(Duration.ofSeconds(2))
			.build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			long start = localNodesRequests();
			Thread.sleep(1000);
			long active = localNodesRequests() - start;
			// idle since creation for 2 s: from then on one refresh per 2 s
			Thread.sleep(2500);
			long idleStart = localNodesRequests();
			Thread.sleep(1500);
			long idle = localNodesRequests() - idleStart;
			long beforeRequest = localNodesRequests();
			ClusterFixture.get(client, "k");
			Await.until(Duration.ofMillis(800), () -> localNodesRequests() > beforeRequest,
					() -> "no refresh after the request");
			System.out.printf("refresh: %d cycles in the first 1 s (active), %d in 1.5 s idle%n", active, idle);
			assertThat(active).isGreaterThanOrEqualTo(5);
			assertThat(idle).isLessThanOrEqualTo(1);
		}
	}

	@Test
	void hostNameSeedsAreResolvedAndUnresolvableOnesSkipped() {
		AlternatorConfig config = fixture.config(0).seedHosts("no-such-host.invalid", "localhost").build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config)) {
			assertThat(directory.usingSeeds()).isFalse();
			assertThat(directory.nodes()).extracting(NodeStatus::address)
				.containsExactly(fixture.node(0).address(), fixture.node(1).address(), fixture.node(2).address());
		}
	}

}
