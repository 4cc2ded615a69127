package dev.alternator.client.internal.node;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.NodeState;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.internal.common.Endpoints;
import dev.alternator.client.internal.common.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * One Alternator node: its address, endpoint, health and counters. A node keeps its
 * identity (and health) for as long as discovery keeps listing it.
 * <p>
 * Thread-safe: identity fields are final; datacenter and rack are volatile; health and
 * counters are atomic.
 */
public final class Node {

	private static final AttemptOutcome[] OUTCOMES = AttemptOutcome.values();

	private final String address;

	private final String scheme;

	private final String uriHost;

	private final int port;

	private final URI endpoint;

	private final String canonical;

	private final String key;

	private final NodeHealth health;

	private final NodeLoad load;

	private final LongAdder[] attempts = new LongAdder[OUTCOMES.length];

	private volatile @Nullable String datacenter;

	private volatile @Nullable String rack;

	/**
	 * Creates a node.
	 * @param address the host as listed (IP literal without brackets, or a host name)
	 * @param scheme {@code http} or {@code https}
	 * @param port the Alternator port
	 * @param policy the health policy
	 */
	public Node(String address, String scheme, int port, HealthPolicy policy) {
		this.address = address;
		this.scheme = scheme;
		this.uriHost = Endpoints.uriHost(address);
		this.port = port;
		this.endpoint = URI.create(scheme + "://" + this.uriHost + ":" + port);
		this.canonical = Endpoints.canonical(this.endpoint.toString());
		this.key = this.uriHost.toLowerCase(Locale.ROOT);
		this.health = new NodeHealth(policy);
		this.load = new NodeLoad(policy.latencyHalfLifeNanos());
		for (int i = 0; i < this.attempts.length; i++) {
			this.attempts[i] = new LongAdder();
		}
	}

	/**
	 * The address as listed.
	 * @return the address
	 */
	public String address() {
		return this.address;
	}

	/**
	 * The scheme.
	 * @return the scheme
	 */
	public String scheme() {
		return this.scheme;
	}

	/**
	 * The host as used in URIs (IPv6 in brackets).
	 * @return the host
	 */
	public String uriHost() {
		return this.uriHost;
	}

	/**
	 * The port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The endpoint URI.
	 * @return the endpoint
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * The canonical endpoint string, the cross-language sort key.
	 * @return the canonical string
	 */
	public String canonical() {
		return this.canonical;
	}

	/**
	 * The lookup key: the URI host in lower case, exactly what routing puts on each
	 * attempt's request (every node has the same port and scheme).
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * The health state machine.
	 * @return the health
	 */
	public NodeHealth health() {
		return this.health;
	}

	/**
	 * The attempts in flight and the answer-time estimate.
	 * @return the load
	 */
	public NodeLoad load() {
		return this.load;
	}

	/**
	 * Whether the node is active (full share; neither quarantined nor on probation).
	 * @return whether active
	 */
	public boolean isActive() {
		return this.health.isActive();
	}

	/**
	 * The health state.
	 * @return the state
	 */
	public NodeState state() {
		return this.health.state();
	}

	/**
	 * Counts one attempt.
	 * @param outcome how it ended
	 */
	public void countAttempt(AttemptOutcome outcome) {
		this.attempts[outcome.ordinal()].increment();
	}

	/**
	 * Attempts sent to this node that ended with an outcome.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long attempts(AttemptOutcome outcome) {
		return this.attempts[outcome.ordinal()].sum();
	}

	/**
	 * Records where the node is, when the routing scope or the cluster's topology tells
	 * it.
	 * @param datacenter the datacenter, or {@code null} if unknown
	 * @param rack the rack, or {@code null} if unknown
	 */
	public void locate(@Nullable String datacenter, @Nullable String rack) {
		if (datacenter != null) {
			this.datacenter = datacenter;
		}
		if (rack != null) {
			this.rack = rack;
		}
	}

	/**
	 * A status snapshot for operators.
	 * @param ticker converts nano ticks to wall-clock instants
	 * @return the status
	 */
	public NodeStatus status(Ticker ticker) {
		NodeHealth.Snapshot snapshot = this.health.snapshot();
		boolean quarantined = snapshot.state() == NodeState.QUARANTINED;
		Instant until = quarantined ? ticker.toInstant(snapshot.nextProbeAtNanos()) : null;
		long successes = attempts(AttemptOutcome.SUCCESS);
		long requests = successes;
		for (AttemptOutcome outcome : OUTCOMES) {
			if (outcome != AttemptOutcome.SUCCESS) {
				requests += attempts(outcome);
			}
		}
		// on probation the cause of the quarantine it follows is still worth showing
		@Nullable String cause = (snapshot.state() != NodeState.ACTIVE) ? snapshot.cause() : null;
		Duration latency = Duration.ofNanos((long) this.load.estimateNanos(ticker.now()));
		// demotion only applies to active nodes; a stale flag of another state means
		// nothing
		boolean demoted = snapshot.state() == NodeState.ACTIVE && this.load.isDemoted();
		return new NodeStatus(this.address, this.endpoint, this.datacenter, this.rack, snapshot.state(),
				snapshot.consecutiveFailures(), cause, until, requests, requests - successes, this.load.inFlight(),
				latency, demoted);
	}

	// ---- writes not retried (write retry policy)

	private final LongAdder writesNotRetried = new LongAdder();

	/**
	 * Counts a call that was not sent again after an attempt to this node failed when the
	 * request may have reached it (the call is not idempotent).
	 */
	public void countWriteNotRetried() {
		this.writesNotRetried.increment();
	}

	/**
	 * Calls not sent again after an attempt to this node may have reached it.
	 * @return the count since the node joined the node list
	 */
	public long writesNotRetried() {
		return this.writesNotRetried.sum();
	}

	@Override
	public String toString() {
		return this.address;
	}

}
