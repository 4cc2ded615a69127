/**
 * Internal: each call's plan — round-robin over the active nodes (spreading a quarantined
 * node's turn over all of them), or by key affinity.
 */
@NullMarked
package dev.alternator.client.internal.routing;

import org.jspecify.annotations.NullMarked;
