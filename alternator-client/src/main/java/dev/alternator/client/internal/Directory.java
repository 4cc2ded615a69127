package dev.alternator.client.internal;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.ReplicaRoutingStatus;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.affinity.DescribeTableLookup;
import dev.alternator.client.internal.affinity.KeyAffinity;
import dev.alternator.client.internal.affinity.PartitionKeyResolver;
import dev.alternator.client.internal.common.Activity;
import dev.alternator.client.internal.common.Closeables;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.common.UserAgent;
import dev.alternator.client.internal.discovery.ControlClient;
import dev.alternator.client.internal.discovery.ControlHttp;
import dev.alternator.client.internal.discovery.Discovery;
import dev.alternator.client.internal.discovery.HostResolver;
import dev.alternator.client.internal.discovery.LocalNodesFetcher;
import dev.alternator.client.internal.health.HealthMonitor;
import dev.alternator.client.internal.node.HealthPolicy;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.Topology;
import dev.alternator.client.internal.replica.ClusterReads;
import dev.alternator.client.internal.replica.ReplicaRouting;
import dev.alternator.client.internal.routing.Planner;
import dev.alternator.client.internal.sdk.ClientContext;
import dev.alternator.client.internal.sdk.ClientFactory;
import dev.alternator.client.internal.wire.Tls;
import org.jspecify.annotations.Nullable;

/**
 * One node directory, assembled from its parts: the seeds become the first
 * {@link Membership} snapshot; {@link Discovery} keeps it current; the {@link Planner}
 * builds each call's plan from it; attempts report to the {@link HealthMonitor}, which
 * quarantines and probes nodes. This class only wires the parts together, owns their
 * threads and runs the lifecycle: {@link #start()}, {@link #stop()} / {@link #resume()}
 * (discovery and probes pause; requests keep routing over the last list), and
 * {@link #close()} (final).
 * <p>
 * Thread-safe.
 */
public final class Directory implements AutoCloseable {

	private static final AtomicInteger IDS = new AtomicInteger();

	private final String name;

	private final AlternatorConfig config;

	private final Ticker ticker;

	private final DirectoryThreads threads;

	private final EventDispatcher events;

	private final ControlClient http;

	private final Membership membership;

	private final Activity activity;

	private final HealthMonitor health;

	private final Discovery discovery;

	private final @Nullable KeyAffinity keyAffinity;

	private final @Nullable DescribeTableLookup describeTable;

	private final @Nullable ReplicaRouting replicaRouting;

	private final ClientContext clientContext;

	private final Object lifecycle = new Object();

	private volatile boolean stopped;

	private volatile boolean closed;

	/**
	 * Creates a directory over the real network; nothing runs before {@link #start()}.
	 * @param config the configuration
	 * @param ticker time source
	 * @param random randomness for jitter and the rotation start
	 * @param scheduler a scheduler to run everything on, or {@code null} to own threads
	 * @return the directory
	 */
	public static Directory create(AlternatorConfig config, Ticker ticker, RandomGenerator random,
			@Nullable ScheduledExecutorService scheduler) {
		Tls tls = Tls.of(config);
		String userAgent = UserAgent.value(config);
		return new Directory(config, ticker, random, scheduler, tls, userAgent,
				(timer) -> new ControlHttp(config, tls, timer, userAgent));
	}

	Directory(AlternatorConfig config, Ticker ticker, RandomGenerator random,
			@Nullable ScheduledExecutorService scheduler, @Nullable Tls tls, String userAgent,
			Function<ScheduledExecutorService, ControlClient> controlClient) {
		this.name = "alternator-" + IDS.incrementAndGet();
		this.config = config;
		this.ticker = ticker;
		HealthPolicy healthPolicy = new HealthPolicy(config.failuresBeforeQuarantine(),
				config.quarantineInitialBackoff().toNanos(), config.quarantineMaxBackoff().toNanos(),
				config.latencyHalfLife().toNanos(), random);
		// parses every seed: a bad one fails here, before any thread exists
		this.events = new EventDispatcher(this.name + "-events");
		this.membership = new Membership(config, ticker, healthPolicy, this.events);
		this.threads = DirectoryThreads.of(this.name, scheduler);
		this.http = controlClient.apply(this.threads.timer());
		this.activity = new Activity(ticker, () -> requestCycle("request after idle period"));
		this.health = new HealthMonitor(config, ticker, this.membership, this.http, this.events, this.threads.timer(),
				this.threads.probes(), () -> requestCycle("node quarantined"));
		LocalNodesFetcher fetcher = new LocalNodesFetcher(config, this.http,
				new HostResolver(this.threads.dns(), HostResolver.DNS_TIMEOUT), this.membership);
		this.discovery = new Discovery(config, ticker, fetcher, this.membership, this.activity, this.events,
				this.threads.timer(), this.threads.discovery());
		// replicas are matched to the nodes discovery lists: with discovery off there is
		// nothing to match them to
		boolean replicaAware = config.replicaAwareRouting() && config.discoveryEnabled();
		if (config.keyAffinityMode() != KeyAffinityMode.NONE || replicaAware) {
			this.describeTable = new DescribeTableLookup(
					(customizer) -> ClientFactory.sync(clientContext(), null, null,
							ClientFactory.unobserved(customizer)),
					(customizer) -> ClientFactory.async(clientContext(), null, null,
							ClientFactory.unobserved(customizer)));
		}
		else {
			this.describeTable = null;
		}
		DescribeTableLookup lookup = this.describeTable;
		if (config.keyAffinityMode() != KeyAffinityMode.NONE && lookup != null) {
			this.keyAffinity = new KeyAffinity(config.keyAffinityMode(),
					new PartitionKeyResolver(config.partitionKeys(), lookup, ticker,
							new SplittableRandom(random.nextLong()), PartitionKeyResolver.INITIAL_BACKOFF,
							this.name + "-partition-keys"),
					this.events);
		}
		else {
			this.keyAffinity = null;
		}
		if (replicaAware && lookup != null) {
			this.replicaRouting = new ReplicaRouting(
					ClusterReads.over((request) -> lookup.describe(request), lookup::scan, lookup::query),
					this.membership, ticker, new SplittableRandom(random.nextLong()), config.placementRefreshInterval(),
					this.threads.timer(), this.threads.placement());
		}
		else {
			this.replicaRouting = null;
		}
		Planner planner = new Planner(this.membership, this.activity, this.keyAffinity, this.replicaRouting, random);
		this.clientContext = new ClientContext(this.name, config, ticker, userAgent, tls, this.membership, planner,
				this.health, this.activity, this.describeTable);
	}

	/**
	 * Starts the listener thread and runs the first discovery cycle, waiting for it at
	 * most the discovery timeout; when it does not produce nodes in time the seeds are
	 * used and discovery keeps trying.
	 */
	public void start() {
		this.events.start();
		this.discovery.start();
	}

	/**
	 * Pauses discovery, health probes and the reads of replica placement; requests keep
	 * routing over the last node list and placements (the first one routed while stopped
	 * logs a WARN). Does nothing once closed.
	 */
	public void stop() {
		synchronized (this.lifecycle) {
			if (this.closed || this.stopped) {
				return;
			}
			this.stopped = true;
			this.activity.stopped(true);
			this.discovery.stopped(true);
			this.health.stopped(true);
			if (this.replicaRouting != null) {
				this.replicaRouting.paused(true);
			}
		}
		Logging.LOGGER.debug("Node discovery and health probes of {} stopped", this.name);
	}

	/**
	 * Resumes discovery (with a cycle now) and health probes after {@link #stop()}. Does
	 * nothing once closed.
	 */
	public void resume() {
		synchronized (this.lifecycle) {
			if (this.closed || !this.stopped) {
				return;
			}
			this.stopped = false;
			this.activity.stopped(false);
			this.health.stopped(false);
			this.discovery.stopped(false);
			if (this.replicaRouting != null) {
				this.replicaRouting.paused(false);
			}
		}
		Logging.LOGGER.debug("Node discovery and health probes of {} started again", this.name);
	}

	/**
	 * Whether discovery and probes are paused by {@link #stop()}.
	 * @return whether stopped
	 */
	public boolean isStopped() {
		return this.stopped;
	}

	/**
	 * What SDK clients built over this directory use.
	 * @return the context
	 */
	public ClientContext clientContext() {
		return this.clientContext;
	}

	/**
	 * The directory's name, the prefix of its threads' names.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The configuration.
	 * @return the configuration
	 */
	public AlternatorConfig config() {
		return this.config;
	}

	/**
	 * The scope of the current node list.
	 * @return the active scope
	 */
	public RoutingScope activeScope() {
		return this.membership.activeScope();
	}

	/**
	 * Status of every node of the routing list, in canonical order.
	 * @return the statuses
	 */
	public List<NodeStatus> nodeStatuses() {
		return this.membership.nodeStatuses();
	}

	/**
	 * The current node list.
	 * @return the nodes in canonical order
	 */
	public List<Node> nodes() {
		return this.membership.topology().nodes();
	}

	/**
	 * Whether the node list still is the seed list because discovery never succeeded.
	 * @return whether routing uses the seeds
	 */
	public boolean usingSeeds() {
		return this.membership.topology().fromSeeds();
	}

	/**
	 * Whether any node of the cluster ever answered.
	 * @return whether reached
	 */
	public boolean clusterReached() {
		return this.membership.reached();
	}

	/**
	 * The last discovery cycle's result.
	 * @return the result, or {@code null} before the first cycle ended
	 */
	public @Nullable DiscoveryResult lastDiscovery() {
		return this.discovery.lastResult();
	}

	/**
	 * How many times the node list moved to a broader scope.
	 * @return the count
	 */
	public long fallbackCount() {
		return this.membership.fallbackCount();
	}

	/**
	 * How many discovery cycles ended with an outcome.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long discoveryCycles(DiscoveryResult.Outcome outcome) {
		return this.discovery.cycles(outcome);
	}

	/**
	 * Total time of the discovery cycles that ended with an outcome.
	 * @param outcome the outcome
	 * @return the time
	 */
	public Duration discoveryTime(DiscoveryResult.Outcome outcome) {
		return this.discovery.cycleTime(outcome);
	}

	/**
	 * Attempts with an outcome sent to a node of the current list.
	 * @param address the node's address as listed
	 * @param outcome the outcome
	 * @return the count, 0 for a node not in the list
	 */
	public long nodeAttempts(String address, AttemptOutcome outcome) {
		Node node = listed(address);
		return (node != null) ? node.attempts(outcome) : 0;
	}

	/**
	 * The answer-time estimate of a node of the current list.
	 * @param address the node's address as listed
	 * @return the estimate in nanoseconds, 0 for a node not in the list
	 */
	public double nodeLatencyNanos(String address) {
		Node node = listed(address);
		return (node != null) ? node.load().estimateNanos(this.ticker.now()) : 0;
	}

	/**
	 * The attempts in flight to a node of the current list.
	 * @param address the node's address as listed
	 * @return the count, 0 for a node not in the list
	 */
	public int nodeInFlight(String address) {
		Node node = listed(address);
		return (node != null) ? node.load().inFlight() : 0;
	}

	private @Nullable Node listed(String address) {
		Topology topology = this.membership.topology();
		for (int i = 0; i < topology.size(); i++) {
			if (topology.node(i).address().equals(address)) {
				return topology.node(i);
			}
		}
		return null;
	}

	/**
	 * Calls not sent again after an attempt to a node of the current list may have
	 * reached it.
	 * @param address the node's address as listed
	 * @return the count, 0 for a node not in the list
	 */
	public long nodeWritesNotRetried(String address) {
		for (Node node : this.membership.topology().nodes()) {
			if (node.address().equals(address)) {
				return node.writesNotRetried();
			}
		}
		return 0;
	}

	/**
	 * Writes that qualified for key affinity and whether their key's node was known.
	 * @param hit {@code true} for writes routed by their key, {@code false} for those
	 * that could not be (table's key not known yet)
	 * @return the count
	 */
	public long keyAffinityCount(boolean hit) {
		KeyAffinity affinity = this.keyAffinity;
		return (affinity != null) ? affinity.count(hit) : 0;
	}

	/**
	 * Single-key requests by whether their first attempt went to a replica of their key.
	 * @param hit {@code true} for requests that started at a replica, {@code false} for
	 * the others
	 * @return the count, 0 with replica-aware routing off
	 */
	public long replicaRoutingCount(boolean hit) {
		ReplicaRouting routing = this.replicaRouting;
		return (routing != null) ? routing.count(hit) : 0;
	}

	/**
	 * Whether replica-aware routing applies: configured on, with discovery on.
	 * @return whether single-key requests may start at their key's replicas
	 */
	public boolean replicaRoutingActive() {
		return this.replicaRouting != null;
	}

	/**
	 * Replica-aware routing's view of each tracked table.
	 * @return the statuses by table name, empty with replica-aware routing off
	 */
	public List<ReplicaRoutingStatus> replicaRouting() {
		ReplicaRouting routing = this.replicaRouting;
		return (routing != null) ? routing.statuses() : List.of();
	}

	/**
	 * Asks for a discovery cycle now.
	 * @param reason why, for DEBUG logging
	 */
	public void requestCycle(String reason) {
		if (!this.closed && !this.stopped) {
			this.discovery.requestCycle(reason);
		}
	}

	/**
	 * Adds a listener.
	 * @param listener the listener
	 */
	public void addListener(AlternatorListener listener) {
		this.events.add(listener);
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void removeListener(AlternatorListener listener) {
		this.events.remove(listener);
	}

	/**
	 * Whether {@link #close()} was called.
	 * @return whether closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Stops discovery and probes for good, joins the threads (at most 5 s), closes the
	 * HTTP client and delivers the queued listener events.
	 */
	@Override
	public void close() {
		synchronized (this.lifecycle) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.discovery.stopped(true);
			this.health.stopped(true);
		}
		if (this.replicaRouting != null) {
			this.replicaRouting.close();
		}
		this.threads.close();
		if (this.keyAffinity != null) {
			this.keyAffinity.close();
		}
		Closeables.closeQuietly(this.describeTable);
		this.http.close();
		this.events.close();
	}

	@Override
	public String toString() {
		return this.name + "[scope=" + activeScope() + ", nodes=" + nodes() + "]";
	}

}
