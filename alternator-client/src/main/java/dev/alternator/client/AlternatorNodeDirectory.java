package dev.alternator.client;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import dev.alternator.client.internal.NodeDirectoryEngine;
import dev.alternator.client.internal.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * The live-node directory of one Alternator cluster: it discovers nodes with
 * {@code GET /localnodes}, refreshes the list (every second while requests flow, every
 * minute when idle), tracks node health (quarantine and probes) and reports to listeners.
 * Several clients — sync and async — can share one directory; each then spreads its
 * requests over the same nodes and contributes to the same health view. <pre>{@code
 * try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config)) {
 *     DynamoDbClient sync = AlternatorDynamoDbClient.builder().nodeDirectory(nodes).build();
 *     DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.builder().nodeDirectory(nodes).build();
 *     ...
 * }
 * }</pre> A directory passed to clients is not closed by them: close it after them. A
 * client created from a configuration owns its own directory and closes it.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class AlternatorNodeDirectory implements AutoCloseable {

	private final NodeDirectoryEngine engine;

	private AlternatorNodeDirectory(NodeDirectoryEngine engine) {
		this.engine = engine;
	}

	/**
	 * Creates a directory and runs the first discovery before returning, waiting at most
	 * the discovery timeout; if that fails the seeds are used (WARN) and discovery keeps
	 * trying.
	 * @param config the configuration
	 * @return the started directory
	 */
	public static AlternatorNodeDirectory create(AlternatorConfig config) {
		return builder(config).build();
	}

	/**
	 * A builder, for injecting time, randomness and a scheduler (tests).
	 * @param config the configuration
	 * @return the builder
	 */
	public static Builder builder(AlternatorConfig config) {
		return new Builder(config);
	}

	/**
	 * The configuration.
	 * @return the configuration
	 */
	public AlternatorConfig config() {
		return this.engine.config();
	}

	/**
	 * The scope configured.
	 * @return the configured scope
	 */
	public RoutingScope configuredScope() {
		return this.engine.config().routingScope();
	}

	/**
	 * The scope of the current node list: the configured one, or a broader one after a
	 * fallback.
	 * @return the active scope
	 */
	public RoutingScope activeScope() {
		return this.engine.activeScope();
	}

	/**
	 * Every node of the routing list, in canonical order, with its state and counters.
	 * @return the node statuses
	 */
	public List<NodeStatus> nodes() {
		return this.engine.nodeStatuses();
	}

	/**
	 * The last discovery cycle.
	 * @return its result, or {@code null} before the first cycle ended
	 */
	public @Nullable DiscoveryResult lastDiscovery() {
		return this.engine.lastDiscovery();
	}

	/**
	 * How many discovery cycles fell back to a scope broader than the configured one.
	 * @return the count
	 */
	public long fallbackCount() {
		return this.engine.fallbackCount();
	}

	/**
	 * Whether the node list still is the seed list because discovery never succeeded.
	 * @return whether routing uses the seeds
	 */
	public boolean usingSeeds() {
		return this.engine.topology().fromSeeds();
	}

	/**
	 * Adds a listener; see {@link AlternatorListener} for the delivery contract.
	 * @param listener the listener
	 */
	public void addListener(AlternatorListener listener) {
		this.engine.addListener(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void removeListener(AlternatorListener listener) {
		this.engine.removeListener(listener);
	}

	/**
	 * Asks for a discovery cycle now, instead of at the next refresh.
	 */
	public void refreshNow() {
		this.engine.requestCycle("requested by the application");
	}

	/**
	 * Whether the directory was closed.
	 * @return whether closed
	 */
	public boolean isClosed() {
		return this.engine.isClosed();
	}

	NodeDirectoryEngine engine() {
		return this.engine;
	}

	/**
	 * Stops discovery, probes and the event thread (joining them for at most 5 s) and
	 * closes the discovery HTTP client. Idempotent.
	 */
	@Override
	public void close() {
		this.engine.close();
	}

	@Override
	public String toString() {
		return "AlternatorNodeDirectory[scope=" + activeScope() + ", nodes=" + this.engine.topology().nodes() + "]";
	}

	/**
	 * Builder of a directory. Not thread-safe.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final AlternatorConfig config;

		private LongSupplier nanoTime = System::nanoTime;

		private Clock clock = Clock.systemUTC();

		private @Nullable RandomGenerator random;

		private @Nullable ScheduledExecutorService scheduler;

		private Builder(AlternatorConfig config) {
			this.config = Objects.requireNonNull(config, "config");
		}

		/**
		 * The monotonic time source (default {@link System#nanoTime()}).
		 * @param nanoTime the source
		 * @return this builder
		 */
		public Builder nanoTime(LongSupplier nanoTime) {
			this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
			return this;
		}

		/**
		 * The wall clock for reported instants (default system UTC).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Randomness for backoff jitter and the round-robin start (default a fresh
		 * {@code SplittableRandom}).
		 * @param random the generator
		 * @return this builder
		 */
		public Builder random(RandomGenerator random) {
			this.random = Objects.requireNonNull(random, "random");
			return this;
		}

		/**
		 * A scheduler to run discovery and probes on instead of the directory's own
		 * threads; it is not shut down by {@link AlternatorNodeDirectory#close()}.
		 * @param scheduler the scheduler
		 * @return this builder
		 */
		public Builder scheduler(ScheduledExecutorService scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
			return this;
		}

		/**
		 * Creates the directory and runs the first discovery (bounded by the discovery
		 * timeout).
		 * @return the directory
		 */
		public AlternatorNodeDirectory build() {
			RandomGenerator generator = (this.random != null) ? this.random : new java.util.SplittableRandom();
			NodeDirectoryEngine engine = new NodeDirectoryEngine(this.config, new Ticker(this.nanoTime, this.clock),
					generator, this.scheduler);
			try {
				engine.start();
			}
			catch (RuntimeException ex) {
				engine.close();
				throw ex;
			}
			return new AlternatorNodeDirectory(engine);
		}

	}

}
