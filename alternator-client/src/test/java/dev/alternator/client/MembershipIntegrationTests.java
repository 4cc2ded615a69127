package dev.alternator.client;

import java.time.Duration;
import java.util.List;

import dev.alternator.testsupport.LocalAlternatorNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale up and down: a node added at runtime receives traffic after the next refresh; a
 * node removed from {@code /localnodes} receives no new attempt after it. Library
 * defaults (1 s active refresh).
 */
@Timeout(120)
class MembershipIntegrationTests {

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r2");
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	@Test
	void addedNodeReceivesTrafficAndRemovedNodeStopsReceivingIt() throws Exception {
		RecordingListener listener = new RecordingListener();
		// round-robin: the spread asserted is round-robin's; latency-aware routing
		// keeps it only while no node looks slow, which a busy machine can cause.
		// Replica-aware routing off: its background reads would reach the leaving node
		AlternatorConfig config = fixture.config(0)
			.loadBalancing(LoadBalancing.ROUND_ROBIN)
			.replicaAwareRouting(false)
			.build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(listener);
			LocalAlternatorNode added = fixture.cluster.addNode("dc1", "r2");
			long addedAt = System.nanoTime();
			Await.until(Duration.ofSeconds(10),
					() -> directory.nodes().stream().anyMatch((n) -> n.address().equals(added.address())),
					directory::toString);
			Duration seenAfter = Duration.ofNanos(System.nanoTime() - addedAt);
			ClusterFixture.repeat(40, (i) -> ClusterFixture.get(client, "k"));
			long servedByAdded = added.stats().apiRequests();

			LocalAlternatorNode leaving = fixture.node(1);
			leaving.unlisted(true);
			Await.until(Duration.ofSeconds(10),
					() -> directory.nodes().stream().noneMatch((n) -> n.address().equals(leaving.address())),
					directory::toString);
			long beforeRemoval = leaving.stats().apiRequests();
			ClusterFixture.repeat(40, (i) -> ClusterFixture.get(client, "k"));
			long afterRemoval = leaving.stats().apiRequests() - beforeRemoval;
			System.out.printf("membership: added node seen after %dms, served %d of 40; removed node got %d of 40%n",
					seenAfter.toMillis(), servedByAdded, afterRemoval);
			assertThat(seenAfter).isLessThan(Duration.ofSeconds(5));
			assertThat(servedByAdded).isEqualTo(10);
			assertThat(afterRemoval).isZero();
			Await.until(Duration.ofSeconds(5), () -> listener.events.contains("removed " + leaving.address()),
					listener.events::toString);
			assertThat(listener.without("attempt")
				.stream()
				.filter((e) -> e.startsWith("added") || e.startsWith("removed")))
				.containsExactly("added " + added.address(), "removed " + leaving.address());
			assertThat(List.of(leaving.isUp())).containsExactly(true);
		}
	}

}
