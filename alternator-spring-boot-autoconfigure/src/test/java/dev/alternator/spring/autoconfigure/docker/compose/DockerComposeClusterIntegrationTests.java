package dev.alternator.spring.autoconfigure.docker.compose;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.ReplicaRoutingStatus;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.AlternatorConnectionDetails;
import dev.alternator.spring.autoconfigure.ItemTable;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The starter against the project's 3-node cluster ({@code docker/docker-compose.yml},
 * write isolation {@code always}), started by Spring Boot's docker-compose support and
 * connected through {@link ScyllaDbDockerComposeConnectionDetailsFactory}: only
 * {@code scylla-1} is a service connection (the others are labelled
 * {@code org.springframework.boot.ignore}); discovery finds the other two because every
 * node announces its host-reachable loopback address.
 * <p>
 * Skipped without Docker. With Docker, {@code docker compose up --wait} must succeed (it
 * returns once every node's health check passes) or the context, and so every test,
 * fails. Needs {@code docker compose} v2 and the loopback addresses 127.0.0.1-3 (Linux;
 * GitHub's Ubuntu runners). The context is closed after the class, which runs
 * {@code docker compose down --volumes}: the cluster does not outlive it (and compete for
 * memory and AIO slots with the other ScyllaDB tests).
 */
@Testcontainers(disabledWithoutDocker = true)
@DirtiesContext
@SpringBootTest(classes = DockerComposeClusterIntegrationTests.TestConfiguration.class,
		webEnvironment = WebEnvironment.NONE,
		properties = { "spring.docker.compose.file=../docker/docker-compose.yml",
				"spring.docker.compose.skip.in-tests=false",
				"spring.docker.compose.lifecycle-management=start-and-stop",
				"spring.docker.compose.start.arguments=--wait-timeout,600", "spring.docker.compose.stop.command=down",
				"spring.docker.compose.stop.arguments=--volumes", "spring.docker.compose.readiness.timeout=10m",
				"alternator.key-affinity.mode=RMW", "alternator.key-affinity.partition-keys.affinity_items=id" })
class DockerComposeClusterIntegrationTests {

	private static final Set<String> NODES = Set.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

	@Autowired
	private AlternatorConnectionDetails connectionDetails;

	@Autowired
	private AlternatorNodeDirectory directory;

	@Autowired
	private DynamoDbClient client;

	@Test
	void connectsToTheFirstNodeAndDiscoversTheOthers() {
		assertThat(this.connectionDetails)
			.isInstanceOf(ScyllaDbDockerComposeConnectionDetailsFactory.ScyllaDbDockerComposeConnectionDetails.class);
		AlternatorConfig config = this.directory.config();
		assertThat(config.seedHosts()).singleElement().isIn("127.0.0.1", "localhost");
		assertThat(config.port()).isEqualTo(8000);
		assertThat(config.discoveryEnabled()).isTrue();
		awaitThreeNodes();
	}

	@Test
	void requestsSpreadOverTheThreeNodes() {
		awaitThreeNodes();
		ItemTable table = ItemTable.create(this.client, "spread_items");
		for (int i = 0; i < 60; i++) {
			table.get("item-" + i);
		}
		assertThat(this.directory.nodes()).hasSize(3)
			.allSatisfy((node) -> assertThat(node.requests()).as(node.address()).isPositive());
		table.drop();
	}

	@Test
	void conditionalWritesOfOneKeyGoToOneNode() {
		awaitThreeNodes();
		ItemTable table = ItemTable.create(this.client, "affinity_items");
		Attempts attempts = new Attempts();
		this.directory.addListener(attempts);
		try {
			for (String key : List.of("alpha", "beta", "gamma", "delta")) {
				table.put(key, key, 0);
				attempts.start();
				for (int expected = 0; expected < 10; expected++) {
					table.incrementQuantity(key, expected);
				}
				attempts.stop();
				assertThat(attempts.hits()).as("key affinity hits for %s", key).isEqualTo(10);
				assertThat(attempts.nodes()).as("nodes of the conditional writes of %s", key).hasSize(1);
				assertThat(table.get(key)).containsEntry("quantity", AttributeValue.fromN("10"));
			}
		}
		finally {
			this.directory.removeListener(attempts);
		}
		table.drop();
	}

	@Test
	void singleKeyRequestsGoToReplicasOnceThePlacementIsReadFromTheCluster() {
		awaitThreeNodes();
		ItemTable table = ItemTable.create(this.client, "replica_items");
		// the first single-key request makes the table known; its placement is read in
		// the background, through Alternator's own system tables
		table.get("warm-up");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			table.get("warm-up");
			assertThat(this.directory.replicaRouting()).filteredOn((status) -> status.table().equals(table.name()))
				.singleElement()
				.satisfies((status) -> {
					assertThat(status.placement()).isNotEqualTo(ReplicaRoutingStatus.Placement.UNAVAILABLE);
					assertThat(status.reason()).isNull();
					assertThat(status.lastRefresh()).isNotNull();
				});
		});
		// system.local and system.peers gave every node its datacenter and rack
		// (docker/scylla/*.properties), matched to the /localnodes addresses by
		// rpc_address
		assertThat(this.directory.nodes()).allSatisfy((node) -> assertThat(node.datacenter()).isEqualTo("dc1"))
			.extracting(NodeStatus::address, NodeStatus::rack)
			.containsExactlyInAnyOrder(tuple("127.0.0.1", "rack1"), tuple("127.0.0.2", "rack2"),
					tuple("127.0.0.3", "rack1"));
		long hits = this.directory.replicaRoutingCount(true);
		long misses = this.directory.replicaRoutingCount(false);
		for (int i = 0; i < 60; i++) {
			table.get("item-" + i);
		}
		assertThat(this.directory.replicaRoutingCount(true) - hits).isEqualTo(60);
		assertThat(this.directory.replicaRoutingCount(false)).isEqualTo(misses);
		table.drop();
	}

	private void awaitThreeNodes() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			this.directory.refreshNow();
			assertThat(this.directory.nodes()).extracting(NodeStatus::address)
				.containsExactlyInAnyOrderElementsOf(NODES);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AlternatorAutoConfiguration.class)
	static class TestConfiguration {

	}

	/**
	 * Records the nodes of the attempts and the key affinity hits while started. The
	 * conditional writes run one at a time, so what it records between start and stop is
	 * theirs.
	 */
	static final class Attempts implements AlternatorListener {

		private final Set<String> nodes = ConcurrentHashMap.newKeySet();

		private final AtomicInteger hits = new AtomicInteger();

		private volatile boolean recording;

		@Override
		public void keyAffinity(String table, boolean hit) {
			if (this.recording && hit) {
				this.hits.incrementAndGet();
			}
		}

		@Override
		public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
			if (this.recording) {
				this.nodes.add(address);
			}
		}

		void start() {
			this.nodes.clear();
			this.hits.set(0);
			this.recording = true;
		}

		void stop() {
			this.recording = false;
		}

		int hits() {
			return this.hits.get();
		}

		Set<String> nodes() {
			return Set.copyOf(this.nodes);
		}

	}

}
