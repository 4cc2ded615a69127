package dev.alternator.client;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replica-aware routing, on by default, against the local cluster when its role may not
 * read ScyllaDB's system tables: it degrades to normal routing, quietly, and says once
 * which grant is missing.
 */
@Timeout(60)
class ReplicaRoutingIntegrationTests {

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
	void deniedSystemTablesRouteNormallyWithOneInfoLineNamingTheGrantAndNoFailedCall() {
		fixture.cluster.denySystemTables(true);
		try (CapturedLog log = CapturedLog.of("alternator");
				AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(fixture.config(0).build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			ClusterFixture.repeat(30, (i) -> ClusterFixture.get(client, "k" + i));
			Await.until(Duration.ofSeconds(10),
					() -> directory.replicaRouting().size() == 1 && directory.replicaRouting().get(0).reason() != null,
					() -> directory.replicaRouting().toString());
			ClusterFixture.repeat(30, (i) -> ClusterFixture.put(client, "k" + i, "v"));
			ReplicaRoutingStatus status = directory.replicaRouting().get(0);
			assertThat(status.table()).isEqualTo(ClusterFixture.TABLE);
			assertThat(status.placement()).isEqualTo(ReplicaRoutingStatus.Placement.UNAVAILABLE);
			assertThat(status.reason()).contains("GRANT SELECT ON system.local", "turn replica-aware routing off");
			assertThat(status.lastRefresh()).isNull();
			assertThat(status.misses()).isEqualTo(60);
			assertThat(directory.replicaRoutingCount(false)).isEqualTo(60);
			assertThat(directory.replicaRoutingCount(true)).isZero();
			List<ILoggingEvent> events = log.events();
			assertThat(events).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
			assertThat(events).filteredOn((event) -> event.getFormattedMessage().startsWith("Replica-aware routing"))
				.singleElement()
				.satisfies((event) -> assertThat(event.getLevel()).isEqualTo(Level.INFO));
		}
		finally {
			fixture.cluster.denySystemTables(false);
		}
	}

	@Test
	void turnedOffNothingIsReadAndNothingIsCounted() {
		AlternatorConfig config = fixture.config(0).replicaAwareRouting(false).build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			fixture.resetAll();
			ClusterFixture.repeat(10, (i) -> ClusterFixture.get(client, "k" + i));
			assertThat(directory.replicaRoutingActive()).isFalse();
			assertThat(directory.replicaRouting()).isEmpty();
			assertThat(directory.replicaRoutingCount(false)).isZero();
		}
		long[] counts = fixture.apiRequests();
		assertThat(counts[0] + counts[1] + counts[2]).as("the GetItems only").isEqualTo(10);
	}

	@Test
	void appliesOnlyWhenConfiguredOnWithDiscoveryOn() {
		try (AlternatorNodeDirectory on = AlternatorNodeDirectory.create(fixture.config(0).build());
				AlternatorNodeDirectory withoutDiscovery = AlternatorNodeDirectory
					.create(fixture.config(0).discoveryEnabled(false).build())) {
			assertThat(on.replicaRoutingActive()).isTrue();
			assertThat(withoutDiscovery.replicaRoutingActive())
				.as("the seeds may not be rpc_addresses: nothing to match replicas to")
				.isFalse();
		}
	}

}
