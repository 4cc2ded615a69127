package dev.alternator.client.internal.health;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.common.Failures;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.discovery.ControlClient;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeHealth;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Node health from what requests and probes observe: every attempt's outcome goes to its
 * node's {@link NodeHealth}; a node that gets quarantined is probed with {@code GET /}
 * when its backoff ends (at most a few seconds apart), until a probe passes and puts it
 * on probation, where real requests decide whether it is active again. A quarantine also
 * asks discovery for a fresh list (at most once per active refresh interval), since a
 * node that fails may have left the cluster.
 * <p>
 * Each attempt's time also feeds its node's answer-time estimate, from which
 * {@link SlowNodes} decides, with latency-aware load balancing, which nodes get only a
 * probing share.
 * <p>
 * Probe timers run on the timer thread, which never does I/O; the probes themselves run
 * on the probe executor, so a stuck discovery cycle cannot delay them.
 * <p>
 * Thread-safe.
 */
public final class HealthMonitor {

	private static final Logger logger = Logging.LOGGER;

	private final AlternatorConfig config;

	private final Ticker ticker;

	private final Membership membership;

	private final ControlClient http;

	private final EventDispatcher events;

	private final ScheduledExecutorService timer;

	private final Executor probes;

	private final Runnable refresh;

	private final Set<Node> probing = ConcurrentHashMap.newKeySet();

	private final @Nullable SlowNodes slowNodes;

	private volatile long lastRefreshRequestNanos;

	private volatile boolean stopped;

	/**
	 * Creates the monitor.
	 * @param config the configuration
	 * @param ticker the time source
	 * @param membership the routing list (a node no longer listed is not probed)
	 * @param http sends the probes
	 * @param events listener events
	 * @param timer schedules probes; must not be used for I/O
	 * @param probes runs probes
	 * @param refresh asks discovery for a cycle
	 */
	public HealthMonitor(AlternatorConfig config, Ticker ticker, Membership membership, ControlClient http,
			EventDispatcher events, ScheduledExecutorService timer, Executor probes, Runnable refresh) {
		this.config = config;
		this.ticker = ticker;
		this.membership = membership;
		this.http = http;
		this.events = events;
		this.timer = timer;
		this.probes = probes;
		this.refresh = refresh;
		this.lastRefreshRequestNanos = ticker.now() - config.activeRefreshInterval().toNanos();
		this.slowNodes = (config.loadBalancing() == LoadBalancing.LATENCY_AWARE)
				? new SlowNodes(config, membership::topology, ticker.now()) : null;
	}

	/**
	 * Records an attempt that got an HTTP answer (5xx counts as a server error).
	 * @param node the node
	 * @param status the HTTP status
	 * @param startNanos the ticker's value when the attempt started
	 */
	public void recordAnswer(Node node, int status, long startNanos) {
		this.membership.markReached();
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
	public void recordFailure(Node node, Throwable failure, boolean timedOut, long startNanos) {
		recordAttempt(node, timedOut ? AttemptOutcome.TIMEOUT : Failures.classify(failure),
				timedOut ? "attempt timeout" : Failures.describe(failure), this.ticker.now() - startNanos);
	}

	/**
	 * Records the outcome of one attempt to a node.
	 * @param node the node
	 * @param outcome the outcome
	 * @param cause a failure description (ignored on success)
	 * @param durationNanos how long the attempt took
	 */
	void recordAttempt(Node node, AttemptOutcome outcome, String cause, long durationNanos) {
		node.countAttempt(outcome);
		long now = this.ticker.now();
		node.load().observe(durationNanos, outcome != AttemptOutcome.SUCCESS, now);
		// the start time lets health ignore a late failure of an attempt older than the
		// node's probation
		onTransition(node, node.health().record(outcome, cause, now, now - durationNanos));
		SlowNodes slow = this.slowNodes;
		if (slow != null) {
			slow.maybeEvaluate(now);
		}
		if (this.events.wantsAttemptEvents()) {
			String address = node.address();
			Duration duration = Duration.ofNanos(durationNanos);
			this.events.publish((listener) -> listener.attemptCompleted(address, outcome, duration));
		}
	}

	private void onTransition(Node node, NodeHealth.Transition transition) {
		if (transition == NodeHealth.Transition.QUARANTINED) {
			NodeStatus status = node.status(this.ticker);
			String cause = String.valueOf(status.quarantineCause());
			if (node.health().snapshot().level() == 0) {
				logger.warn("Node {} quarantined: {}; next probe at {}", node.address(), cause,
						status.quarantinedUntil());
			}
			else {
				// a node that failed again on probation: its first quarantine was a WARN
				logger.info("Node {} quarantined again on probation: {}; next probe at {}", node.address(), cause,
						status.quarantinedUntil());
			}
			this.events.publish((listener) -> listener.nodeQuarantined(status, cause));
			scheduleProbe(node);
			long now = this.ticker.now();
			if (now - this.lastRefreshRequestNanos >= this.config.activeRefreshInterval().toNanos()) {
				this.lastRefreshRequestNanos = now;
				this.refresh.run();
			}
		}
		else if (transition == NodeHealth.Transition.PROBATION) {
			logger.debug("Node {} is on probation: it gets a small share until requests succeed", node.address());
		}
		else if (transition == NodeHealth.Transition.RELEASED) {
			NodeStatus status = node.status(this.ticker);
			logger.info("Node {} is active again", node.address());
			this.events.publish((listener) -> listener.nodeReleased(status, "successful requests on probation"));
		}
	}

	/**
	 * Stops probing (pending probe timers end without probing) or starts again, probing
	 * every quarantined node of the current list.
	 * @param stopped whether stopped
	 */
	public void stopped(boolean stopped) {
		this.stopped = stopped;
		if (!stopped) {
			for (Node node : this.membership.topology().nodes()) {
				if (node.health().isQuarantined()) {
					scheduleProbe(node);
				}
			}
		}
	}

	/**
	 * Nodes with a probe scheduled or running.
	 * @return the count
	 */
	public int probing() {
		return this.probing.size();
	}

	private void scheduleProbe(Node node) {
		if (this.stopped || !this.probing.add(node)) {
			return;
		}
		scheduleProbeAt(node, node.health().snapshot().nextProbeAtNanos());
	}

	private void scheduleProbeAt(Node node, long atNanos) {
		long delay = Math.max(0, atNanos - this.ticker.now());
		try {
			this.timer.schedule(() -> startProbe(node), delay, TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// the directory is closing
			this.probing.remove(node);
		}
	}

	private void startProbe(Node node) {
		try {
			this.probes.execute(() -> probe(node));
		}
		catch (RuntimeException ex) {
			this.probing.remove(node);
		}
	}

	private void probe(Node node) {
		if (this.stopped || !node.health().isQuarantined() || !this.membership.isListed(node)) {
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
			ControlClient.Response response = this.http.get(URI.create(node.endpoint() + "/"),
					this.config.discoveryTimeout());
			this.membership.markReached();
			healthy = response.status() == 200;
			detail = "status " + response.status();
		}
		catch (IOException | RuntimeException ex) {
			healthy = false;
			detail = String.valueOf(ex.getMessage());
		}
		// a passing probe only puts the node on probation: real requests decide the rest
		onTransition(node, node.health().recordProbe(healthy, detail, this.ticker.now()));
		if (!node.health().isQuarantined()) {
			this.probing.remove(node);
			return;
		}
		logger.debug("Health probe of {} failed ({}); next at {}", node.address(), detail,
				node.status(this.ticker).quarantinedUntil());
		scheduleProbeAt(node, node.health().snapshot().nextProbeAtNanos());
	}

}
