package dev.alternator.spring.autoconfigure.metrics;

import org.jspecify.annotations.Nullable;

/**
 * The meters {@link AlternatorMetrics} registers: name, type, base unit, description and
 * tags.
 *
 * @since 0.1.0
 */
public enum AlternatorMeters {

	/**
	 * Gauge of the nodes of the routing list that are {@code ACTIVE}.
	 */
	NODES_LIVE("alternator.nodes.live", "nodes", "Nodes of the routing list that are active"),

	/**
	 * Gauge of the nodes of the routing list that are {@code QUARANTINED}.
	 */
	NODES_QUARANTINED("alternator.nodes.quarantined", "nodes", "Nodes of the routing list that are quarantined"),

	/**
	 * Gauge of the nodes of the routing list that are on {@code PROBATION}: released by a
	 * passing health probe, serving a small share until requests prove them healthy.
	 */
	NODES_PROBATION("alternator.nodes.probation", "nodes", "Nodes of the routing list on probation after a quarantine"),

	/**
	 * Gauge of the active nodes that latency-aware routing has demoted to a small probing
	 * share because a new request is expected to wait clearly longer on them.
	 */
	NODES_DEMOTED("alternator.nodes.demoted", "nodes",
			"Active nodes demoted by latency-aware routing to a small probing share"),

	/**
	 * Gauge of each node's answer-time estimate (peak-EWMA), in seconds; tag
	 * {@code node}. Removed when the node leaves the routing list.
	 */
	NODE_LATENCY("alternator.nodes.latency", "seconds", "Answer-time estimate of a node (peak-EWMA)"),

	/**
	 * Gauge of the attempts in flight to each node; tag {@code node}. Removed when the
	 * node leaves the routing list.
	 */
	NODE_IN_FLIGHT("alternator.nodes.in.flight", "requests", "HTTP attempts in flight to a node"),

	/**
	 * Counter of discovery cycles that fell back to a scope broader than the configured
	 * one.
	 */
	ROUTING_FALLBACKS("alternator.routing.fallbacks", null,
			"Discovery cycles that fell back to a scope broader than the configured one"),

	/**
	 * Counter of writes that qualified for key affinity; tag {@code result} = {@code hit}
	 * or {@code miss}.
	 */
	KEY_AFFINITY("alternator.key.affinity", null, "Writes that qualified for partition-key affinity"),

	/**
	 * Counter of single-key requests by whether their first attempt went to a replica of
	 * their key; tag {@code result} = {@code hit} or {@code miss} (placement not known or
	 * unavailable: {@code AlternatorNodeDirectory.replicaRouting()} says why).
	 */
	REPLICA_ROUTING("alternator.replica.routing", null,
			"Single-key requests by whether their first attempt went to a replica of their key"),

	/**
	 * Counter of HTTP attempts; tags {@code node} (address) and {@code outcome}
	 * ({@code success}, {@code server_error}, {@code timeout},
	 * {@code connection_failure}, {@code other_failure}). Removed when the node leaves
	 * the routing list.
	 */
	REQUESTS("alternator.requests", "requests", "HTTP attempts sent to Alternator nodes"),

	/**
	 * Counter of calls that were not sent again after their attempt to a node may have
	 * reached it, because they are not idempotent (each failed with
	 * {@code AlternatorWriteOutcomeUnknownException}); tag {@code node} (address).
	 * Removed when the node leaves the routing list.
	 */
	WRITES_NOT_RETRIED("alternator.writes.not.retried", "requests",
			"Writes not retried because their attempt may have reached the node and they are not idempotent"),

	/**
	 * Timer of discovery cycles; tag {@code outcome} ({@code success}, {@code fallback},
	 * {@code failed}).
	 */
	DISCOVERY("alternator.discovery", null, "Node discovery cycles");

	private final String meterName;

	private final @Nullable String baseUnit;

	private final String description;

	AlternatorMeters(String meterName, @Nullable String baseUnit, String description) {
		this.meterName = meterName;
		this.baseUnit = baseUnit;
		this.description = description;
	}

	/**
	 * The meter name.
	 * @return the name
	 */
	public String meterName() {
		return this.meterName;
	}

	/**
	 * The base unit.
	 * @return the base unit, or {@code null} for none
	 */
	public @Nullable String baseUnit() {
		return this.baseUnit;
	}

	/**
	 * The description.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
