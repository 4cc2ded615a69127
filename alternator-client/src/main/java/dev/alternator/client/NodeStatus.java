package dev.alternator.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A point-in-time view of one node, for operators (actuator endpoint, health, logs).
 *
 * @param address the address as {@code /localnodes} lists it (IP address or host name)
 * @param endpoint the URI requests are sent to
 * @param datacenter the node's datacenter when the routing scope or the cluster's
 * topology (read for replica-aware routing) tells it, else {@code null}
 * @param rack the node's rack when the routing scope or the cluster's topology tells it,
 * else {@code null}
 * @param state the health state
 * @param consecutiveFailures server errors or timeouts in a row since the last success
 * @param quarantineCause why the node was last quarantined, or {@code null} while it is
 * active
 * @param quarantinedUntil when the next probe is due while quarantined, else {@code null}
 * @param requests attempts sent to this node since it joined the node list
 * @param errors failed attempts (5xx, timeouts, connection failures) since it joined
 * @param inFlight attempts sent to this node that have not ended yet
 * @param latency the node's answer-time estimate (peak-EWMA: it jumps to a slow answer at
 * once and decays with {@link AlternatorConfig#latencyHalfLife()}; a failed attempt
 * counts as a slow answer); zero before the first answer
 * @param demoted whether latency-aware routing gives this active node only a small
 * probing share of first attempts, because a new request is expected to wait clearly
 * longer on it than on a typical node of the scope
 * @since 0.1.0
 */
public record NodeStatus(String address, URI endpoint, @Nullable String datacenter, @Nullable String rack,
		NodeState state, int consecutiveFailures, @Nullable String quarantineCause, @Nullable Instant quarantinedUntil,
		long requests, long errors, int inFlight, Duration latency, boolean demoted) {

}
