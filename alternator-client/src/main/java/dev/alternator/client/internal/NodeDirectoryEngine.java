package dev.alternator.client.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.RoutingScope;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.core.SdkRequest;

/**
 * The node directory: discovers live nodes with {@code GET /localnodes}, keeps an
 * immutable topology snapshot, tracks node health, probes quarantined nodes and builds
 * query plans.
 * <p>
 * Threads: one scheduled pool ({@value #SCHEDULER_THREADS} daemon threads) runs discovery
 * cycles (serialized), health probes (one chain per quarantined node) and request
 * deadlines; a small daemon pool resolves host names with a deadline; one daemon thread
 * delivers listener events; with key affinity on, one daemon thread reads partition keys
 * ({@code DescribeTable}). {@link #close()} stops them all.
 * <p>
 * Thread-safe.
 */
public final class NodeDirectoryEngine implements AutoCloseable {

	static final int SCHEDULER_THREADS = 3;

	/**
	 * How precisely the time of the last request is kept (far below any refresh
	 * interval).
	 */
	private static final long ACTIVITY_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	static final Duration DNS_TIMEOUT = Duration.ofSeconds(3);

	static final int MAX_ADDRESSES_PER_NAME = 8;

	/**
	 * After this many empty answers for one scope in one cycle, the scope counts as
	 * empty.
	 */
	static final int EMPTY_ANSWERS_PER_SCOPE = 2;

	private static final Logger logger = Logging.LOGGER;

	private static final AtomicInteger IDS = new AtomicInteger();

	private final AlternatorConfig config;

	private final Ticker ticker;

	private final HealthPolicy healthPolicy;

	private final ScheduledExecutorService scheduler;

	private final boolean ownsScheduler;

	private final ExecutorService dnsExecutor;

	private final ControlHttp http;

	private final EventDispatcher events;

	private final AtomicReference<Topology> topology = new AtomicReference<>();

	private final Map<String, Node> nodesByKey = new ConcurrentHashMap<>();

	private final Set<Node> probing = ConcurrentHashMap.newKeySet();

	private final Map<String, Future<?>> pendingLookups = new ConcurrentHashMap<>();

	private final Map<String, List<String>> lastAnswerBySeed = new ConcurrentHashMap<>();

	private final AtomicInteger rotation;

	private final AtomicLong fallbacks = new AtomicLong();

	private final AtomicLong versions = new AtomicLong();

	private final Object cycleLock = new Object();

	private final Object scheduleLock = new Object();

	private final String name;

	private final String userAgent;

	private final @Nullable Tls tls;

	private final @Nullable KeyAffinity keyAffinity;

	private final @Nullable DescribeTableLookup describeTable;

	private volatile long lastActivityNanos;

	private volatile boolean idleSleep;

	private volatile long lastTriggeredRefreshNanos = Long.MIN_VALUE;

	private volatile @Nullable DiscoveryResult lastDiscovery;

	private volatile @Nullable RoutingScope activeScope;

	private volatile boolean closed;

	private @Nullable ScheduledFuture<?> nextCycle;

	private long nextCycleAtNanos = Long.MAX_VALUE;

	/**
	 * Creates the directory and runs the first discovery cycle, waiting for it at most
	 * the discovery timeout; when it does not produce nodes in time the seeds are used
	 * and discovery keeps trying.
	 * @param config the configuration
	 * @param ticker time source
	 * @param random randomness for jitter and the rotation start
	 * @param scheduler the scheduler to use, or {@code null} to own one
	 */
	public NodeDirectoryEngine(AlternatorConfig config, Ticker ticker, RandomGenerator random,
			@Nullable ScheduledExecutorService scheduler) {
		this.config = config;
		this.ticker = ticker;
		this.name = "alternator-" + IDS.incrementAndGet();
		this.healthPolicy = new HealthPolicy(config.failuresBeforeQuarantine(),
				config.quarantineInitialBackoff().toNanos(), config.quarantineMaxBackoff().toNanos(), random);
		this.rotation = new AtomicInteger(random.nextInt());
		this.userAgent = UserAgent.value(config);
		this.tls = Tls.of(config);
		if (scheduler != null) {
			this.scheduler = scheduler;
			this.ownsScheduler = false;
		}
		else {
			ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(SCHEDULER_THREADS,
					daemonThreads(this.name + "-directory"));
			pool.setRemoveOnCancelPolicy(true);
			this.scheduler = pool;
			this.ownsScheduler = true;
		}
		this.dnsExecutor = Executors.newFixedThreadPool(2, daemonThreads(this.name + "-dns"));
		this.events = new EventDispatcher(this.name + "-events");
		this.http = new ControlHttp(config, this.tls, this.scheduler, this.userAgent);
		if (config.keyAffinityMode() != KeyAffinityMode.NONE) {
			this.describeTable = new DescribeTableLookup(this);
			this.keyAffinity = new KeyAffinity(config.keyAffinityMode(),
					new PartitionKeyResolver(config.partitionKeys(), this.describeTable, ticker,
							new SplittableRandom(random.nextLong()), PartitionKeyResolver.INITIAL_BACKOFF,
							this.name + "-partition-keys"),
					this.events);
		}
		else {
			this.describeTable = null;
			this.keyAffinity = null;
		}
		this.lastActivityNanos = ticker.now();
		publishSeeds();
	}

	/**
	 * Runs the first discovery cycle, bounded by the discovery timeout, then schedules
	 * the refresh loop.
	 */
	public void start() {
		if (!this.config.discoveryEnabled()) {
			logger.info("Node discovery is off: routing over the seed hosts {}", this.config.seedHosts());
			return;
		}
		Future<?> first = this.scheduler.submit(this::runCycle);
		try {
			first.get(this.config.discoveryTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Initial node discovery did not finish within {}, using seed hosts {} until it does",
					this.config.discoveryTimeout(), this.config.seedHosts());
		}
		catch (ExecutionException ex) {
			logger.warn("Initial node discovery failed, using seed hosts {}", this.config.seedHosts(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.topology.get().fromSeeds() && first.isDone()) {
			logger.warn("Initial node discovery failed, using seed hosts {}", this.config.seedHosts());
		}
	}

	static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	// ---------------------------------------------------------------- accessors

	/**
	 * The directory's name, the prefix of its threads' names.
	 * @return the name, e.g. {@code alternator-1}
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
	 * The time source.
	 * @return the ticker
	 */
	public Ticker ticker() {
		return this.ticker;
	}

	/**
	 * The current topology snapshot.
	 * @return the snapshot
	 */
	public Topology topology() {
		return this.topology.get();
	}

	/**
	 * The scope of the current node list.
	 * @return the active scope
	 */
	public RoutingScope activeScope() {
		RoutingScope scope = this.activeScope;
		return (scope != null) ? scope : this.config.routingScope();
	}

	/**
	 * The last discovery cycle's result.
	 * @return the result, or {@code null} before the first cycle ended
	 */
	public @Nullable DiscoveryResult lastDiscovery() {
		return this.lastDiscovery;
	}

	/**
	 * How many discovery cycles fell back to a broader scope.
	 * @return the count
	 */
	public long fallbackCount() {
		return this.fallbacks.get();
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
	 * The listener dispatcher.
	 * @return the dispatcher
	 */
	public EventDispatcher events() {
		return this.events;
	}

	/**
	 * The user agent sent with every request.
	 * @return the user agent
	 */
	public String userAgent() {
		return this.userAgent;
	}

	/**
	 * The TLS settings shared by discovery and the clients.
	 * @return the settings, or {@code null} for {@code http}
	 */
	public @Nullable Tls tls() {
		return this.tls;
	}

	/**
	 * An endpoint for the SDK's endpoint resolution; every attempt's host is replaced by
	 * the plan's node before signing.
	 * @return the placeholder endpoint
	 */
	public URI placeholderEndpoint() {
		return URI.create(this.config.scheme() + "://" + Endpoints.uriHost(this.config.seedHosts().get(0)) + ":"
				+ this.config.port());
	}

	/**
	 * The node an outgoing request is addressed to.
	 * @param host the request host
	 * @param port the request port
	 * @return the node, or {@code null} if it is not (or no longer) in the routing list
	 */
	public @Nullable Node nodeFor(String host, int port) {
		return (port == this.config.port()) ? this.nodesByKey.get(host) : null;
	}

	// ---------------------------------------------------------------- routing

	/**
	 * A plan for one call over the current snapshot; counts as activity.
	 * @return the plan
	 */
	public QueryPlan newPlan() {
		markActivity();
		Topology current = this.topology.get();
		int start = Math.floorMod(this.rotation.getAndIncrement(), current.size());
		return new RotatingPlan(current, start);
	}

	/**
	 * A plan for one call: routed by the request's partition key when key affinity
	 * applies to it, else {@linkplain #newPlan() round-robin}; counts as activity.
	 * @param request the typed SDK request
	 * @return the plan
	 */
	public QueryPlan newPlan(SdkRequest request) {
		KeyAffinity affinity = this.keyAffinity;
		if (affinity != null) {
			QueryPlan plan = affinity.plan(request, this.topology.get());
			if (plan != null) {
				markActivity();
				return plan;
			}
		}
		return newPlan();
	}

	/**
	 * The {@code DescribeTable} lookup of key affinity, which the client factory tells
	 * the customizer of the first client built over this directory.
	 * @return the lookup, or {@code null} without key affinity
	 */
	@Nullable DescribeTableLookup describeTableLookup() {
		return this.describeTable;
	}

	/**
	 * When a request was last routed, to the millisecond.
	 * @return the ticker's value then (the directory's creation before any request)
	 */
	long lastActivityNanos() {
		return this.lastActivityNanos;
	}

	/**
	 * Notes that a request was routed: keeps discovery in its active interval and wakes
	 * it up from idle sleep.
	 */
	public void markActivity() {
		long now = this.ticker.now();
		// written at most once per millisecond: request threads on every core would
		// otherwise keep stealing the cache line from each other
		if (now - this.lastActivityNanos >= ACTIVITY_RESOLUTION_NANOS) {
			this.lastActivityNanos = now;
		}
		if (this.idleSleep) {
			this.idleSleep = false;
			requestCycle("request after idle period");
		}
	}

	/**
	 * Records the outcome of one attempt to a node.
	 * @param node the node
	 * @param outcome the outcome
	 * @param cause a failure description (ignored on success)
	 * @param durationNanos how long the attempt took
	 */
	public void recordAttempt(Node node, AttemptOutcome outcome, String cause, long durationNanos) {
		node.countAttempt(outcome != AttemptOutcome.SUCCESS);
		NodeHealth.Transition transition = node.health().record(outcome, cause, this.ticker.now());
		onTransition(node, transition);
		if (this.events.hasListeners()) {
			String address = node.address();
			Duration duration = Duration.ofNanos(durationNanos);
			this.events.publish((listener) -> listener.attemptCompleted(address, outcome, duration));
		}
	}

	/**
	 * Records an attempt that got an HTTP answer (5xx counts as a server error).
	 * @param node the node
	 * @param status the HTTP status
	 * @param startNanos the ticker's value when the attempt started
	 */
	void recordAnswer(Node node, int status, long startNanos) {
		AttemptOutcome outcome = Failures.ofStatus(status);
		// the cause is only read for failures: no string built on the success path
		recordAttempt(node, outcome, (outcome == AttemptOutcome.SUCCESS) ? "" : "status " + status,
				this.ticker.now() - startNanos);
	}

	/**
	 * Records an attempt that failed without an answer.
	 * @param node the node
	 * @param failure what the HTTP client threw or reported
	 * @param timedOut whether the SDK abandoned the attempt at its attempt timeout
	 * @param startNanos the ticker's value when the attempt started
	 */
	void recordFailure(Node node, Throwable failure, boolean timedOut, long startNanos) {
		recordAttempt(node, timedOut ? AttemptOutcome.TIMEOUT : Failures.classify(failure),
				timedOut ? "attempt timeout" : Failures.describe(failure), this.ticker.now() - startNanos);
	}

	private void onTransition(Node node, NodeHealth.Transition transition) {
		if (transition == NodeHealth.Transition.QUARANTINED) {
			NodeStatus status = node.status(this.ticker);
			String cause = String.valueOf(status.quarantineCause());
			logger.warn("Node {} quarantined: {}; next probe at {}", node.address(), cause, status.quarantinedUntil());
			this.events.publish((listener) -> listener.nodeQuarantined(status, cause));
			scheduleProbe(node);
			long now = this.ticker.now();
			if (now - this.lastTriggeredRefreshNanos >= this.config.activeRefreshInterval().toNanos()) {
				this.lastTriggeredRefreshNanos = now;
				requestCycle("node quarantined");
			}
		}
		else if (transition == NodeHealth.Transition.RELEASED) {
			NodeStatus status = node.status(this.ticker);
			logger.info("Node {} is active again", node.address());
			this.events.publish((listener) -> listener.nodeReleased(status, "request or health probe succeeded"));
		}
	}

	// ---------------------------------------------------------------- health probes

	private void scheduleProbe(Node node) {
		if (this.closed || !this.probing.add(node)) {
			return;
		}
		scheduleProbeAt(node, node.health().snapshot().nextProbeAtNanos());
	}

	private void scheduleProbeAt(Node node, long atNanos) {
		long delay = Math.max(0, atNanos - this.ticker.now());
		try {
			this.scheduler.schedule(() -> probe(node), delay, TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			this.probing.remove(node);
		}
	}

	private void probe(Node node) {
		if (this.closed || node.isActive() || this.nodesByKey.get(node.key()) != node) {
			this.probing.remove(node);
			return;
		}
		long due = node.health().snapshot().nextProbeAtNanos();
		if (this.ticker.now() < due) {
			scheduleProbeAt(node, due);
			return;
		}
		boolean healthy;
		String detail;
		try {
			ControlHttp.Response response = this.http.get(URI.create(node.endpoint() + "/"),
					this.config.discoveryTimeout());
			healthy = response.status() == 200;
			detail = "status " + response.status();
		}
		catch (IOException | RuntimeException ex) {
			healthy = false;
			detail = String.valueOf(ex.getMessage());
		}
		NodeHealth.Transition transition = node.health().recordProbe(healthy, detail, this.ticker.now());
		if (transition == NodeHealth.Transition.RELEASED) {
			this.probing.remove(node);
			onTransition(node, transition);
			return;
		}
		if (node.isActive()) {
			this.probing.remove(node);
			return;
		}
		logger.debug("Health probe of {} failed ({}); next at {}", node.address(), detail,
				node.status(this.ticker).quarantinedUntil());
		scheduleProbeAt(node, node.health().snapshot().nextProbeAtNanos());
	}

	// ---------------------------------------------------------------- discovery loop

	/**
	 * Asks for a discovery cycle soon (now, unless one is already due sooner).
	 * @param reason why, for DEBUG logging
	 */
	public void requestCycle(String reason) {
		logger.debug("Discovery requested: {}", reason);
		scheduleCycle(0);
	}

	private void scheduleCycle(long delayNanos) {
		if (this.closed || !this.config.discoveryEnabled()) {
			return;
		}
		synchronized (this.scheduleLock) {
			long at = this.ticker.now() + delayNanos;
			ScheduledFuture<?> pending = this.nextCycle;
			if (pending != null && !pending.isDone()) {
				if (this.nextCycleAtNanos <= at) {
					return;
				}
				pending.cancel(false);
			}
			this.nextCycleAtNanos = at;
			try {
				this.nextCycle = this.scheduler.schedule(this::runCycle, delayNanos, TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				if (!this.closed) {
					logger.warn("Could not schedule node discovery", ex);
				}
			}
		}
	}

	private void runCycle() {
		if (this.closed) {
			return;
		}
		synchronized (this.scheduleLock) {
			// this run consumes the pending schedule; the next one is scheduled below
			this.nextCycle = null;
			this.nextCycleAtNanos = Long.MAX_VALUE;
		}
		synchronized (this.cycleLock) {
			try {
				cycle();
			}
			catch (RuntimeException ex) {
				logger.warn("Node discovery failed unexpectedly; keeping existing node list", ex);
			}
		}
		long idleFor = this.ticker.now() - this.lastActivityNanos;
		boolean idle = idleFor >= this.config.idleRefreshInterval().toNanos();
		this.idleSleep = idle;
		scheduleCycle(
				idle ? this.config.idleRefreshInterval().toNanos() : this.config.activeRefreshInterval().toNanos());
	}

	private void cycle() {
		long started = this.ticker.now();
		RoutingScope configured = this.config.routingScope();
		String lastAsked = null;
		for (RoutingScope scope : this.config.scopeChain()) {
			Answer answer = discover(scope);
			if (answer.askedHost() != null) {
				lastAsked = answer.askedHost();
			}
			if (!answer.hosts().isEmpty()) {
				DiscoveryResult.Outcome outcome = scope.equals(configured) ? DiscoveryResult.Outcome.SUCCESS
						: DiscoveryResult.Outcome.FALLBACK;
				DiscoveryResult result = new DiscoveryResult(outcome, scope, answer.askedHost(), answer.hosts().size(),
						Duration.ofNanos(this.ticker.now() - started), now(),
						answer.hosts().size() + " nodes in " + scope);
				// readers that see the new node list see the result that produced it
				this.lastDiscovery = result;
				publish(scope, answer.hosts());
				finishCycle(result);
				return;
			}
			logger.debug("No nodes in {}", scope);
		}
		logger.warn("Node discovery found no nodes in {}; keeping existing node list of {} nodes",
				this.config.scopeChain(), this.topology.get().size());
		finishCycle(new DiscoveryResult(DiscoveryResult.Outcome.FAILED, configured, lastAsked, 0,
				Duration.ofNanos(this.ticker.now() - started), now(), "no nodes found; keeping existing node list"));
	}

	private Instant now() {
		return this.ticker.clock().instant();
	}

	private void finishCycle(DiscoveryResult result) {
		this.lastDiscovery = result;
		this.events.publish((listener) -> listener.discoveryCompleted(result));
	}

	private Answer discover(RoutingScope scope) {
		String query = ScopeQuery.query(scope.datacenter(), scope.rack());
		if (scope.datacenter() == null) {
			return discoverCluster(query);
		}
		return discoverScoped(query);
	}

	/**
	 * Cluster scope: {@code /localnodes} lists one datacenter, so every seed is asked
	 * (one per datacenter is expected) and the answers are united. A seed that does not
	 * answer is replaced by the nodes of its previous answer, so its datacenter stays
	 * covered.
	 */
	private Answer discoverCluster(String query) {
		Set<String> union = new LinkedHashSet<>();
		String asked = null;
		for (String seed : this.config.seedHosts()) {
			Fetched fetched = fetch(seed, query);
			asked = seed;
			if (fetched.hosts() != null && !fetched.hosts().isEmpty()) {
				this.lastAnswerBySeed.put(seed, fetched.hosts());
				union.addAll(fetched.hosts());
				continue;
			}
			List<String> previous = this.lastAnswerBySeed.getOrDefault(seed, currentAddresses());
			for (String host : previous) {
				if (host.equals(seed)) {
					continue;
				}
				Fetched replacement = fetch(host, query);
				asked = host;
				if (replacement.hosts() != null && !replacement.hosts().isEmpty()) {
					this.lastAnswerBySeed.put(seed, replacement.hosts());
					union.addAll(replacement.hosts());
					break;
				}
			}
		}
		return new Answer(List.copyOf(union), asked);
	}

	/**
	 * Datacenter or rack scope: candidates are the seeds, then the current nodes; the
	 * first non-empty answer wins. Errors move to the next candidate; after
	 * {@value #EMPTY_ANSWERS_PER_SCOPE} empty answers the scope counts as empty.
	 */
	private Answer discoverScoped(String query) {
		Set<String> candidates = new LinkedHashSet<>(this.config.seedHosts());
		candidates.addAll(currentAddresses());
		int empty = 0;
		String asked = null;
		for (String host : candidates) {
			if (this.closed) {
				break;
			}
			Fetched fetched = fetch(host, query);
			asked = host;
			if (fetched.hosts() == null) {
				continue;
			}
			if (!fetched.hosts().isEmpty()) {
				return new Answer(fetched.hosts(), host);
			}
			if (++empty >= EMPTY_ANSWERS_PER_SCOPE) {
				break;
			}
		}
		return new Answer(List.of(), asked);
	}

	private List<String> currentAddresses() {
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
	 * Asks one host for {@code /localnodes}.
	 * @return the hosts listed ({@code null} when the host gave no usable answer)
	 */
	private Fetched fetch(String host, String query) {
		if (this.closed) {
			return new Fetched(null);
		}
		if (!resolvable(host)) {
			return new Fetched(null);
		}
		URI uri = URI.create(this.config.scheme() + "://" + Endpoints.uriHost(host) + ":" + this.config.port()
				+ "/localnodes" + (query.isEmpty() ? "" : "?" + query));
		try {
			ControlHttp.Response response = this.http.get(uri, this.config.discoveryTimeout());
			if (response.status() != 200) {
				logger.warn("Discovery request {} answered status {}", uri, response.status());
				return new Fetched(null);
			}
			LocalNodesParser.Result parsed = LocalNodesParser.parse(response.body(), this.config.scheme(),
					this.config.port());
			if (!parsed.ok()) {
				logger.warn("Discovery request {} answered a malformed body ({}); ignoring it", uri, parsed.message());
				return new Fetched(null);
			}
			for (String skipped : parsed.skipped()) {
				logger.warn("Discovery request {} listed an invalid address '{}'; skipping it", uri, skipped);
			}
			return new Fetched(parsed.hosts());
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Discovery request {} failed: {}", uri, ex.toString());
			return new Fetched(null);
		}
	}

	/**
	 * Resolves a host name with a deadline (the JDK's lookup has none), so a hung DNS
	 * server cannot stall discovery; IP literals need no lookup. The lookup warms the
	 * JVM's DNS cache for the HTTP client. A lookup still pending from an earlier cycle
	 * makes the host skipped.
	 */
	private boolean resolvable(String host) {
		if (isIpLiteral(host)) {
			return true;
		}
		Future<?> pending = this.pendingLookups.get(host);
		if (pending != null && !pending.isDone()) {
			logger.warn("Name lookup of {} is still pending; skipping it this cycle", host);
			return false;
		}
		CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
		try {
			this.dnsExecutor.execute(() -> {
				try {
					lookup.complete(InetAddress.getAllByName(host));
				}
				catch (UnknownHostException | RuntimeException ex) {
					lookup.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			return false;
		}
		this.pendingLookups.put(host, lookup);
		try {
			InetAddress[] addresses = lookup.get(DNS_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
			logger.debug("{} resolved to {} addresses (using at most {})", host, addresses.length,
					MAX_ADDRESSES_PER_NAME);
			return addresses.length > 0;
		}
		catch (TimeoutException ex) {
			logger.warn("Name lookup of {} took longer than {}; skipping it this cycle", host, DNS_TIMEOUT);
			return false;
		}
		catch (ExecutionException ex) {
			logger.warn("Name lookup of {} failed: {}", host, ex.getCause().toString());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static boolean isIpLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
	}

	// ---------------------------------------------------------------- publication

	private void publishSeeds() {
		List<Node> seeds = new ArrayList<>();
		for (String seed : this.config.seedHosts()) {
			seeds.add(new Node(seed, this.config.scheme(), this.config.port(), this.healthPolicy));
		}
		Topology initial = new Topology(dedupe(seeds), this.config.routingScope(), this.versions.incrementAndGet(),
				true);
		for (Node node : initial.nodes()) {
			this.nodesByKey.put(node.key(), node);
		}
		this.topology.set(initial);
	}

	private static List<Node> dedupe(List<Node> nodes) {
		Map<String, Node> byCanonical = new LinkedHashMap<>();
		for (Node node : nodes) {
			byCanonical.putIfAbsent(node.canonical(), node);
		}
		return new ArrayList<>(byCanonical.values());
	}

	private void publish(RoutingScope scope, List<String> hosts) {
		Topology previous = this.topology.get();
		Map<String, Node> known = new HashMap<>();
		for (Node node : previous.nodes()) {
			known.put(node.canonical(), node);
		}
		List<Node> fresh = new ArrayList<>();
		for (String host : hosts) {
			Node candidate = new Node(host, this.config.scheme(), this.config.port(), this.healthPolicy);
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
		Topology next = new Topology(nodes, scope, this.versions.incrementAndGet(), false);
		for (Node node : nodes) {
			this.nodesByKey.put(node.key(), node);
		}
		this.topology.set(next);
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

	// ---------------------------------------------------------------- lifecycle

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
	 * Stops discovery and probes, joins the threads (at most 5 s), closes the HTTP
	 * client.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		synchronized (this.scheduleLock) {
			if (this.nextCycle != null) {
				this.nextCycle.cancel(false);
			}
		}
		if (this.ownsScheduler) {
			this.scheduler.shutdownNow();
			try {
				this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.keyAffinity != null) {
			this.keyAffinity.close();
		}
		ClientFactory.closeQuietly(this.describeTable);
		this.dnsExecutor.shutdownNow();
		this.http.close();
		this.events.close();
	}

	private record Answer(List<String> hosts, @Nullable String askedHost) {

	}

	private record Fetched(@Nullable List<String> hosts) {

	}

}
