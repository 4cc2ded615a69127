/**
 * Internal: what requests and probes observe turned into node health — attempt outcomes,
 * quarantine, probes, probation.
 */
@NullMarked
package dev.alternator.client.internal.health;

import org.jspecify.annotations.NullMarked;
