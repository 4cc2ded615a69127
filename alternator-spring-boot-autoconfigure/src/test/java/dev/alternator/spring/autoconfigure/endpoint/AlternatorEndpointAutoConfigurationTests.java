package dev.alternator.spring.autoconfigure.endpoint;

import java.time.Instant;
import java.util.List;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.NodeState;
import dev.alternator.client.ReplicaRoutingStatus;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.WriteRetryPolicy;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.FakeAlternatorNode;
import dev.alternator.spring.autoconfigure.endpoint.AlternatorEndpoint.AlternatorDescriptor;
import dev.alternator.spring.autoconfigure.endpoint.AlternatorEndpoint.ReplicaRoutingDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AlternatorEndpointAutoConfiguration} and {@link AlternatorEndpoint}.
 */
class AlternatorEndpointAutoConfigurationTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AlternatorAutoConfiguration.class, AlternatorEndpointAutoConfiguration.class))
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port());

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void runsWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=alternator")
			.run((context) -> assertThat(context).hasSingleBean(AlternatorEndpoint.class));
	}

	@Test
	void doesNotRunWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(AlternatorEndpoint.class));
	}

	@Test
	void doesNotRunWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=alternator",
					"management.endpoint.alternator.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorEndpoint.class));
	}

	@Test
	void doesNotRunWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=alternator")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorEndpoint.class)
				.hasSingleBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class));
	}

	@Test
	void backsOffToAUserEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=alternator")
			.withBean("userEndpoint", AlternatorEndpoint.class,
					() -> new AlternatorEndpoint(
							org.mockito.Mockito.mock(dev.alternator.client.AlternatorNodeDirectory.class)))
			.run((context) -> assertThat(context).hasSingleBean(AlternatorEndpoint.class).hasBean("userEndpoint"));
	}

	@Test
	void describesScopeSeedsNodesDiscoveryAndKeyAffinity() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=alternator",
					"alternator.key-affinity.mode=rmw", "alternator.credentials.access-key=role",
					"alternator.credentials.secret-key=very-secret")
			.run((context) -> {
				software.amazon.awssdk.services.dynamodb.DynamoDbClient client = context
					.getBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class);
				// two answers: a node's answer-time estimate starts at the second
				client.listTables();
				client.listTables();
				AlternatorDescriptor descriptor = context.getBean(AlternatorEndpoint.class).alternator();
				assertThat(descriptor.scope().configured().level()).isEqualTo("cluster");
				assertThat(descriptor.scope().active().level()).isEqualTo("cluster");
				assertThat(descriptor.seeds()).containsExactly(FakeAlternatorNode.ADDRESS);
				assertThat(descriptor.port()).isEqualTo(node.port());
				assertThat(descriptor.scheme()).isEqualTo("http");
				assertThat(descriptor.usingSeeds()).isFalse();
				assertThat(descriptor.nodes()).singleElement().satisfies((each) -> {
					assertThat(each.address()).isEqualTo(FakeAlternatorNode.ADDRESS);
					assertThat(each.state()).isEqualTo(NodeState.ACTIVE);
					assertThat(each.consecutiveFailures()).isZero();
					assertThat(each.requests()).isPositive();
					assertThat(each.errors()).isZero();
					assertThat(each.quarantineCause()).isNull();
					assertThat(each.inFlight()).isZero();
					assertThat(each.latencyMillis()).isPositive();
					assertThat(each.demoted()).isFalse();
				});
				assertThat(descriptor.loadBalancing()).isEqualTo(LoadBalancing.LATENCY_AWARE);
				assertThat(descriptor.lastRefresh()).isNotNull();
				assertThat(descriptor.lastRefresh().outcome()).isEqualTo(DiscoveryResult.Outcome.SUCCESS);
				assertThat(descriptor.lastRefresh().node()).isEqualTo(FakeAlternatorNode.ADDRESS);
				assertThat(descriptor.fallbacks()).isZero();
				assertThat(descriptor.keyAffinity().mode()).isEqualTo(KeyAffinityMode.RMW);
				assertThat(descriptor.keyAffinity().hits()).isZero();
				assertThat(descriptor.keyAffinity().misses()).isZero();
				assertThat(descriptor.toString()).doesNotContain("very-secret").doesNotContain("role");
				assertThat(descriptor.writeRetry().policy()).isEqualTo(WriteRetryPolicy.SAFE);
				assertThat(descriptor.writeRetry().notRetried()).isZero();
			});
	}

	@Test
	void describesTheWriteRetryPolicyAndTheWritesItDidNotRetry() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=alternator",
					"alternator.write-retry-policy=sdk")
			.run((context) -> {
				AlternatorDescriptor descriptor = context.getBean(AlternatorEndpoint.class).alternator();
				assertThat(descriptor.writeRetry().policy()).isEqualTo(WriteRetryPolicy.SDK);
				assertThat(descriptor.writeRetry().notRetried()).isZero();
			});
		AlternatorNodeDirectory directory = mock(AlternatorNodeDirectory.class);
		given(directory.config()).willReturn(AlternatorConfig.builder().seedHosts("10.0.0.1").build());
		given(directory.configuredScope()).willReturn(RoutingScope.cluster());
		given(directory.activeScope()).willReturn(RoutingScope.cluster());
		given(directory.writesNotRetried()).willReturn(3L);
		assertThat(new AlternatorEndpoint(directory).alternator().writeRetry().notRetried()).isEqualTo(3);
	}

	@Test
	void describesReplicaAwareRoutingPerTable() {
		AlternatorNodeDirectory directory = mock(AlternatorNodeDirectory.class);
		given(directory.config()).willReturn(AlternatorConfig.builder().seedHosts("10.0.0.1").build());
		given(directory.configuredScope()).willReturn(RoutingScope.cluster());
		given(directory.activeScope()).willReturn(RoutingScope.cluster());
		given(directory.replicaRoutingActive()).willReturn(true);
		given(directory.replicaRoutingCount(true)).willReturn(97L);
		given(directory.replicaRoutingCount(false)).willReturn(5L);
		Instant refreshed = Instant.parse("2026-12-05T10:00:00Z");
		given(directory.replicaRouting()).willReturn(List.of(
				new ReplicaRoutingStatus("items", ReplicaRoutingStatus.Placement.TABLETS, null, refreshed, 97, 2),
				new ReplicaRoutingStatus("orders", ReplicaRoutingStatus.Placement.UNAVAILABLE,
						"the role may not read system.tablets", null, 0, 3)));
		ReplicaRoutingDescriptor replicaRouting = new AlternatorEndpoint(directory).alternator().replicaRouting();
		assertThat(replicaRouting.enabled()).isTrue();
		assertThat(replicaRouting.hits()).isEqualTo(97);
		assertThat(replicaRouting.misses()).isEqualTo(5);
		assertThat(replicaRouting.tables()).isEqualTo(directory.replicaRouting());
		given(directory.replicaRoutingActive()).willReturn(false);
		assertThat(new AlternatorEndpoint(directory).alternator().replicaRouting().enabled()).isFalse();
	}

}
