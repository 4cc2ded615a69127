package dev.alternator.client;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A point-in-time view of replica-aware routing for one table, for operators (actuator
 * endpoint, logs): how the table's data is placed as the client last read it, and how
 * many single-key requests started at one of the key's replicas.
 *
 * @param table the table name
 * @param placement how the table's placement is known
 * @param reason why the placement is {@link Placement#UNAVAILABLE}, or why its last
 * refresh failed (the previous placement is then still used); {@code null} when the last
 * read succeeded
 * @param lastRefresh when the placement was last read successfully, or {@code null}
 * before the first success
 * @param hits single-key requests to this table whose first attempt went to a replica of
 * their key
 * @param misses single-key requests to this table that routed without their key's
 * replicas (placement not known yet or unavailable, a query of an index, a key of another
 * type than {@code S}, {@code N} or {@code B}, or no usable replica in the routing list)
 * @since 0.1.0
 */
public record ReplicaRoutingStatus(String table, Placement placement, @Nullable String reason,
		@Nullable Instant lastRefresh, long hits, long misses) {

	/**
	 * How a table's placement is known.
	 *
	 * @since 0.1.0
	 */
	public enum Placement {

		/** By the table's tablets ({@code system.tablets}). */
		TABLETS,

		/** By the token ring and the keyspace's replication strategy. */
		VNODES,

		/** Not known (yet): requests to the table route without replicas. */
		UNAVAILABLE

	}

}
