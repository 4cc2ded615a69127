/**
 * Testcontainers service connection: {@code @ServiceConnection ScyllaDBContainer}
 * configures the Alternator clients.
 */
@NullMarked
package dev.alternator.spring.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;
