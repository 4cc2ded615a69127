package dev.alternator.spring.autoconfigure.health;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.RoutingScope;
import dev.alternator.spring.autoconfigure.CapturedLog;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AlternatorHealthIndicator}.
 */
class AlternatorHealthIndicatorTests {

	private final AlternatorNodeDirectory directory = mock(AlternatorNodeDirectory.class);

	private final AlternatorHealthIndicator indicator = new AlternatorHealthIndicator(this.directory);

	@Test
	void upWhileOneNodeIsActiveWithDetailsPerNode() {
		given(this.directory.clusterReached()).willReturn(true);
		given(this.directory.activeScope()).willReturn(RoutingScope.datacenter("dc1"));
		given(this.directory.nodes()).willReturn(List.of(active("10.0.0.1"), quarantined("10.0.0.2")));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("activeNodes", 1L)
			.containsEntry("scope", "datacenter 'dc1'")
			.containsEntry("nodes", Map.of("10.0.0.1", Map.of("state", "ACTIVE"), "10.0.0.2",
					Map.of("state", "QUARANTINED", "cause", "connection refused")));
	}

	@Test
	void downWithTheLastDiscoveryErrorUntilTheClusterWasReached() {
		given(this.directory.clusterReached()).willReturn(false);
		given(this.directory.activeScope()).willReturn(RoutingScope.cluster());
		given(this.directory.nodes()).willReturn(List.of(active("10.0.0.1"), active("10.0.0.2")));
		given(this.directory.lastDiscovery()).willReturn(new DiscoveryResult(DiscoveryResult.Outcome.FAILED,
				RoutingScope.cluster(), "10.0.0.2", 0, Duration.ofSeconds(2), Instant.parse("2026-01-01T00:00:00Z"),
				"no nodes found (last error: connection refused)"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "cluster never reached")
			.containsEntry("lastDiscovery", "no nodes found (last error: connection refused)")
			.containsEntry("activeNodes", 2L);
	}

	@Test
	void downWhenEveryNodeIsQuarantined() {
		given(this.directory.activeScope()).willReturn(RoutingScope.cluster());
		given(this.directory.nodes()).willReturn(List.of(quarantined("10.0.0.1"), quarantined("10.0.0.2")));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("activeNodes", 0L);
	}

	@Test
	void upWhileANodeOnProbationRemains() {
		given(this.directory.clusterReached()).willReturn(true);
		given(this.directory.activeScope()).willReturn(RoutingScope.cluster());
		given(this.directory.nodes())
			.willReturn(List.of(quarantined("10.0.0.1"), new NodeStatus("10.0.0.2", URI.create("http://10.0.0.2:8000"),
					null, null, NodeState.PROBATION, 0, "connection refused", null, 10, 1, 0, Duration.ZERO, false)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("activeNodes", 1L)
			.containsEntry("nodes", Map.of("10.0.0.1", Map.of("state", "QUARANTINED", "cause", "connection refused"),
					"10.0.0.2", Map.of("state", "PROBATION", "cause", "connection refused")));
	}

	@Test
	void downWithoutNodes() {
		given(this.directory.activeScope()).willReturn(RoutingScope.cluster());
		given(this.directory.nodes()).willReturn(List.of());
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void downWhenTheDirectoryFailsAndTheFailureIsLogged() {
		given(this.directory.nodes()).willThrow(new IllegalStateException("closed"));
		try (CapturedLog log = CapturedLog.of(AlternatorHealthIndicator.class.getName())) {
			Health health = this.indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsKey("error");
			assertThat(log.events()).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.WARN);
				assertThat(event.getFormattedMessage()).isEqualTo("Alternator health check failed");
				assertThat(event.getThrowableProxy().getMessage()).isEqualTo("closed");
			});
		}
	}

	private static NodeStatus active(String address) {
		return new NodeStatus(address, URI.create("http://" + address + ":8000"), null, null, NodeState.ACTIVE, 0, null,
				null, 10, 0, 0, Duration.ZERO, false);
	}

	private static NodeStatus quarantined(String address) {
		return new NodeStatus(address, URI.create("http://" + address + ":8000"), null, null, NodeState.QUARANTINED, 1,
				"connection refused", Instant.parse("2026-01-01T00:00:00Z"), 10, 1, 0, Duration.ZERO, false);
	}

}
