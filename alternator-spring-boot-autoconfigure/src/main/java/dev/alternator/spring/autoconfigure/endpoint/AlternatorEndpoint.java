package dev.alternator.spring.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.ReplicaRoutingStatus;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.WriteRetryPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Read-only {@code alternator} actuator endpoint: routing scope, seeds, nodes with their
 * state and counters, the last discovery, the fallback count, key-affinity counters,
 * whether the cluster was ever reached, whether discovery is stopped, and the write retry
 * policy with the writes it did not retry. Every number is read from the node directory
 * itself, so it equals the Micrometer meters. It never exposes credentials.
 * <p>
 * Thread-safe: every read builds an immutable snapshot.
 *
 * @since 0.1.0
 */
@Endpoint(id = "alternator")
public class AlternatorEndpoint {

	private final AlternatorNodeDirectory directory;

	/**
	 * Creates the endpoint.
	 * @param directory the node directory
	 */
	public AlternatorEndpoint(AlternatorNodeDirectory directory) {
		this.directory = directory;
	}

	/**
	 * A snapshot of the routing state.
	 * @return the descriptor
	 */
	@ReadOperation
	public AlternatorDescriptor alternator() {
		AlternatorConfig config = this.directory.config();
		ScopeDescriptor scope = new ScopeDescriptor(ScopeDescriptor.Scope.of(this.directory.configuredScope()),
				ScopeDescriptor.Scope.of(this.directory.activeScope()));
		List<NodeDescriptor> nodes = this.directory.nodes().stream().map(NodeDescriptor::of).toList();
		DiscoveryResult discovery = this.directory.lastDiscovery();
		RefreshDescriptor lastRefresh = (discovery != null) ? RefreshDescriptor.of(discovery) : null;
		return new AlternatorDescriptor(scope, config.seedHosts(), config.port(), config.scheme(),
				this.directory.usingSeeds(), nodes, lastRefresh, this.directory.fallbackCount(),
				new KeyAffinityDescriptor(config.keyAffinityMode(), this.directory.keyAffinityCount(true),
						this.directory.keyAffinityCount(false)),
				this.directory.clusterReached(), this.directory.isStopped(), config.loadBalancing(),
				new WriteRetryDescriptor(config.writeRetryPolicy(), this.directory.writesNotRetried()),
				ReplicaRoutingDescriptor.of(this.directory));
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param scope the configured and the active routing scope
	 * @param seeds the seed hosts
	 * @param port the Alternator port
	 * @param scheme the scheme
	 * @param usingSeeds whether the node list still is the seed list (discovery never
	 * succeeded)
	 * @param nodes the nodes of the routing list
	 * @param lastRefresh the last discovery cycle, or {@code null} before the first ended
	 * @param fallbacks discovery cycles that fell back to a broader scope
	 * @param keyAffinity key-affinity mode and counters
	 * @param clusterReached whether any node ever answered (discovery, a probe or a
	 * request)
	 * @param stopped whether discovery and health probes are paused (application context
	 * stopped)
	 * @param loadBalancing how the first node of each call is chosen
	 * ({@code LATENCY_AWARE} or {@code ROUND_ROBIN})
	 * @param writeRetry the write retry policy and the writes it did not retry
	 * @param replicaRouting replica-aware routing: on or off, hits and misses, and each
	 * used table's placement
	 * @since 0.1.0
	 */
	public record AlternatorDescriptor(ScopeDescriptor scope, List<String> seeds, int port, String scheme,
			boolean usingSeeds, List<NodeDescriptor> nodes, @Nullable RefreshDescriptor lastRefresh, long fallbacks,
			KeyAffinityDescriptor keyAffinity, boolean clusterReached, boolean stopped, LoadBalancing loadBalancing,
			WriteRetryDescriptor writeRetry, ReplicaRoutingDescriptor replicaRouting) {

	}

	/**
	 * The configured and the active routing scope.
	 *
	 * @param configured the configured scope
	 * @param active the scope of the current node list (broader after a fallback)
	 * @since 0.1.0
	 */
	public record ScopeDescriptor(Scope configured, Scope active) {

		/**
		 * One routing scope.
		 *
		 * @param level {@code cluster}, {@code datacenter} or {@code rack}
		 * @param datacenter the datacenter, or {@code null} for the cluster
		 * @param rack the rack, or {@code null} unless a rack scope
		 * @since 0.1.0
		 */
		public record Scope(String level, @Nullable String datacenter, @Nullable String rack) {

			static Scope of(RoutingScope scope) {
				String level = (scope.rack() != null) ? "rack"
						: (scope.datacenter() != null) ? "datacenter" : "cluster";
				return new Scope(level, scope.datacenter(), scope.rack());
			}

		}

	}

	/**
	 * One node.
	 *
	 * @param address the address
	 * @param datacenter the datacenter, {@value NodeDescriptor#UNKNOWN} when discovery
	 * does not tell it (in cluster scope {@code /localnodes} lists nodes without saying
	 * where they are)
	 * @param rack the rack, {@value NodeDescriptor#UNKNOWN} when discovery does not tell
	 * it (cluster and datacenter scopes)
	 * @param state {@code ACTIVE}, {@code QUARANTINED} or {@code PROBATION}
	 * @param consecutiveFailures server errors or timeouts in a row
	 * @param requests attempts sent since the node joined
	 * @param errors failed attempts since the node joined
	 * @param quarantineCause why the node is quarantined, or {@code null}
	 * @param quarantinedUntil when the next probe is due, or {@code null}
	 * @param inFlight attempts in flight to the node
	 * @param latencyMillis the node's answer-time estimate in milliseconds (peak-EWMA; a
	 * failed attempt counts as a slow answer), 0 before its first answer
	 * @param demoted whether latency-aware routing gives this active node only a small
	 * probing share because a new request is expected to wait clearly longer on it
	 * @since 0.1.0
	 */
	public record NodeDescriptor(String address, String datacenter, String rack, NodeState state,
			int consecutiveFailures, long requests, long errors, @Nullable String quarantineCause,
			@Nullable Instant quarantinedUntil, int inFlight, double latencyMillis, boolean demoted) {

		/**
		 * Shown for a datacenter or rack discovery does not tell.
		 */
		public static final String UNKNOWN = "unknown";

		private static String known(@Nullable String value) {
			return (value != null) ? value : UNKNOWN;
		}

		static NodeDescriptor of(NodeStatus node) {
			return new NodeDescriptor(node.address(), known(node.datacenter()), known(node.rack()), node.state(),
					node.consecutiveFailures(), node.requests(), node.errors(), node.quarantineCause(),
					node.quarantinedUntil(), node.inFlight(), millis(node.latency()), node.demoted());
		}

		/** Milliseconds with two decimals: enough to compare nodes, short to read. */
		private static double millis(Duration latency) {
			return Math.round(latency.toNanos() / 10_000.0) / 100.0;
		}

	}

	/**
	 * The last discovery cycle.
	 *
	 * @param time when it ended
	 * @param outcome {@code SUCCESS}, {@code FALLBACK} or {@code FAILED}
	 * @param node the host whose answer was used (or the last one asked)
	 * @param scope the scope that produced the node list
	 * @param nodeCount nodes in the published list
	 * @param durationMillis how long the cycle took
	 * @param message a short description
	 * @since 0.1.0
	 */
	public record RefreshDescriptor(Instant time, DiscoveryResult.Outcome outcome, @Nullable String node,
			ScopeDescriptor.Scope scope, int nodeCount, long durationMillis, String message) {

		static RefreshDescriptor of(DiscoveryResult result) {
			return new RefreshDescriptor(result.completedAt(), result.outcome(), result.askedHost(),
					ScopeDescriptor.Scope.of(result.scope()), result.nodeCount(), result.duration().toMillis(),
					result.message());
		}

	}

	/**
	 * Key affinity.
	 *
	 * @param mode the configured mode
	 * @param hits writes routed to their key's node
	 * @param misses writes that qualified but were balanced as usual
	 * @since 0.1.0
	 */
	public record KeyAffinityDescriptor(KeyAffinityMode mode, long hits, long misses) {

	}

	/**
	 * Replica-aware routing.
	 *
	 * @param enabled whether it applies: configured on, with discovery on
	 * @param hits single-key requests whose first attempt went to a replica of their key
	 * @param misses single-key requests routed without their key's replicas
	 * @param tables each used table's placement ({@code TABLETS}, {@code VNODES} or
	 * {@code UNAVAILABLE}), reason, last refresh, hits and misses, by table name
	 * @since 0.1.0
	 */
	public record ReplicaRoutingDescriptor(boolean enabled, long hits, long misses, List<ReplicaRoutingStatus> tables) {

		static ReplicaRoutingDescriptor of(AlternatorNodeDirectory directory) {
			return new ReplicaRoutingDescriptor(directory.replicaRoutingActive(), directory.replicaRoutingCount(true),
					directory.replicaRoutingCount(false), directory.replicaRouting());
		}

	}

	/**
	 * Write retries.
	 *
	 * @param policy the configured write retry policy
	 * @param notRetried writes not sent again because their attempt may have reached a
	 * node of the current list and they are not idempotent (each failed with
	 * {@code AlternatorWriteOutcomeUnknownException})
	 * @since 0.1.0
	 */
	public record WriteRetryDescriptor(WriteRetryPolicy policy, long notRetried) {

	}

}
