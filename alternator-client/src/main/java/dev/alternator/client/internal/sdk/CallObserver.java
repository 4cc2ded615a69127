package dev.alternator.client.internal.sdk;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An interceptor that observes the application's calls (for metrics or traces) without
 * taking part in them: the library's own background requests (table descriptions,
 * system-table reads) leave it out, as they leave out every metric publisher, so that
 * what the application sees of its client is its own calls only.
 */
public interface CallObserver extends ExecutionInterceptor {

}
