package dev.alternator.client.internal.placement;

import java.util.UUID;

/**
 * One replica of a tablet: the node's host id and the shard (CPU core) on it.
 *
 * @param hostId the node's host id
 * @param shard the shard on that node
 */
public record TabletReplica(UUID hostId, int shard) {

}
