/**
 * The {@code alternator} health indicator.
 */
@NullMarked
package dev.alternator.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
