/**
 * Auto-configuration of load-balanced Alternator DynamoDB clients.
 */
@NullMarked
package dev.alternator.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
