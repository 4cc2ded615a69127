/**
 * Internal: node state — each node's identity, counters and health state machine, the
 * immutable snapshot of the routing list and its publication, and query plans over a
 * snapshot. Depends only on {@code common}.
 */
@NullMarked
package dev.alternator.client.internal.node;

import org.jspecify.annotations.NullMarked;
