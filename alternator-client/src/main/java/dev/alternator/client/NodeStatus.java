package dev.alternator.client;

import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A point-in-time view of one node, for operators (actuator endpoint, health, logs).
 *
 * @param address the address as {@code /localnodes} lists it (IP address or host name)
 * @param endpoint the URI requests are sent to
 * @param datacenter the node's datacenter when the routing scope tells it, else
 * {@code null}
 * @param rack the node's rack when the routing scope tells it, else {@code null}
 * @param state the health state
 * @param consecutiveFailures server errors or timeouts in a row since the last success
 * @param quarantineCause why the node was last quarantined, or {@code null} while it is
 * active
 * @param quarantinedUntil when the next probe is due while quarantined, else {@code null}
 * @param requests attempts sent to this node since it joined the node list
 * @param errors failed attempts (5xx, timeouts, connection failures) since it joined
 * @since 0.1.0
 */
public record NodeStatus(String address, URI endpoint, @Nullable String datacenter, @Nullable String rack,
		NodeState state, int consecutiveFailures, @Nullable String quarantineCause, @Nullable Instant quarantinedUntil,
		long requests, long errors) {

}
