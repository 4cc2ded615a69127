/**
 * Internal: the discovery loop — {@code GET /localnodes} over the scope chain, host
 * resolution with a deadline, the directory's own bounded HTTP requests.
 */
@NullMarked
package dev.alternator.client.internal.discovery;

import org.jspecify.annotations.NullMarked;
