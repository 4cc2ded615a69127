package dev.alternator.client;

import java.time.Duration;
import java.util.List;

import dev.alternator.testsupport.LocalAlternatorNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery against a local cluster of two datacenters with two racks each:
 * {@code dc1/r1: .1 .2; dc1/r2: .3; dc2/r1: .4; dc2/r2: .5}. Library defaults (1 s active
 * refresh) unless a test says otherwise.
 */
@Timeout(120)
class DiscoveryIntegrationTests {

	private static ClusterFixture fixture;

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r2", "dc2/r1", "dc2/r2");
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	@AfterEach
	void resetFaults() {
		fixture.resetAll();
	}

	private static List<String> addresses(AlternatorNodeDirectory directory) {
		return directory.nodes().stream().map(NodeStatus::address).toList();
	}

	private static String address(int index) {
		return fixture.node(index).address();
	}

	@Test
	void clusterScopeFromOneSeedDiscoversExactlyTheLocalDatacenter() {
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(fixture.config(0).build())) {
			assertThat(directory.usingSeeds()).isFalse();
			assertThat(addresses(directory)).containsExactly(address(0), address(1), address(2));
			assertThat(directory.activeScope()).isEqualTo(RoutingScope.cluster());
			assertThat(directory.lastDiscovery().outcome()).isEqualTo(DiscoveryResult.Outcome.SUCCESS);
		}
	}

	@Test
	void clusterScopeUnitesTheAnswersOfOneSeedPerDatacenter() {
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(fixture.config(0, 3).build())) {
			assertThat(addresses(directory)).containsExactly(address(0), address(1), address(2), address(3),
					address(4));
		}
	}

	@Test
	void datacenterScopeListsThatDatacenterWithItsName() {
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0).datacenter("dc2").build())) {
			assertThat(addresses(directory)).containsExactly(address(3), address(4));
			assertThat(directory.nodes()).extracting(NodeStatus::datacenter).containsOnly("dc2");
			assertThat(directory.activeScope()).isEqualTo(RoutingScope.datacenter("dc2"));
		}
	}

	@Test
	void rackScopeFallsBackToTheDatacenterAndReturnsWhenTheRackIsBack() {
		RecordingListener listener = new RecordingListener();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0).datacenter("dc1").rack("r2").build())) {
			directory.addListener(listener);
			assertThat(addresses(directory)).containsExactly(address(2));
			LocalAlternatorNode rackNode = fixture.node(2);

			rackNode.down();
			Await.until(Duration.ofSeconds(10), () -> directory.activeScope().equals(RoutingScope.datacenter("dc1")),
					directory::toString);
			assertThat(addresses(directory)).containsExactly(address(0), address(1));
			assertThat(directory.fallbackCount()).isEqualTo(1);
			assertThat(directory.lastDiscovery().outcome()).isEqualTo(DiscoveryResult.Outcome.FALLBACK);

			rackNode.up();
			Await.until(Duration.ofSeconds(10), () -> directory.activeScope().equals(RoutingScope.rack("dc1", "r2")),
					directory::toString);
			assertThat(addresses(directory)).containsExactly(address(2));
			Await.until(Duration.ofSeconds(5), () -> listener.events.contains("scope rack 'r2' of datacenter 'dc1'"),
					listener.events::toString);
			assertThat(listener.without("discovery").stream().filter((e) -> e.startsWith("scope")))
				.containsExactly("scope datacenter 'dc1'", "scope rack 'r2' of datacenter 'dc1'");
		}
	}

	@Test
	void withoutFallbackTheConfiguredScopeIsKept() {
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0).datacenter("dc1").rack("r2").fallbackEnabled(false).build())) {
			fixture.node(2).down();
			Await.until(Duration.ofSeconds(10),
					() -> directory.lastDiscovery().outcome() == DiscoveryResult.Outcome.FAILED, directory::toString);
			assertThat(directory.activeScope()).isEqualTo(RoutingScope.rack("dc1", "r2"));
			assertThat(addresses(directory)).containsExactly(address(2));
			assertThat(directory.fallbackCount()).isZero();
		}
	}

	@Test
	void seedThatIsDownIsReplacedByTheNodesItListedBefore() {
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(fixture.config(0).build())) {
			fixture.node(0).down();
			Await.until(Duration.ofSeconds(10), () -> addresses(directory).equals(List.of(address(1), address(2))),
					directory::toString);
			assertThat(directory.lastDiscovery().outcome()).isEqualTo(DiscoveryResult.Outcome.SUCCESS);
		}
	}

	@Test
	void unreachableSeedsFallBackToTheSeedListAndDiscoveryKeepsTrying() {
		fixture.node(0).down();
		AlternatorConfig config = fixture.config(0).build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config)) {
			assertThat(directory.usingSeeds()).isTrue();
			assertThat(addresses(directory)).containsExactly(address(0));
			fixture.node(0).up();
			Await.until(Duration.ofSeconds(10), () -> !directory.usingSeeds(), directory::toString);
			assertThat(addresses(directory)).containsExactly(address(0), address(1), address(2));
		}
	}

	@Test
	void withDiscoveryOffTheSeedsAreTheFixedNodeList() throws Exception {
		fixture.resetAll();
		// round-robin: the spread asserted is round-robin's; latency-aware routing
		// keeps it only while no node looks slow, which a busy machine can cause
		AlternatorConfig config = fixture.config(0, 1)
			.discoveryEnabled(false)
			.loadBalancing(LoadBalancing.ROUND_ROBIN)
			.build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			ClusterFixture.repeat(10, (i) -> ClusterFixture.get(client, "k"));
			Thread.sleep(1500);
			assertThat(addresses(directory)).containsExactly(address(0), address(1));
			assertThat(fixture.nodes()).allSatisfy((node) -> assertThat(node.stats().localNodesRequests()).isZero());
			assertThat(fixture.apiRequests()).containsExactly(5, 5, 0, 0, 0);
		}
	}

	/**
	 * Bad {@code /localnodes} answers never empty the list. Discovery timeout 1 s
	 * (instead of 5 s) so the slow-answer case takes seconds, not half a minute.
	 */
	@Test
	void badLocalNodesAnswersKeepTheLastGoodList() {
		String twoMebibytes = "[\"" + "1".repeat(2 * 1024 * 1024) + "\"]";
		List<String> bodies = List.of("[]", "not json", "{\"nodes\":[]}", "[\"127.0.0.1\",", twoMebibytes);
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(fixture.config(0).discoveryTimeout(Duration.ofSeconds(1)).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			List<String> good = addresses(directory);
			for (String body : bodies) {
				for (int i = 0; i < 3; i++) {
					fixture.node(i).localNodesOverride(body);
				}
				awaitFailedCycle(directory);
				assertThat(addresses(directory)).as(abbreviate(body)).isEqualTo(good);
				ClusterFixture.get(client, "k");
			}
			for (int i = 0; i < 3; i++) {
				fixture.node(i).localNodesOverride(null);
				fixture.node(i).localNodesDelay(Duration.ofSeconds(3));
			}
			awaitFailedCycle(directory);
			assertThat(addresses(directory)).isEqualTo(good);
			ClusterFixture.get(client, "k");
		}
	}

	private static void awaitFailedCycle(AlternatorNodeDirectory directory) {
		DiscoveryResult before = directory.lastDiscovery();
		Await
			.until(Duration.ofSeconds(15),
					() -> directory.lastDiscovery() != before
							&& directory.lastDiscovery().outcome() == DiscoveryResult.Outcome.FAILED,
					directory::toString);
	}

	private static String abbreviate(String body) {
		return (body.length() > 40) ? body.substring(0, 40) + "…" : body;
	}

}
