package dev.alternator.spring.autoconfigure.metrics;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.RoutingScope;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
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
	void countsFallbacksFromTheDirectory() {
		assertThat(this.registry.get("alternator.routing.fallbacks").functionCounter().count()).isEqualTo(4);
	}

	@Test
	void countsKeyAffinityHitsAndMisses() {
		assertThat(this.registry.get("alternator.key.affinity").tag("result", "hit").counter().count()).isZero();
		this.listener.keyAffinity("orders", true);
		this.listener.keyAffinity("orders", true);
		this.listener.keyAffinity("orders", false);
		assertThat(this.registry.get("alternator.key.affinity").tag("result", "hit").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("alternator.key.affinity").tag("result", "miss").counter().count()).isEqualTo(1);
	}

	@Test
	void countsAttemptsPerNodeAndOutcome() {
		this.listener.attemptCompleted("10.0.0.1", AttemptOutcome.SUCCESS, Duration.ofMillis(3));
		this.listener.attemptCompleted("10.0.0.1", AttemptOutcome.SUCCESS, Duration.ofMillis(3));
		this.listener.attemptCompleted("10.0.0.2", AttemptOutcome.CONNECTION_FAILURE, Duration.ofMillis(3));
		assertThat(this.registry.get("alternator.requests")
			.tags("node", "10.0.0.1", "outcome", "success", "app", "test")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("alternator.requests")
			.tags("node", "10.0.0.2", "outcome", "connection_failure")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void removesPerNodeMetersWhenTheNodeLeaves() {
		this.listener.attemptCompleted("10.0.0.1", AttemptOutcome.SUCCESS, Duration.ofMillis(3));
		this.listener.attemptCompleted("10.0.0.1", AttemptOutcome.TIMEOUT, Duration.ofMillis(3));
		this.listener.attemptCompleted("10.0.0.2", AttemptOutcome.SUCCESS, Duration.ofMillis(3));
		this.listener.nodeRemoved(node("10.0.0.1", NodeState.ACTIVE));
		assertThat(this.registry.find("alternator.requests").tag("node", "10.0.0.1").meters()).isEmpty();
		assertThat(this.registry.find("alternator.requests").tag("node", "10.0.0.2").meters()).hasSize(1);
	}

	@Test
	void timesDiscoveryPerOutcome() {
		this.listener.discoveryCompleted(discovery(DiscoveryResult.Outcome.SUCCESS, 20));
		this.listener.discoveryCompleted(discovery(DiscoveryResult.Outcome.SUCCESS, 40));
		this.listener.discoveryCompleted(discovery(DiscoveryResult.Outcome.FAILED, 5000));
		assertThat(this.registry.get("alternator.discovery").tag("outcome", "success").timer().count()).isEqualTo(2);
		assertThat(this.registry.get("alternator.discovery")
			.tag("outcome", "success")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(60);
		assertThat(this.registry.get("alternator.discovery").tag("outcome", "failed").timer().count()).isEqualTo(1);
	}

	@Test
	void feedsEveryBoundRegistry() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		this.metrics.bindTo(other);
		this.listener.keyAffinity("orders", true);
		assertThat(this.registry.get("alternator.key.affinity").tag("result", "hit").counter().count()).isEqualTo(1);
		assertThat(other.get("alternator.key.affinity").tag("result", "hit").counter().count()).isEqualTo(1);
	}

	@Test
	void closeStopsListening() {
		this.metrics.close();
		then(this.directory).should().removeListener(this.listener);
	}

	@Test
	void registersExactlyTheDocumentedMeterNames() {
		this.listener.attemptCompleted("10.0.0.1", AttemptOutcome.SUCCESS, Duration.ofMillis(3));
		this.listener.discoveryCompleted(discovery(DiscoveryResult.Outcome.SUCCESS, 20));
		assertThat(this.registry.getMeters().stream().map((meter) -> meter.getId().getName()).distinct())
			.containsExactlyInAnyOrder("alternator.nodes.live", "alternator.nodes.quarantined",
					"alternator.routing.fallbacks", "alternator.key.affinity", "alternator.requests",
					"alternator.discovery");
		assertThat(AlternatorMeters.values()).extracting(AlternatorMeters::meterName)
			.containsExactlyInAnyOrder("alternator.nodes.live", "alternator.nodes.quarantined",
					"alternator.routing.fallbacks", "alternator.key.affinity", "alternator.requests",
					"alternator.discovery");
	}

	private static DiscoveryResult discovery(DiscoveryResult.Outcome outcome, long millis) {
		return new DiscoveryResult(outcome, RoutingScope.cluster(), "10.0.0.1", 3, Duration.ofMillis(millis),
				Instant.now(), "test");
	}

	private static NodeStatus node(String address, NodeState state) {
		return new NodeStatus(address, URI.create("http://" + address + ":8000"), null, null, state, 0, null, null, 0,
				0);
	}

}
