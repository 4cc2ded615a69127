/**
 * Micrometer Observation support: one observation per API call of the client beans.
 */
@NullMarked
package dev.alternator.spring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
