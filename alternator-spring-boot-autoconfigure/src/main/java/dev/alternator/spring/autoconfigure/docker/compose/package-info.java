/**
 * Docker Compose service connection: a {@code scylladb/scylla} service started by Spring
 * Boot's docker-compose support configures the Alternator clients.
 */
@NullMarked
package dev.alternator.spring.autoconfigure.docker.compose;

import org.jspecify.annotations.NullMarked;
