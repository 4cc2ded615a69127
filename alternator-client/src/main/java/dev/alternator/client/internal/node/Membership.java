package dev.alternator.client.internal.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.Ticker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The routing list: the immutable {@link Topology} snapshot that every plan reads once,
 * the lookup from a request's host to its {@link Node}, and the scope the list belongs
 * to. Discovery publishes new lists here; a node listed again keeps its identity, health
 * and counters.
 * <p>
 * It also remembers whether the cluster ever answered (a discovery answer or any HTTP
 * answer to a request), so operators can tell "never reached" from "reached, now
 * failing".
 * <p>
 * Thread-safe: {@link #publish} is called by one discovery thread at a time; readers see
 * either the previous or the new snapshot, never a mix.
 */
public final class Membership {

	private static final Logger logger = Logging.LOGGER;

	private final AlternatorConfig config;

	private final Ticker ticker;

	private final HealthPolicy healthPolicy;

	private final EventDispatcher events;

	private final AtomicReference<Topology> topology = new AtomicReference<>();

	private final Map<String, Node> nodesByKey = new ConcurrentHashMap<>();

	private final AtomicLong fallbacks = new AtomicLong();

	private final AtomicLong versions = new AtomicLong();

	private volatile @Nullable RoutingScope activeScope;

	private volatile boolean reached;

	public Membership(AlternatorConfig config, Ticker ticker, HealthPolicy healthPolicy, EventDispatcher events) {
		this.config = config;
		this.ticker = ticker;
		this.healthPolicy = healthPolicy;
		this.events = events;
		List<Node> seeds = new ArrayList<>();
		for (String seed : config.seedHosts()) {
			seeds.add(newNode(seed));
		}
		Topology initial = new Topology(dedupe(seeds), config.routingScope(), this.versions.incrementAndGet(), true);
		for (Node node : initial.nodes()) {
			this.nodesByKey.put(node.key(), node);
		}
		this.topology.set(initial);
	}

	/**
	 * The current snapshot.
	 * @return the snapshot
	 */
	public Topology topology() {
		return this.topology.get();
	}

	/**
	 * The scope of the current node list.
	 * @return the active scope (the configured one until discovery publishes a list)
	 */
	public RoutingScope activeScope() {
		RoutingScope scope = this.activeScope;
		return (scope != null) ? scope : this.config.routingScope();
	}

	/**
	 * How many times the node list moved to a scope broader than the configured one.
	 * @return the count
	 */
	public long fallbackCount() {
		return this.fallbacks.get();
	}

	/**
	 * The node a request is addressed to.
	 * @param host the request host
	 * @param port the request port
	 * @return the node, or {@code null} if it is not (or no longer) in the routing list
	 */
	public @Nullable Node nodeFor(String host, int port) {
		return (port == this.config.port()) ? this.nodesByKey.get(host) : null;
	}

	/**
	 * Whether a node still is the routing list's node for its address.
	 * @param node the node
	 * @return whether listed
	 */
	public boolean isListed(Node node) {
		return this.nodesByKey.get(node.key()) == node;
	}

	/**
	 * Notes that a node of the cluster answered (discovery or any HTTP answer to a
	 * request).
	 */
	public void markReached() {
		if (!this.reached) {
			this.reached = true;
		}
	}

	/**
	 * Whether any node of the cluster ever answered.
	 * @return whether reached
	 */
	public boolean reached() {
		return this.reached;
	}

	/**
	 * The addresses of the discovered nodes (none while the list is the seed list).
	 * @return the addresses
	 */
	public List<String> discoveredAddresses() {
		Topology current = this.topology.get();
		if (current.fromSeeds()) {
			return List.of();
		}
		List<String> addresses = new ArrayList<>(current.size());
		for (Node node : current.nodes()) {
			addresses.add(node.address());
		}
		return addresses;
	}

	/**
	 * Status of every node of the routing list, in canonical order.
	 * @return the statuses
	 */
	public List<NodeStatus> nodeStatuses() {
		List<NodeStatus> statuses = new ArrayList<>();
		for (Node node : this.topology.get().nodes()) {
			statuses.add(node.status(this.ticker));
		}
		return List.copyOf(statuses);
	}

	/**
	 * Publishes the nodes a scope listed: the same nodes in the same scope change
	 * nothing; otherwise a new snapshot replaces the old one, then listeners hear of the
	 * scope change and of every node added or removed.
	 * @param scope the scope that listed them
	 * @param hosts the listed hosts
	 */
	public void publish(RoutingScope scope, List<String> hosts) {
		Topology previous = this.topology.get();
		Map<String, Node> known = new HashMap<>();
		for (Node node : previous.nodes()) {
			known.put(node.canonical(), node);
		}
		List<Node> fresh = new ArrayList<>();
		for (String host : hosts) {
			Node candidate = newNode(host);
			Node existing = known.get(candidate.canonical());
			Node node = (existing != null) ? existing : candidate;
			node.locate(scope.datacenter(), scope.rack());
			fresh.add(node);
		}
		List<Node> nodes = dedupe(fresh);
		Set<Node> added = new LinkedHashSet<>(nodes);
		previous.nodes().forEach(added::remove);
		Set<Node> removed = new LinkedHashSet<>(previous.nodes());
		nodes.forEach(removed::remove);
		RoutingScope previousScope = this.activeScope;
		if (added.isEmpty() && removed.isEmpty() && scope.equals(previousScope)) {
			return;
		}
		for (Node node : nodes) {
			this.nodesByKey.put(node.key(), node);
		}
		this.topology.set(new Topology(nodes, scope, this.versions.incrementAndGet(), false));
		for (Node node : removed) {
			this.nodesByKey.remove(node.key(), node);
		}
		this.activeScope = scope;
		if (!scope.equals(previousScope)) {
			if (!scope.equals(this.config.routingScope())) {
				this.fallbacks.incrementAndGet();
				logger.warn("Routing falls back to {}: {} has no live node", scope, this.config.routingScope());
			}
			else if (previousScope != null) {
				logger.warn("Routing returns to the configured scope {}", scope);
			}
			this.events.publish((listener) -> listener.activeScopeChanged(previousScope, scope));
		}
		if (!added.isEmpty() || !removed.isEmpty()) {
			logger.info("Node list of {} changed: {} nodes {}; added {}, removed {}", scope, nodes.size(), nodes, added,
					removed);
		}
		for (Node node : added) {
			NodeStatus status = node.status(this.ticker);
			this.events.publish((listener) -> listener.nodeAdded(status));
		}
		for (Node node : removed) {
			NodeStatus status = node.status(this.ticker);
			this.events.publish((listener) -> listener.nodeRemoved(status));
		}
	}

	private Node newNode(String host) {
		return new Node(host, this.config.scheme(), this.config.port(), this.healthPolicy);
	}

	private static List<Node> dedupe(List<Node> nodes) {
		Map<String, Node> byCanonical = new LinkedHashMap<>();
		for (Node node : nodes) {
			byCanonical.putIfAbsent(node.canonical(), node);
		}
		return new ArrayList<>(byCanonical.values());
	}

}
