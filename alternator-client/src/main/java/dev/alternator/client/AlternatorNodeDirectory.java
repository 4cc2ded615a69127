package dev.alternator.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import dev.alternator.client.internal.Directory;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.sdk.ClientContext;
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

	private final Directory directory;

	private AlternatorNodeDirectory(Directory directory) {
		this.directory = directory;
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
		return this.directory.config();
	}

	/**
	 * The scope configured.
	 * @return the configured scope
	 */
	public RoutingScope configuredScope() {
		return this.directory.config().routingScope();
	}

	/**
	 * The scope of the current node list: the configured one, or a broader one after a
	 * fallback.
	 * @return the active scope
	 */
	public RoutingScope activeScope() {
		return this.directory.activeScope();
	}

	/**
	 * Every node of the routing list, in canonical order, with its state and counters.
	 * @return the node statuses
	 */
	public List<NodeStatus> nodes() {
		return this.directory.nodeStatuses();
	}

	/**
	 * Whether any node of the cluster ever answered, to discovery, a health probe or a
	 * request (with any HTTP status). Until then the node list is only what the
	 * configuration says, and health is not reported UP.
	 * @return whether the cluster was reached
	 */
	public boolean clusterReached() {
		return this.directory.clusterReached();
	}

	/**
	 * How many discovery cycles ended with an outcome since the directory was created
	 * (the first cycle, run before {@link #create} returns, included).
	 * @param outcome the outcome
	 * @return the count
	 */
	public long discoveryCount(DiscoveryResult.Outcome outcome) {
		return this.directory.discoveryCycles(Objects.requireNonNull(outcome, "outcome"));
	}

	/**
	 * The total time of the discovery cycles that ended with an outcome.
	 * @param outcome the outcome
	 * @return the total time
	 */
	public Duration discoveryTime(DiscoveryResult.Outcome outcome) {
		return this.directory.discoveryTime(Objects.requireNonNull(outcome, "outcome"));
	}

	/**
	 * The attempts sent to a node of the current list that ended with an outcome; the
	 * counts behind {@link NodeStatus#requests()} and {@link NodeStatus#errors()}.
	 * @param address the node's address as listed ({@link NodeStatus#address()})
	 * @param outcome the outcome
	 * @return the count, 0 for a node not in the list
	 */
	public long nodeAttempts(String address, AttemptOutcome outcome) {
		return this.directory.nodeAttempts(address, outcome);
	}

	/**
	 * The answer-time estimate of a node of the current list, the value behind
	 * {@link NodeStatus#latency()}, in seconds (for gauges).
	 * @param address the node's address as listed ({@link NodeStatus#address()})
	 * @return the estimate in seconds, 0 for a node not in the list or not answered yet
	 */
	public double nodeLatencySeconds(String address) {
		return this.directory.nodeLatencyNanos(Objects.requireNonNull(address, "address")) / 1e9;
	}

	/**
	 * The attempts in flight to a node of the current list, the value behind
	 * {@link NodeStatus#inFlight()}.
	 * @param address the node's address as listed ({@link NodeStatus#address()})
	 * @return the count, 0 for a node not in the list
	 */
	public int nodeInFlight(String address) {
		return this.directory.nodeInFlight(Objects.requireNonNull(address, "address"));
	}

	/**
	 * Calls that were not sent again after their attempt to a node of the current list
	 * failed when the request may have reached it, because they are not idempotent (see
	 * {@link WriteRetryPolicy}); each failed with
	 * {@link AlternatorWriteOutcomeUnknownException}.
	 * @param address the node's address as listed ({@link NodeStatus#address()})
	 * @return the count since the node joined the list, 0 for a node not in the list
	 */
	public long nodeWritesNotRetried(String address) {
		return this.directory.nodeWritesNotRetried(Objects.requireNonNull(address, "address"));
	}

	/**
	 * The sum of {@link #nodeWritesNotRetried(String)} over the nodes of the current
	 * list.
	 * @return the count
	 */
	public long writesNotRetried() {
		return nodes().stream().mapToLong((node) -> nodeWritesNotRetried(node.address())).sum();
	}

	/**
	 * Writes that qualified for key affinity: routed by their key ({@code hit}), or
	 * routed normally because the table's partition key was not known yet.
	 * @param hit which count
	 * @return the count (0 with key affinity off)
	 */
	public long keyAffinityCount(boolean hit) {
		return this.directory.keyAffinityCount(hit);
	}

	/**
	 * Single-key requests ({@code GetItem}, {@code PutItem}, {@code UpdateItem},
	 * {@code DeleteItem}, {@code Query} on a base table's partition key) by whether their
	 * first attempt went to a replica of their key ({@code hit}) or not ({@code miss}:
	 * the table's placement not known yet or unavailable, or no usable replica in the
	 * routing list). Writes routed by key affinity count in neither.
	 * @param hit which count
	 * @return the count (0 with replica-aware routing off)
	 * @see AlternatorConfig#replicaAwareRouting()
	 */
	public long replicaRoutingCount(boolean hit) {
		return this.directory.replicaRoutingCount(hit);
	}

	/**
	 * Whether replica-aware routing applies to this directory's clients: configured on
	 * ({@link AlternatorConfig#replicaAwareRouting()}) with discovery on (replicas are
	 * matched to the nodes discovery lists; with {@code discoveryEnabled(false)} it does
	 * not apply).
	 * @return whether single-key requests may start at a replica of their key
	 */
	public boolean replicaRoutingActive() {
		return this.directory.replicaRoutingActive();
	}

	/**
	 * Replica-aware routing per table: how each table used by single-key requests is
	 * placed (or why that is unavailable), when its placement was last read, and its hit
	 * and miss counts. At most a few hundred tables are tracked; those unused for longest
	 * are dropped first.
	 * @return an immutable list by table name, empty with replica-aware routing off
	 * @see AlternatorConfig#replicaAwareRouting()
	 */
	public List<ReplicaRoutingStatus> replicaRouting() {
		return this.directory.replicaRouting();
	}

	/**
	 * The last discovery cycle.
	 * @return its result, or {@code null} before the first cycle ended
	 */
	public @Nullable DiscoveryResult lastDiscovery() {
		return this.directory.lastDiscovery();
	}

	/**
	 * How many discovery cycles fell back to a scope broader than the configured one.
	 * @return the count
	 */
	public long fallbackCount() {
		return this.directory.fallbackCount();
	}

	/**
	 * Whether the node list still is the seed list because discovery never succeeded.
	 * @return whether routing uses the seeds
	 */
	public boolean usingSeeds() {
		return this.directory.usingSeeds();
	}

	/**
	 * Adds a listener; see {@link AlternatorListener} for the delivery contract.
	 * @param listener the listener
	 */
	public void addListener(AlternatorListener listener) {
		this.directory.addListener(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void removeListener(AlternatorListener listener) {
		this.directory.removeListener(listener);
	}

	/**
	 * Asks for a discovery cycle now, instead of at the next refresh.
	 */
	public void refreshNow() {
		this.directory.requestCycle("requested by the application");
	}

	/**
	 * Pauses discovery, health probes and the reads of replica placement (for example
	 * while the application is stopped by its container, or before a checkpoint).
	 * Requests keep routing over the last node list and placements; the first one routed
	 * while stopped logs a WARN. {@link #start()} resumes. Does nothing once closed.
	 */
	public void stop() {
		this.directory.stop();
	}

	/**
	 * Resumes discovery (with a cycle at once) and health probes after {@link #stop()}.
	 * Does nothing once closed: {@link #close()} is final.
	 */
	public void start() {
		this.directory.resume();
	}

	/**
	 * Whether discovery and probes are paused by {@link #stop()}.
	 * @return whether stopped
	 */
	public boolean isStopped() {
		return this.directory.isStopped();
	}

	/**
	 * Whether the directory was closed.
	 * @return whether closed
	 */
	public boolean isClosed() {
		return this.directory.isClosed();
	}

	ClientContext clientContext() {
		return this.directory.clientContext();
	}

	/**
	 * Stops discovery, probes and the event thread (joining them for at most 5 s) and
	 * closes the discovery HTTP client. Idempotent.
	 */
	@Override
	public void close() {
		this.directory.close();
	}

	@Override
	public String toString() {
		return "AlternatorNodeDirectory[scope=" + activeScope() + ", nodes=" + this.directory.nodes() + "]";
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
			Directory directory = Directory.create(this.config, new Ticker(this.nanoTime, this.clock), generator,
					this.scheduler);
			try {
				directory.start();
			}
			catch (RuntimeException ex) {
				directory.close();
				throw ex;
			}
			return new AlternatorNodeDirectory(directory);
		}

	}

}
