package dev.alternator.client.internal.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.DiscoveryResult;
import dev.alternator.client.RoutingScope;
import dev.alternator.client.internal.common.Activity;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.node.Membership;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The discovery loop: every cycle asks {@code GET /localnodes} over the scope chain
 * (configured scope, then the broader ones when fallback is on) and publishes the first
 * non-empty answer to the {@link Membership}. A cycle that finds no node keeps the
 * existing list.
 * <p>
 * Cycles run one at a time on the discovery executor; the timer only decides when. The
 * next cycle follows after the active refresh interval while requests flow, after the
 * idle interval otherwise. A trigger (a quarantine, the first request after an idle
 * period, the application) asks for a cycle now; triggers that arrive while a cycle is
 * queued are absorbed by it, and those that arrive while one runs make exactly one more
 * cycle follow it. No lock is held while a request is in flight, and every request ends
 * within the discovery timeout, so a slow or trickling node delays a cycle by at most
 * that much per host asked.
 * <p>
 * Thread-safe.
 */
public final class Discovery {

	/**
	 * After this many empty answers for one scope in one cycle, the scope counts as
	 * empty.
	 */
	static final int EMPTY_ANSWERS_PER_SCOPE = 2;

	/**
	 * Most invalid entries quoted in the one WARN line a cycle logs about them.
	 */
	static final int SKIPPED_SAMPLES = 3;

	private static final Logger logger = Logging.LOGGER;

	private final AlternatorConfig config;

	private final Ticker ticker;

	private final LocalNodesFetcher fetcher;

	private final Membership membership;

	private final Activity activity;

	private final EventDispatcher events;

	private final ScheduledExecutorService timer;

	private final Executor worker;

	private final Map<String, List<String>> lastAnswerBySeed = new ConcurrentHashMap<>();

	private final Map<DiscoveryResult.Outcome, LongAdder> cycles = new EnumMap<>(DiscoveryResult.Outcome.class);

	private final Map<DiscoveryResult.Outcome, LongAdder> cycleNanos = new EnumMap<>(DiscoveryResult.Outcome.class);

	private final CompletableFuture<Void> firstCycle = new CompletableFuture<>();

	private final Object lock = new Object();

	// guarded by lock
	private State state = State.WAITING;

	// guarded by lock
	private boolean again;

	// guarded by lock
	private @Nullable ScheduledFuture<?> nextTimer;

	// guarded by lock
	private long nextAtNanos = Long.MAX_VALUE;

	private volatile boolean stopped;

	private volatile @Nullable DiscoveryResult lastResult;

	private enum State {

		/** Nothing queued or running; a timer may be pending. */
		WAITING,

		/** A cycle is handed to the executor and has not started. */
		QUEUED,

		/** A cycle is running. */
		RUNNING

	}

	/**
	 * Creates the loop; nothing runs before {@link #start()}.
	 * @param config the configuration
	 * @param ticker the time source
	 * @param fetcher asks one host
	 * @param membership receives the lists
	 * @param activity tells whether requests flow
	 * @param events listener events
	 * @param timer decides when cycles run; must not be used for I/O
	 * @param worker runs the cycles
	 */
	public Discovery(AlternatorConfig config, Ticker ticker, LocalNodesFetcher fetcher, Membership membership,
			Activity activity, EventDispatcher events, ScheduledExecutorService timer, Executor worker) {
		this.config = config;
		this.ticker = ticker;
		this.fetcher = fetcher;
		this.membership = membership;
		this.activity = activity;
		this.events = events;
		this.timer = timer;
		this.worker = worker;
		for (DiscoveryResult.Outcome outcome : DiscoveryResult.Outcome.values()) {
			this.cycles.put(outcome, new LongAdder());
			this.cycleNanos.put(outcome, new LongAdder());
		}
	}

	/**
	 * Runs the first cycle, waiting for it at most the discovery timeout (it keeps
	 * running after that), then keeps the loop going. When the first cycle does not
	 * produce nodes in time, routing uses the seeds.
	 */
	public void start() {
		if (!this.config.discoveryEnabled()) {
			logger.info("Node discovery is off: routing over the seed hosts {}", this.config.seedHosts());
			return;
		}
		requestCycle("directory started");
		try {
			this.firstCycle.get(this.config.discoveryTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Initial node discovery did not finish within {}, using seed hosts {} until it does",
					this.config.discoveryTimeout(), this.config.seedHosts());
			return;
		}
		catch (ExecutionException ex) {
			// never completed exceptionally
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (this.membership.topology().fromSeeds()) {
			DiscoveryResult result = this.lastResult;
			logger.warn("Initial node discovery failed ({}), using seed hosts {}",
					(result != null) ? result.message() : "no answer", this.config.seedHosts());
		}
	}

	/**
	 * Asks for a cycle now, unless one is queued already; during a running cycle, asks
	 * for one more after it.
	 * @param reason why, for DEBUG logging
	 */
	public void requestCycle(String reason) {
		logger.debug("Discovery requested: {}", reason);
		synchronized (this.lock) {
			if (this.state == State.RUNNING) {
				this.again = true;
				return;
			}
			if (this.state == State.QUEUED) {
				return;
			}
		}
		schedule(0);
	}

	/**
	 * Stops the loop (pending cycles do not run) or starts it again with a cycle now.
	 * @param stopped whether stopped
	 */
	public void stopped(boolean stopped) {
		this.stopped = stopped;
		if (stopped) {
			synchronized (this.lock) {
				if (this.nextTimer != null) {
					this.nextTimer.cancel(false);
					this.nextTimer = null;
				}
				this.nextAtNanos = Long.MAX_VALUE;
				this.again = false;
			}
		}
		else {
			requestCycle("directory started again");
		}
	}

	/**
	 * The last cycle's result.
	 * @return the result, or {@code null} before the first cycle ended
	 */
	public @Nullable DiscoveryResult lastResult() {
		return this.lastResult;
	}

	/**
	 * How many cycles ended with an outcome.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long cycles(DiscoveryResult.Outcome outcome) {
		return this.cycles.get(outcome).sum();
	}

	/**
	 * How long the cycles that ended with an outcome took in all.
	 * @param outcome the outcome
	 * @return the total time
	 */
	public Duration cycleTime(DiscoveryResult.Outcome outcome) {
		return Duration.ofNanos(this.cycleNanos.get(outcome).sum());
	}

	private void schedule(long delayNanos) {
		if (this.stopped || !this.config.discoveryEnabled()) {
			return;
		}
		synchronized (this.lock) {
			long at = this.ticker.now() + delayNanos;
			ScheduledFuture<?> pending = this.nextTimer;
			if (pending != null && !pending.isDone()) {
				if (this.nextAtNanos <= at) {
					return;
				}
				pending.cancel(false);
			}
			this.nextAtNanos = at;
			try {
				this.nextTimer = this.timer.schedule(this::enqueue, delayNanos, TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				// the directory is closing
				this.nextTimer = null;
			}
		}
	}

	/** Runs on the timer: hands the cycle to the worker, never runs it here. */
	private void enqueue() {
		synchronized (this.lock) {
			if (this.state != State.WAITING) {
				return;
			}
			this.state = State.QUEUED;
			this.nextTimer = null;
			this.nextAtNanos = Long.MAX_VALUE;
		}
		try {
			this.worker.execute(this::runCycle);
		}
		catch (RuntimeException ex) {
			synchronized (this.lock) {
				this.state = State.WAITING;
			}
		}
	}

	private void runCycle() {
		synchronized (this.lock) {
			if (this.state == State.RUNNING) {
				this.again = true;
				return;
			}
			this.state = State.RUNNING;
		}
		boolean rerun;
		try {
			if (!this.stopped) {
				cycle();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Node discovery failed unexpectedly; keeping existing node list", ex);
		}
		finally {
			synchronized (this.lock) {
				this.state = State.WAITING;
				rerun = this.again;
				this.again = false;
			}
			this.firstCycle.complete(null);
		}
		long idleInterval = this.config.idleRefreshInterval().toNanos();
		if (rerun) {
			schedule(0);
		}
		else if (this.activity.idleFor(idleInterval)) {
			this.activity.sleeping();
			schedule(idleInterval);
		}
		else {
			schedule(this.config.activeRefreshInterval().toNanos());
		}
	}

	private void cycle() {
		long started = this.ticker.now();
		RoutingScope configured = this.config.routingScope();
		CycleLog log = new CycleLog();
		for (RoutingScope scope : this.config.scopeChain()) {
			Answer answer = discover(scope, log);
			if (!answer.hosts().isEmpty()) {
				DiscoveryResult.Outcome outcome = scope.equals(configured) ? DiscoveryResult.Outcome.SUCCESS
						: DiscoveryResult.Outcome.FALLBACK;
				this.membership.publish(scope, answer.hosts());
				finish(new DiscoveryResult(outcome, scope, answer.askedHost(), answer.hosts().size(),
						Duration.ofNanos(this.ticker.now() - started), now(),
						answer.hosts().size() + " nodes in " + scope), log);
				return;
			}
			logger.debug("No nodes in {}", scope);
		}
		String why = (log.lastFailure != null) ? "no nodes found (last error: " + log.lastFailure + ")"
				: "no nodes found";
		finish(new DiscoveryResult(DiscoveryResult.Outcome.FAILED, configured, log.lastAsked, 0,
				Duration.ofNanos(this.ticker.now() - started), now(), why + "; keeping existing node list"), log);
	}

	private void finish(DiscoveryResult result, CycleLog log) {
		DiscoveryResult previous = this.lastResult;
		this.lastResult = result;
		this.cycles.get(result.outcome()).increment();
		this.cycleNanos.get(result.outcome()).add(result.duration().toNanos());
		if (log.skippedCount > 0) {
			logger.warn("Node discovery skipped {} invalid addresses listed by /localnodes, e.g. {}", log.skippedCount,
					log.skipped);
		}
		boolean failed = result.outcome() == DiscoveryResult.Outcome.FAILED;
		boolean failedBefore = previous != null && previous.outcome() == DiscoveryResult.Outcome.FAILED;
		if (failed && !failedBefore) {
			// once per outage, not once per cycle: the endpoint and listeners see every
			// one
			logger.warn("Node discovery in {} failed: {} of {} nodes", this.config.scopeChain(), result.message(),
					this.membership.topology().size());
		}
		else if (failed) {
			logger.debug("Node discovery found no nodes: {}", result.message());
		}
		else if (failedBefore) {
			logger.info("Node discovery works again: {}", result.message());
		}
		this.events.publish((listener) -> listener.discoveryCompleted(result));
	}

	private Instant now() {
		return this.ticker.clock().instant();
	}

	private Answer discover(RoutingScope scope, CycleLog log) {
		String query = ScopeQuery.query(scope.datacenter(), scope.rack());
		return (scope.datacenter() == null) ? discoverCluster(query, log) : discoverScoped(query, log);
	}

	/**
	 * Cluster scope: {@code /localnodes} lists one datacenter, so every seed is asked
	 * (one per datacenter is expected) and the answers are united. A seed that does not
	 * answer is replaced by the nodes of its previous answer, so its datacenter stays
	 * covered.
	 */
	private Answer discoverCluster(String query, CycleLog log) {
		Set<String> union = new LinkedHashSet<>();
		for (String seed : this.config.seedHosts()) {
			if (this.stopped) {
				break;
			}
			LocalNodesFetcher.Fetched fetched = log.record(this.fetcher.fetch(seed, query));
			if (fetched.listsNodes()) {
				this.lastAnswerBySeed.put(seed, fetched.hosts());
				union.addAll(fetched.hosts());
				continue;
			}
			List<String> previous = this.lastAnswerBySeed.getOrDefault(seed, this.membership.discoveredAddresses());
			for (String host : previous) {
				if (host.equals(seed) || this.stopped) {
					continue;
				}
				LocalNodesFetcher.Fetched replacement = log.record(this.fetcher.fetch(host, query));
				if (replacement.listsNodes()) {
					this.lastAnswerBySeed.put(seed, replacement.hosts());
					union.addAll(replacement.hosts());
					break;
				}
			}
		}
		return new Answer(List.copyOf(union), log.lastAsked);
	}

	/**
	 * Datacenter or rack scope: candidates are the seeds, then the current nodes; the
	 * first non-empty answer wins. Errors move to the next candidate; after
	 * {@value #EMPTY_ANSWERS_PER_SCOPE} empty answers the scope counts as empty.
	 */
	private Answer discoverScoped(String query, CycleLog log) {
		Set<String> candidates = new LinkedHashSet<>(this.config.seedHosts());
		candidates.addAll(this.membership.discoveredAddresses());
		int empty = 0;
		for (String host : candidates) {
			if (this.stopped) {
				break;
			}
			LocalNodesFetcher.Fetched fetched = log.record(this.fetcher.fetch(host, query));
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
		return new Answer(List.of(), log.lastAsked);
	}

	private record Answer(List<String> hosts, @Nullable String askedHost) {

	}

	/** What one cycle saw, for its result and its log lines. Used by one thread. */
	private static final class CycleLog {

		private @Nullable String lastAsked;

		private @Nullable String lastFailure;

		private final List<String> skipped = new ArrayList<>();

		private int skippedCount;

		LocalNodesFetcher.Fetched record(LocalNodesFetcher.Fetched fetched) {
			this.lastAsked = fetched.host();
			if (fetched.failure() != null) {
				this.lastFailure = fetched.failure();
			}
			this.skippedCount += fetched.skippedCount();
			for (String sample : fetched.skipped()) {
				if (this.skipped.size() < SKIPPED_SAMPLES) {
					this.skipped.add("'" + sample + "'");
				}
			}
			return fetched;
		}

	}

}
