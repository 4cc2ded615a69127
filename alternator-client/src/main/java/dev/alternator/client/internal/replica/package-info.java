/**
 * Replica-aware routing: each used table's placement, read in the background through the
 * DynamoDB API, and plans that start at a replica of the request's key.
 */
@NullMarked
package dev.alternator.client.internal.replica;

import org.jspecify.annotations.NullMarked;
