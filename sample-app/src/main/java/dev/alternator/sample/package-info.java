/**
 * Sample Spring Boot web application using the Alternator starter.
 */
@NullMarked
package dev.alternator.sample;

import org.jspecify.annotations.NullMarked;
