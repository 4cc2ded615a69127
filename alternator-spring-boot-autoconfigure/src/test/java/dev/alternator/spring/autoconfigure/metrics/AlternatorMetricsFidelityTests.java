package dev.alternator.spring.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorDynamoDbClient;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeStatus;
import dev.alternator.spring.autoconfigure.endpoint.AlternatorEndpoint;
import dev.alternator.testsupport.LocalAlternatorCluster;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Meters, the directory and the actuator endpoint agree exactly after real load with a
 * failing node, because the meters read the directory's counters: a local three-node
 * cluster (in-memory backend), no mock.
 */
class AlternatorMetricsFidelityTests {

	@Test
	void metersEqualTheDirectoryAndTheEndpointAfterLoadWithAFailingNode() {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.instant(true)
			.node("dc1", "r1")
			.node("dc1", "r1")
			.node("dc1", "r1")
			.maxLifetime(Duration.ofMinutes(2))
			.start();
				AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(AlternatorConfig.builder()
					.seedHosts(List.of(cluster.seedHosts().get(0)))
					.port(cluster.port())
					.build());
				AlternatorMetrics metrics = new AlternatorMetrics(directory, Tags.empty())) {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			metrics.bindTo(registry);
			// the discovery that ran before create() returned is counted from bind time
			assertThat(registry.get("alternator.discovery").tag("outcome", "success").functionTimer().count())
				.isGreaterThanOrEqualTo(1);
			try (DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
				client.createTable((table) -> table.tableName("items")
					.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
					.attributeDefinitions(AttributeDefinition.builder()
						.attributeName("id")
						.attributeType(ScalarAttributeType.S)
						.build())
					.billingMode(BillingMode.PAY_PER_REQUEST));
				cluster.node(1).failWith(500);
				for (int i = 0; i < 300; i++) {
					String id = "item-" + i;
					client.putItem((put) -> put.tableName("items").item(Map.of("id", AttributeValue.fromS(id))));
				}
				cluster.node(1).clearFaults();
			}
			AlternatorEndpoint.AlternatorDescriptor endpoint = new AlternatorEndpoint(directory).alternator();
			List<NodeStatus> nodes = directory.nodes();
			assertThat(nodes).hasSize(3);
			long serverErrors = 0;
			for (NodeStatus node : nodes) {
				long total = 0;
				for (AttemptOutcome outcome : AttemptOutcome.values()) {
					double metered = registry.get("alternator.requests")
						.tags("node", node.address(), "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
						.functionCounter()
						.count();
					assertThat((long) metered).isEqualTo(directory.nodeAttempts(node.address(), outcome));
					total += (long) metered;
				}
				serverErrors += directory.nodeAttempts(node.address(), AttemptOutcome.SERVER_ERROR);
				AlternatorEndpoint.NodeDescriptor described = endpoint.nodes()
					.stream()
					.filter((each) -> each.address().equals(node.address()))
					.findFirst()
					.orElseThrow();
				assertThat(described.requests()).isEqualTo(total);
			}
			assertThat(serverErrors).isPositive();
			double allRequests = registry.find("alternator.requests")
				.functionCounters()
				.stream()
				.mapToDouble(FunctionCounter::count)
				.sum();
			assertThat((long) allRequests)
				.isEqualTo(endpoint.nodes().stream().mapToLong((node) -> node.requests()).sum())
				.isGreaterThanOrEqualTo(301);
			assertThat(endpoint.clusterReached()).isTrue();
			double replicaHits = registry.get("alternator.replica.routing")
				.tag("result", "hit")
				.functionCounter()
				.count();
			double replicaMisses = registry.get("alternator.replica.routing")
				.tag("result", "miss")
				.functionCounter()
				.count();
			assertThat((long) replicaHits).isEqualTo(directory.replicaRoutingCount(true))
				.isEqualTo(endpoint.replicaRouting().hits());
			assertThat((long) replicaMisses).isEqualTo(directory.replicaRoutingCount(false))
				.isEqualTo(endpoint.replicaRouting().misses());
			assertThat((long) (replicaHits + replicaMisses)).as("every put is a single-key request").isEqualTo(300);
			assertThat(endpoint.replicaRouting().tables()).singleElement().satisfies((table) -> {
				assertThat(table.table()).isEqualTo("items");
				assertThat(table.hits()).isEqualTo((long) replicaHits);
				assertThat(table.misses()).isEqualTo((long) replicaMisses);
			});
			assertThat(registry.get("alternator.discovery").tag("outcome", "success").functionTimer().count())
				.isEqualTo(directory.discoveryCount(DiscoveryResult.Outcome.SUCCESS));
			assertThat(registry.get("alternator.discovery")
				.tag("outcome", "success")
				.functionTimer()
				.totalTime(TimeUnit.NANOSECONDS))
				.as("the function timer converts through seconds: equal to a nanosecond")
				.isCloseTo((double) directory.discoveryTime(DiscoveryResult.Outcome.SUCCESS).toNanos(), within(1.0));
		}
	}

}
