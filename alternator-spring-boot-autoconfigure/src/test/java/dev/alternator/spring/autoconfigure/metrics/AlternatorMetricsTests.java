package dev.alternator.spring.autoconfigure.metrics;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AlternatorMetrics}.
 */
class AlternatorMetricsTests {

	private final AlternatorNodeDirectory directory = mock(AlternatorNodeDirectory.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private AlternatorMetrics metrics;

	private AlternatorListener listener;

	@BeforeEach
	void bind() {
		given(this.directory.nodes()).willReturn(List.of(node("10.0.0.1", NodeState.ACTIVE),
				node("10.0.0.2", NodeState.ACTIVE), node("10.0.0.3", NodeState.QUARANTINED)));
		given(this.directory.fallbackCount()).willReturn(4L);
		given(this.directory.discoveryTime(any())).willReturn(Duration.ZERO);
		this.metrics = new AlternatorMetrics(this.directory, Tags.of("app", "test"));
		ArgumentCaptor<AlternatorListener> captor = ArgumentCaptor.forClass(AlternatorListener.class);
		then(this.directory).should().addListener(captor.capture());
		this.listener = captor.getValue();
		this.metrics.bindTo(this.registry);
	}

	@Test
	void gaugesLiveAndQuarantinedNodes() {
		assertThat(this.registry.get("alternator.nodes.live").tag("app", "test").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("alternator.nodes.live").gauge().getId().getBaseUnit()).isEqualTo("nodes");
		assertThat(this.registry.get("alternator.nodes.quarantined").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("alternator.nodes.quarantined").gauge().getId().getBaseUnit()).isEqualTo("nodes");
	}

	@Test
	void gaugesDemotedNodesAndEachNodesLatencyAndAttemptsInFlight() {
		given(this.directory.nodes()).willReturn(List.of(node("10.0.0.1", NodeState.ACTIVE),
				new NodeStatus("10.0.0.2", URI.create("http://10.0.0.2:8000"), null, null, NodeState.ACTIVE, 0, null,
						null, 0, 0, 7, Duration.ofMillis(150), true)));
		given(this.directory.nodeLatencySeconds("10.0.0.2")).willReturn(0.15);
		given(this.directory.nodeInFlight("10.0.0.2")).willReturn(7);
		assertThat(this.registry.get("alternator.nodes.demoted").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("alternator.nodes.latency").tag("node", "10.0.0.2").gauge().value())
			.isEqualTo(0.15);
		assertThat(this.registry.get("alternator.nodes.latency").tag("node", "10.0.0.2").gauge().getId().getBaseUnit())
			.isEqualTo("seconds");
		assertThat(this.registry.get("alternator.nodes.in.flight").tag("node", "10.0.0.2").gauge().value())
			.isEqualTo(7);
		assertThat(this.registry.get("alternator.nodes.latency").tag("node", "10.0.0.1").gauge().value()).isZero();
	}

	@Test
	void countsFallbacksFromTheDirectory() {
		assertThat(this.registry.get("alternator.routing.fallbacks").functionCounter().count()).isEqualTo(4);
	}

	@Test
	void countsKeyAffinityHitsAndMissesFromTheDirectory() {
		given(this.directory.keyAffinityCount(true)).willReturn(2L);
		given(this.directory.keyAffinityCount(false)).willReturn(1L);
		assertThat(this.registry.get("alternator.key.affinity").tag("result", "hit").functionCounter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("alternator.key.affinity").tag("result", "miss").functionCounter().count())
			.isEqualTo(1);
	}

	@Test
	void countsReplicaRoutingHitsAndMissesFromTheDirectory() {
		given(this.directory.replicaRoutingCount(true)).willReturn(97L);
		given(this.directory.replicaRoutingCount(false)).willReturn(3L);
		assertThat(this.registry.get("alternator.replica.routing").tag("result", "hit").functionCounter().count())
			.isEqualTo(97);
		assertThat(this.registry.get("alternator.replica.routing").tag("result", "miss").functionCounter().count())
			.isEqualTo(3);
	}

	@Test
	void countsAttemptsPerNodeAndOutcomeFromTheDirectory() {
		given(this.directory.nodeAttempts("10.0.0.1", AttemptOutcome.SUCCESS)).willReturn(2L);
		given(this.directory.nodeAttempts("10.0.0.2", AttemptOutcome.CONNECTION_FAILURE)).willReturn(1L);
		assertThat(this.registry.get("alternator.requests")
			.tags("node", "10.0.0.1", "outcome", "success", "app", "test")
			.functionCounter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("alternator.requests")
			.tags("node", "10.0.0.2", "outcome", "connection_failure")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("alternator.requests").tag("node", "10.0.0.1").meters())
			.hasSize(AttemptOutcome.values().length);
	}

	@Test
	void countsWritesNotRetriedPerNodeFromTheDirectory() {
		given(this.directory.nodeWritesNotRetried("10.0.0.2")).willReturn(5L);
		assertThat(this.registry.get("alternator.writes.not.retried")
			.tags("node", "10.0.0.2", "app", "test")
			.functionCounter()
			.count()).isEqualTo(5);
		assertThat(this.registry.get("alternator.writes.not.retried").tag("node", "10.0.0.1").functionCounter().count())
			.isZero();
		given(this.directory.nodes()).willReturn(List.of(node("10.0.0.1", NodeState.ACTIVE)));
		this.listener.nodeRemoved(node("10.0.0.2", NodeState.ACTIVE));
		assertThat(this.registry.find("alternator.writes.not.retried").tag("node", "10.0.0.2").meters()).isEmpty();
	}

	@Test
	void removesPerNodeMetersWhenTheNodeLeaves() {
		given(this.directory.nodes()).willReturn(List.of(node("10.0.0.2", NodeState.ACTIVE)));
		this.listener.nodeRemoved(node("10.0.0.1", NodeState.ACTIVE));
		assertThat(this.registry.find("alternator.requests").tag("node", "10.0.0.1").meters()).isEmpty();
		assertThat(this.registry.find("alternator.nodes.latency").tag("node", "10.0.0.1").meters()).isEmpty();
		assertThat(this.registry.find("alternator.nodes.in.flight").tag("node", "10.0.0.1").meters()).isEmpty();
		assertThat(this.registry.find("alternator.nodes.latency").tag("node", "10.0.0.2").meters()).hasSize(1);
		assertThat(this.registry.find("alternator.requests").tag("node", "10.0.0.2").meters())
			.hasSize(AttemptOutcome.values().length);
	}

	@Test
	void aLateEventNeverBringsBackTheMetersOfANodeThatLeft() {
		given(this.directory.nodes()).willReturn(List.of(node("10.0.0.2", NodeState.ACTIVE)));
		this.listener.nodeRemoved(node("10.0.0.1", NodeState.ACTIVE));
		this.listener.nodeAdded(node("10.0.0.1", NodeState.ACTIVE));
		assertThat(this.registry.find("alternator.requests").tag("node", "10.0.0.1").meters()).isEmpty();
	}

	@Test
	void registersTheMetersOfANodeThatJoins() {
		given(this.directory.nodes()).willReturn(List.of(node("10.0.0.4", NodeState.ACTIVE)));
		this.listener.nodeAdded(node("10.0.0.4", NodeState.ACTIVE));
		assertThat(this.registry.find("alternator.requests").tag("node", "10.0.0.4").meters())
			.hasSize(AttemptOutcome.values().length);
	}

	@Test
	void timesDiscoveryPerOutcomeFromTheDirectory() {
		given(this.directory.discoveryCount(DiscoveryResult.Outcome.SUCCESS)).willReturn(2L);
		given(this.directory.discoveryTime(DiscoveryResult.Outcome.SUCCESS)).willReturn(Duration.ofMillis(60));
		given(this.directory.discoveryCount(DiscoveryResult.Outcome.FAILED)).willReturn(1L);
		given(this.directory.discoveryTime(DiscoveryResult.Outcome.FAILED)).willReturn(Duration.ofSeconds(5));
		assertThat(this.registry.get("alternator.discovery").tag("outcome", "success").functionTimer().count())
			.isEqualTo(2);
		assertThat(this.registry.get("alternator.discovery")
			.tag("outcome", "success")
			.functionTimer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60);
		assertThat(this.registry.get("alternator.discovery").tag("outcome", "failed").functionTimer().count())
			.isEqualTo(1);
	}

	@Test
	void everyBoundRegistryReadsTheSameCounts() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		this.metrics.bindTo(other);
		given(this.directory.keyAffinityCount(true)).willReturn(1L);
		assertThat(this.registry.get("alternator.key.affinity").tag("result", "hit").functionCounter().count())
			.isEqualTo(1);
		assertThat(other.get("alternator.key.affinity").tag("result", "hit").functionCounter().count()).isEqualTo(1);
	}

	@Test
	void closeStopsListening() {
		this.metrics.close();
		then(this.directory).should().removeListener(this.listener);
	}

	@Test
	void registersExactlyTheDocumentedMeterNamesAtBindTime() {
		assertThat(this.registry.getMeters().stream().map((meter) -> meter.getId().getName()).distinct())
			.containsExactlyInAnyOrder("alternator.nodes.live", "alternator.nodes.quarantined",
					"alternator.nodes.probation", "alternator.nodes.demoted", "alternator.nodes.latency",
					"alternator.nodes.in.flight", "alternator.routing.fallbacks", "alternator.key.affinity",
					"alternator.replica.routing", "alternator.requests", "alternator.discovery",
					"alternator.writes.not.retried");
		assertThat(AlternatorMeters.values()).extracting(AlternatorMeters::meterName)
			.containsExactlyInAnyOrder("alternator.nodes.live", "alternator.nodes.quarantined",
					"alternator.nodes.probation", "alternator.nodes.demoted", "alternator.nodes.latency",
					"alternator.nodes.in.flight", "alternator.routing.fallbacks", "alternator.key.affinity",
					"alternator.replica.routing", "alternator.requests", "alternator.discovery",
					"alternator.writes.not.retried");
	}

	private static NodeStatus node(String address, NodeState state) {
		return new NodeStatus(address, URI.create("http://" + address + ":8000"), null, null, state, 0, null, null, 0,
				0, 0, Duration.ZERO, false);
	}

}
