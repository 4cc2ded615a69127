/**
 * Load-balanced AWS SDK v2 DynamoDB clients for ScyllaDB Alternator.
 */
@NullMarked
package dev.alternator.client;

import org.jspecify.annotations.NullMarked;
