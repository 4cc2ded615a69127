/**
 * Internal: the AWS SDK side — assembling load-balanced SDK clients, the per-call plan
 * registration, the signer that addresses every attempt to its node, and the HTTP client
 * wrappers that observe each attempt.
 */
@NullMarked
package dev.alternator.client.internal.sdk;

import org.jspecify.annotations.NullMarked;
