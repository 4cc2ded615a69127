/**
 * Internal: what every step shares — time, logging, host grammar, listener events,
 * request activity, failure classification. Depends on no other internal package.
 */
@NullMarked
package dev.alternator.client.internal.common;

import org.jspecify.annotations.NullMarked;
