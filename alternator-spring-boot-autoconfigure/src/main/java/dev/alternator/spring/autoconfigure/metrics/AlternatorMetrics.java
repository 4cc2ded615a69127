package dev.alternator.spring.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of one node directory (see {@link AlternatorMeters}): live and
 * quarantined node gauges, a fallback counter, key-affinity hit/miss counters, attempt
 * counters per node and outcome, and a discovery timer per outcome. Per-node meters are
 * removed when their node leaves the routing list.
 * <p>
 * Event-driven meters are fed by an {@link AlternatorListener} registered on the
 * directory when this binder is created; {@link #close()} unregisters it. Thread-safe: it
 * may be bound to several registries.
 *
 * @since 0.1.0
 */
public class AlternatorMetrics implements MeterBinder, AutoCloseable {

	private final AlternatorNodeDirectory directory;

	private final Tags tags;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final AlternatorListener listener = new MetricsListener();

	/**
	 * Creates a binder for a directory and starts listening to its events.
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
		FunctionCounter
			.builder(AlternatorMeters.ROUTING_FALLBACKS.meterName(), this.directory,
					AlternatorNodeDirectory::fallbackCount)
			.description(AlternatorMeters.ROUTING_FALLBACKS.description())
			.tags(this.tags)
			.register(registry);
		keyAffinityCounter(registry, true);
		keyAffinityCounter(registry, false);
		this.registries.add(registry);
	}

	/**
	 * Stops listening to the directory's events. The registered meters stay.
	 */
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

	private Counter keyAffinityCounter(MeterRegistry registry, boolean hit) {
		return Counter.builder(AlternatorMeters.KEY_AFFINITY.meterName())
			.description(AlternatorMeters.KEY_AFFINITY.description())
			.tags(this.tags)
			.tag("result", hit ? "hit" : "miss")
			.register(registry);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private final class MetricsListener implements AlternatorListener {

		@Override
		public void keyAffinity(String table, boolean hit) {
			for (MeterRegistry registry : AlternatorMetrics.this.registries) {
				keyAffinityCounter(registry, hit).increment();
			}
		}

		@Override
		public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
			for (MeterRegistry registry : AlternatorMetrics.this.registries) {
				Counter.builder(AlternatorMeters.REQUESTS.meterName())
					.description(AlternatorMeters.REQUESTS.description())
					.baseUnit(AlternatorMeters.REQUESTS.baseUnit())
					.tags(AlternatorMetrics.this.tags)
					.tag("node", address)
					.tag("outcome", lower(outcome))
					.register(registry)
					.increment();
			}
		}

		@Override
		public void discoveryCompleted(DiscoveryResult result) {
			for (MeterRegistry registry : AlternatorMetrics.this.registries) {
				Timer.builder(AlternatorMeters.DISCOVERY.meterName())
					.description(AlternatorMeters.DISCOVERY.description())
					.tags(AlternatorMetrics.this.tags)
					.tag("outcome", lower(result.outcome()))
					.register(registry)
					.record(result.duration());
			}
		}

		@Override
		public void nodeRemoved(NodeStatus node) {
			for (MeterRegistry registry : AlternatorMetrics.this.registries) {
				for (Meter meter : registry.find(AlternatorMeters.REQUESTS.meterName())
					.tag("node", node.address())
					.meters()) {
					registry.remove(meter);
				}
			}
		}

	}

}
