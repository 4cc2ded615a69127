package dev.alternator.spring.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Alternator cluster as the client sees it: {@code UP} while at least one
 * node of the routing list is routable, {@code ACTIVE} or on {@code PROBATION}
 * (quarantined nodes alone do not make the application unhealthy), {@code DOWN} when none
 * is, and {@code DOWN} with the detail "cluster never reached" until some node answered
 * at all (a wrong or unreachable seed list leaves every seed looking active). Details
 * list every node with its state and, when quarantined, the cause. It sends no request:
 * it reads the node directory's view.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public class AlternatorHealthIndicator extends AbstractHealthIndicator {

	private final AlternatorNodeDirectory directory;

	/**
	 * Creates an indicator for a directory.
	 * @param directory the node directory
	 */
	public AlternatorHealthIndicator(AlternatorNodeDirectory directory) {
		super("Alternator health check failed");
		this.directory = directory;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<NodeStatus> nodes = this.directory.nodes();
		// a node on probation serves requests: it counts as available
		long active = nodes.stream().filter((node) -> node.state() != NodeState.QUARANTINED).count();
		Map<String, Map<String, Object>> details = new LinkedHashMap<>();
		for (NodeStatus node : nodes) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("state", node.state().name());
			if (node.quarantineCause() != null) {
				detail.put("cause", node.quarantineCause());
			}
			if (node.demoted()) {
				// still UP: a slow node keeps a probing share, the others take the rest
				detail.put("demoted",
						"slow: " + node.latency().toMillis() + " ms answers, " + node.inFlight() + " in flight");
			}
			details.put(node.address(), detail);
		}
		if (!this.directory.clusterReached()) {
			// the node list is only the configuration's seeds until a node answered
			builder.down().withDetail("error", "cluster never reached");
			DiscoveryResult discovery = this.directory.lastDiscovery();
			if (discovery != null) {
				builder.withDetail("lastDiscovery", discovery.message());
			}
		}
		else if (active > 0) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("scope", this.directory.activeScope().toString())
			.withDetail("activeNodes", active)
			.withDetail("nodes", details);
	}

}
