package dev.alternator.spring.autoconfigure.metrics;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of one node directory (see {@link AlternatorMeters}): live,
 * quarantined and probation node gauges, a fallback counter, replica-routing and
 * key-affinity hit/miss counters, attempt counters per node and outcome, counters per
 * node of writes not retried, and a discovery timer per outcome.
 * <p>
 * Every meter reads the directory's own counters when it is published, so meters equal
 * the actuator endpoint exactly and exist from the moment they are bound (the discovery
 * run before the application started is counted). The attempt counters of a node are
 * registered when the node joins the routing list (or at bind time) and removed when it
 * leaves; membership changes are the only events this binder listens to, and a late one
 * never brings back the meters of a node that is no longer listed. {@link #close()} stops
 * listening.
 * <p>
 * Thread-safe: it may be bound to several registries.
 *
 * @since 0.1.0
 */
public class AlternatorMetrics implements MeterBinder, AutoCloseable {

	private static final List<AlternatorMeters> PER_NODE = List.of(AlternatorMeters.REQUESTS,
			AlternatorMeters.NODE_LATENCY, AlternatorMeters.NODE_IN_FLIGHT, AlternatorMeters.WRITES_NOT_RETRIED);

	private final AlternatorNodeDirectory directory;

	private final Tags tags;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final AlternatorListener listener = new MembershipListener();

	/**
	 * Creates a binder for a directory and starts listening to its membership changes.
	 * @param directory the node directory
	 * @param tags tags added to every meter
	 */
	public AlternatorMetrics(AlternatorNodeDirectory directory, Iterable<Tag> tags) {
		this.directory = directory;
		this.tags = Tags.of(tags);
		directory.addListener(this.listener);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(AlternatorMeters.NODES_LIVE, NodeState.ACTIVE, registry);
		gauge(AlternatorMeters.NODES_QUARANTINED, NodeState.QUARANTINED, registry);
		gauge(AlternatorMeters.NODES_PROBATION, NodeState.PROBATION, registry);
		Gauge
			.builder(AlternatorMeters.NODES_DEMOTED.meterName(), this.directory,
					(directory) -> directory.nodes().stream().filter(NodeStatus::demoted).count())
			.description(AlternatorMeters.NODES_DEMOTED.description())
			.baseUnit(AlternatorMeters.NODES_DEMOTED.baseUnit())
			.tags(this.tags)
			.register(registry);
		FunctionCounter
			.builder(AlternatorMeters.ROUTING_FALLBACKS.meterName(), this.directory,
					AlternatorNodeDirectory::fallbackCount)
			.description(AlternatorMeters.ROUTING_FALLBACKS.description())
			.tags(this.tags)
			.register(registry);
		keyAffinityCounter(registry, true);
		keyAffinityCounter(registry, false);
		replicaRoutingCounter(registry, true);
		replicaRoutingCounter(registry, false);
		for (DiscoveryResult.Outcome outcome : DiscoveryResult.Outcome.values()) {
			FunctionTimer
				.builder(AlternatorMeters.DISCOVERY.meterName(), this.directory,
						(directory) -> directory.discoveryCount(outcome),
						(directory) -> directory.discoveryTime(outcome).toNanos(), TimeUnit.NANOSECONDS)
				.description(AlternatorMeters.DISCOVERY.description())
				.tags(this.tags)
				.tag("outcome", lower(outcome))
				.register(registry);
		}
		this.registries.add(registry);
		for (NodeStatus node : this.directory.nodes()) {
			registerNode(registry, node.address());
		}
	}

	@Override
	public void close() {
		this.directory.removeListener(this.listener);
	}

	private void gauge(AlternatorMeters meter, NodeState state, MeterRegistry registry) {
		Gauge.builder(meter.meterName(), this.directory, (directory) -> count(directory, state))
			.description(meter.description())
			.baseUnit(meter.baseUnit())
			.tags(this.tags)
			.register(registry);
	}

	private static double count(AlternatorNodeDirectory directory, NodeState state) {
		return directory.nodes().stream().filter((node) -> node.state() == state).count();
	}

	private void keyAffinityCounter(MeterRegistry registry, boolean hit) {
		FunctionCounter
			.builder(AlternatorMeters.KEY_AFFINITY.meterName(), this.directory,
					(directory) -> directory.keyAffinityCount(hit))
			.description(AlternatorMeters.KEY_AFFINITY.description())
			.tags(this.tags)
			.tag("result", hit ? "hit" : "miss")
			.register(registry);
	}

	private void replicaRoutingCounter(MeterRegistry registry, boolean hit) {
		FunctionCounter
			.builder(AlternatorMeters.REPLICA_ROUTING.meterName(), this.directory,
					(directory) -> directory.replicaRoutingCount(hit))
			.description(AlternatorMeters.REPLICA_ROUTING.description())
			.tags(this.tags)
			.tag("result", hit ? "hit" : "miss")
			.register(registry);
	}

	private void registerNode(MeterRegistry registry, String address) {
		for (AttemptOutcome outcome : AttemptOutcome.values()) {
			FunctionCounter
				.builder(AlternatorMeters.REQUESTS.meterName(), this.directory,
						(directory) -> directory.nodeAttempts(address, outcome))
				.description(AlternatorMeters.REQUESTS.description())
				.baseUnit(AlternatorMeters.REQUESTS.baseUnit())
				.tags(this.tags)
				.tag("node", address)
				.tag("outcome", lower(outcome))
				.register(registry);
		}
		Gauge
			.builder(AlternatorMeters.NODE_LATENCY.meterName(), this.directory,
					(directory) -> directory.nodeLatencySeconds(address))
			.description(AlternatorMeters.NODE_LATENCY.description())
			.baseUnit(AlternatorMeters.NODE_LATENCY.baseUnit())
			.tags(this.tags)
			.tag("node", address)
			.register(registry);
		Gauge
			.builder(AlternatorMeters.NODE_IN_FLIGHT.meterName(), this.directory,
					(directory) -> directory.nodeInFlight(address))
			.description(AlternatorMeters.NODE_IN_FLIGHT.description())
			.baseUnit(AlternatorMeters.NODE_IN_FLIGHT.baseUnit())
			.tags(this.tags)
			.tag("node", address)
			.register(registry);
		FunctionCounter
			.builder(AlternatorMeters.WRITES_NOT_RETRIED.meterName(), this.directory,
					(directory) -> directory.nodeWritesNotRetried(address))
			.description(AlternatorMeters.WRITES_NOT_RETRIED.description())
			.baseUnit(AlternatorMeters.WRITES_NOT_RETRIED.baseUnit())
			.tags(this.tags)
			.tag("node", address)
			.register(registry);
	}

	private void removeNode(MeterRegistry registry, String address) {
		for (AlternatorMeters perNode : PER_NODE) {
			for (Meter meter : registry.find(perNode.meterName()).tag("node", address).meters()) {
				registry.remove(meter);
			}
		}
	}

	private boolean listed(String address) {
		return this.directory.nodes().stream().anyMatch((node) -> node.address().equals(address));
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private final class MembershipListener implements AlternatorListener {

		@Override
		public void nodeAdded(NodeStatus node) {
			// events arrive after the fact: register only what is still listed
			if (listed(node.address())) {
				for (MeterRegistry registry : AlternatorMetrics.this.registries) {
					registerNode(registry, node.address());
				}
			}
		}

		@Override
		public void nodeRemoved(NodeStatus node) {
			if (!listed(node.address())) {
				for (MeterRegistry registry : AlternatorMetrics.this.registries) {
					removeNode(registry, node.address());
				}
			}
		}

	}

}
