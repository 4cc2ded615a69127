/**
 * Internal: what goes over the wire — request compression, response decoding, header
 * trimming, TLS.
 */
@NullMarked
package dev.alternator.client.internal.wire;

import org.jspecify.annotations.NullMarked;
