/**
 * Optional Micrometer integration of the SDK clients: {@link AlternatorSdkMetrics} turns
 * the SDK's per-call metrics into meters (needs {@code micrometer-core}),
 * {@link AlternatorObservations} makes each API call an observation (needs
 * {@code micrometer-observation}). Both work with any AWS SDK v2 client, load-balanced or
 * not.
 */
@NullMarked
package dev.alternator.client.micrometer;

import org.jspecify.annotations.NullMarked;
