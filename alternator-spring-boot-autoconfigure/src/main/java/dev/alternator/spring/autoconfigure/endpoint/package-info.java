/**
 * The {@code alternator} actuator endpoint.
 */
@NullMarked
package dev.alternator.spring.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
