package dev.alternator.client.internal.placement;

import java.util.List;

/**
 * Which nodes hold the data of a token, for one table.
 * <p>
 * Implementations are immutable snapshots: {@link #replicas(long)} neither allocates nor
 * blocks, so it may run on the request's path; a refresh builds a new snapshot.
 */
public interface ReplicaPlacement {

	/**
	 * How a table's data is placed.
	 */
	enum Kind {

		/** By the token ring of the nodes' vnode tokens and the keyspace's strategy. */
		VNODES,

		/** By the table's tablets in {@code system.tablets}. */
		TABLETS

	}

	/**
	 * How this placement was built.
	 * @return the kind
	 */
	Kind kind();

	/**
	 * The replicas of a token, in the server's order (the tablet's replica list, or the
	 * order a ring walk finds them), across all datacenters; the caller keeps the ones in
	 * its scope.
	 * @param token a partition token ({@link PartitionToken})
	 * @return the replicas, an immutable list shared between calls; empty when no known
	 * node holds the token (e.g. every replica of a tablet is missing from the topology)
	 */
	List<ClusterNode> replicas(long token);

}
