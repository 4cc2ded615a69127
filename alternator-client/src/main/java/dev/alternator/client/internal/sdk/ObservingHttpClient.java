package dev.alternator.client.internal.sdk;

import java.io.IOException;

import dev.alternator.client.internal.common.Closeables;
import dev.alternator.client.internal.common.Failures;
import dev.alternator.client.internal.common.RequestNotSentException;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.wire.HeaderTrimmer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Wraps the SDK's sync HTTP client to observe every attempt: which node it went to and
 * how it ended, feeding node health; with header optimization on, trims each attempt's
 * headers ({@link HeaderTrimmer}). An attempt aborted by the SDK (attempt timeout) counts
 * as a timeout; one that got no connection from the local pool in time is not held
 * against the node. A failed write of the request over the JDK's blocking sockets (a
 * pooled connection the node reset while idle) is rethrown as a
 * {@link RequestNotSentException}, so that the write retry policy knows the request was
 * not sent. Closing it closes the delegate and, when this client owns it, the node
 * directory.
 * <p>
 * Thread-safe if the delegate is.
 */
final class ObservingHttpClient implements SdkHttpClient {

	private final SdkHttpClient delegate;

	private final ClientContext context;

	private final @Nullable AutoCloseable owned;

	private final @Nullable HeaderTrimmer trimmer;

	/**
	 * Whether the delegate talks over the JDK's blocking sockets (Apache, URL
	 * connection), whose failed writes can be told from failed reads.
	 */
	private final boolean blockingSockets;

	ObservingHttpClient(SdkHttpClient delegate, ClientContext context, @Nullable AutoCloseable owned,
			@Nullable HeaderTrimmer trimmer) {
		this.delegate = delegate;
		this.context = context;
		this.owned = owned;
		this.trimmer = trimmer;
		String name = delegate.clientName();
		this.blockingSockets = name.startsWith("Apache") || name.equals("UrlConnection");
	}

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		SdkHttpRequest http = request.httpRequest();
		Node node = this.context.nodeFor(http.host(), http.port());
		if (node == null) {
			return this.delegate.prepareRequest(request);
		}
		HttpExecuteRequest sent = request;
		if (this.trimmer != null) {
			HttpExecuteRequest.Builder trimmed = HttpExecuteRequest.builder()
				.request(this.trimmer.trim(http))
				.contentStreamProvider(request.contentStreamProvider().orElse(null));
			request.metricCollector().ifPresent(trimmed::metricCollector);
			sent = trimmed.build();
		}
		return new Observed(this.delegate.prepareRequest(sent), node);
	}

	@Override
	public String clientName() {
		return this.delegate.clientName();
	}

	@Override
	public void close() {
		try {
			this.delegate.close();
		}
		finally {
			Closeables.closeQuietly(this.owned);
		}
	}

	private final class Observed implements ExecutableHttpRequest {

		private final ExecutableHttpRequest delegate;

		private final Node node;

		private volatile boolean aborted;

		Observed(ExecutableHttpRequest delegate, Node node) {
			this.delegate = delegate;
			this.node = node;
		}

		@Override
		public HttpExecuteResponse call() throws IOException {
			ClientContext context = ObservingHttpClient.this.context;
			long start = context.ticker().now();
			context.attemptStarted(this.node);
			HttpExecuteResponse response;
			try {
				response = this.delegate.call();
			}
			catch (Throwable ex) {
				context.attemptEnded(this.node);
				if ((ex instanceof IOException || ex instanceof RuntimeException) && !Failures.isLocal(ex)) {
					context.recordFailure(this.node, ex, this.aborted, start);
				}
				if (ex instanceof IOException io && !this.aborted && ObservingHttpClient.this.blockingSockets
						&& Failures.failedWhileWriting(io)) {
					throw new RequestNotSentException(io);
				}
				throw ex;
			}
			context.attemptEnded(this.node);
			context.recordAnswer(this.node, response.httpResponse().statusCode(), start);
			return response;
		}

		@Override
		public void abort() {
			this.aborted = true;
			this.delegate.abort();
		}

	}

	/**
	 * Builds the delegate with the library's HTTP defaults (timeouts, pool size, idle
	 * eviction) beneath whatever the user's builder sets explicitly, then wraps it.
	 */
	static final class Builder implements SdkHttpClient.Builder<Builder> {

		private final SdkHttpClient.Builder<?> delegate;

		private final AttributeMap defaults;

		private final ClientContext context;

		private final @Nullable AutoCloseable owned;

		private final @Nullable HeaderTrimmer trimmer;

		Builder(SdkHttpClient.Builder<?> delegate, AttributeMap defaults, ClientContext context,
				@Nullable AutoCloseable owned, @Nullable HeaderTrimmer trimmer) {
			this.delegate = delegate;
			this.defaults = defaults;
			this.context = context;
			this.owned = owned;
			this.trimmer = trimmer;
		}

		@Override
		public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
			SdkHttpClient client = this.delegate.buildWithDefaults(this.defaults.merge(serviceDefaults));
			return new ObservingHttpClient(client, this.context, this.owned, this.trimmer);
		}

	}

}
