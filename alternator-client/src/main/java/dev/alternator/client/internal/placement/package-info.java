/**
 * Internal: where a key's replicas are — the token of a partition key, the parsing of
 * ScyllaDB's system tables read through Alternator, the cluster's nodes and tokens, and
 * the replica placement of vnode and tablet tables. Immutable snapshots and pure
 * functions, no threads: whoever reads the tables schedules the refreshes. Depends only
 * on {@code internal.common} and the SDK's model.
 */
@NullMarked
package dev.alternator.client.internal.placement;

import org.jspecify.annotations.NullMarked;
