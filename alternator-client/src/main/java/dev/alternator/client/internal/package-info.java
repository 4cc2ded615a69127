/**
 * Internal implementation; not part of the public API and subject to change without
 * notice.
 */
@NullMarked
package dev.alternator.client.internal;

import org.jspecify.annotations.NullMarked;
