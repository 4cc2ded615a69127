package dev.alternator.client.internal.sdk;

import java.net.URI;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.internal.affinity.DescribeTableLookup;
import dev.alternator.client.internal.common.Activity;
import dev.alternator.client.internal.common.Endpoints;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.health.HealthMonitor;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;
import dev.alternator.client.internal.routing.Planner;
import dev.alternator.client.internal.wire.Tls;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;

/**
 * What an SDK client built over a node directory needs from it: settings, plans for its
 * calls, the node an attempt goes to, and where to report each attempt's outcome. Given
 * to {@link ClientFactory} instead of the directory, so the client side never reaches
 * into discovery or the directory's lifecycle.
 * <p>
 * Thread-safe.
 */
public final class ClientContext {

	private final String name;

	private final AlternatorConfig config;

	private final Ticker ticker;

	private final String userAgent;

	private final @Nullable Tls tls;

	private final Membership membership;

	private final Planner planner;

	private final HealthMonitor health;

	private final Activity activity;

	private final @Nullable DescribeTableLookup describeTableLookup;

	public ClientContext(String name, AlternatorConfig config, Ticker ticker, String userAgent, @Nullable Tls tls,
			Membership membership, Planner planner, HealthMonitor health, Activity activity,
			@Nullable DescribeTableLookup describeTableLookup) {
		this.name = name;
		this.config = config;
		this.ticker = ticker;
		this.userAgent = userAgent;
		this.tls = tls;
		this.membership = membership;
		this.planner = planner;
		this.health = health;
		this.activity = activity;
		this.describeTableLookup = describeTableLookup;
	}

	/**
	 * The key-affinity table lookup, which builds its client like the first client built
	 * over the directory.
	 * @return the lookup, or {@code null} with key affinity off
	 */
	@Nullable DescribeTableLookup describeTableLookup() {
		return this.describeTableLookup;
	}

	/**
	 * The directory's name, the prefix of the threads started for it.
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

	Ticker ticker() {
		return this.ticker;
	}

	String userAgent() {
		return this.userAgent;
	}

	@Nullable Tls tls() {
		return this.tls;
	}

	/**
	 * An endpoint for the SDK's endpoint resolution; every attempt's host is replaced by
	 * the plan's node before signing.
	 */
	URI placeholderEndpoint() {
		return URI.create(this.config.scheme() + "://" + Endpoints.uriHost(this.config.seedHosts().get(0)) + ":"
				+ this.config.port());
	}

	public Topology topology() {
		return this.membership.topology();
	}

	@Nullable Node nodeFor(String host, int port) {
		return this.membership.nodeFor(host, port);
	}

	public QueryPlan newPlan() {
		return this.planner.newPlan();
	}

	public QueryPlan newPlan(SdkRequest request) {
		return this.planner.newPlan(request);
	}

	long lastActivityNanos() {
		return this.activity.lastNanos();
	}

	/**
	 * An attempt to a node starts; {@link #attemptEnded} must follow exactly once.
	 * @param node the node
	 */
	void attemptStarted(Node node) {
		node.load().started();
	}

	/**
	 * An attempt to a node ended, whatever its outcome.
	 * @param node the node
	 */
	void attemptEnded(Node node) {
		node.load().ended();
	}

	void recordAnswer(Node node, int status, long startNanos) {
		this.health.recordAnswer(node, status, startNanos);
	}

	void recordFailure(Node node, Throwable failure, boolean timedOut, long startNanos) {
		this.health.recordFailure(node, failure, timedOut, startNanos);
	}

	void recordWriteNotRetried(Node node) {
		node.countWriteNotRetried();
	}

}
