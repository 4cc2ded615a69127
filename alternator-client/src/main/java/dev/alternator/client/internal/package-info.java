/**
 * Internal implementation; not part of the public API and subject to change without
 * notice. The flow, one package per step: the seeds become the first node list
 * ({@code node}), {@code discovery} keeps it current, {@code routing} (with
 * {@code affinity}) builds each call's plan from one snapshot of it, {@code sdk} sends
 * every attempt to the plan's next node and reports its outcome to {@code health}, which
 * quarantines, probes and releases nodes. {@code wire} holds compression, header trimming
 * and TLS; {@code common} what every step shares.
 * {@link dev.alternator.client.internal.Directory} wires one directory together.
 */
@NullMarked
package dev.alternator.client.internal;

import org.jspecify.annotations.NullMarked;
