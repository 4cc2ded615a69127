/**
 * Micrometer meters of the Alternator clients.
 */
@NullMarked
package dev.alternator.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
