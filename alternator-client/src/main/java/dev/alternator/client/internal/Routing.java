package dev.alternator.client.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Per-attempt routing for one SDK client.
 * <p>
 * The AWS SDK runs {@code modifyHttpRequest} once per call but signs once per attempt. So
 * the {@linkplain #interceptor() interceptor} creates the call's {@link QueryPlan},
 * registers it and tags the request with an internal header; the
 * {@linkplain RoutingSigner signer} — run for every attempt, also for anonymous requests
 * — reads the tag, takes the plan's next node, removes the tag and rewrites scheme, host
 * and port <em>before</em> the SigV4 signer computes the signature, so every attempt goes
 * to the next node with a signature valid for it. The registration ends when the call
 * ends ({@code afterExecution} / {@code onExecutionFailure}).
 * <p>
 * Thread-safe.
 */
public final class Routing {

	/**
	 * Internal header carrying the call id from the interceptor to the signer; never
	 * sent.
	 */
	static final String CALL_HEADER = "x-alternator-call";

	private static final Logger logger = Logging.LOGGER;

	private static final ExecutionAttribute<Long> CALL_ID = new ExecutionAttribute<>("AlternatorCallId");

	private final ClientContext engine;

	private final Map<Long, QueryPlan> calls = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final ExecutionInterceptor interceptor = new PlanInterceptor();

	private final Runnable beforeCall;

	/**
	 * Creates routing over a directory with a hook run for every call once its plan is
	 * made (which marks the directory's activity), before its first attempt.
	 * @param engine the node directory
	 * @param beforeCall the hook; must be cheap and must not throw
	 */
	public Routing(ClientContext engine, Runnable beforeCall) {
		this.engine = engine;
		this.beforeCall = beforeCall;
	}

	/**
	 * The directory.
	 * @return the engine
	 */
	public ClientContext engine() {
		return this.engine;
	}

	/**
	 * The interceptor that creates each call's plan.
	 * @return the interceptor
	 */
	public ExecutionInterceptor interceptor() {
		return this.interceptor;
	}

	/**
	 * Number of calls in flight (for tests: proves registrations end with their calls).
	 * @return the number of registered plans
	 */
	public int callsInFlight() {
		return this.calls.size();
	}

	/**
	 * Rewrites an attempt's request to the next node of its call's plan.
	 * @param request the request about to be signed
	 * @return the request addressed to the chosen node, without the internal header
	 */
	SdkHttpRequest route(SdkHttpRequest request) {
		QueryPlan plan = null;
		String id = request.firstMatchingHeader(CALL_HEADER).orElse(null);
		if (id != null) {
			plan = this.calls.get(Long.parseLong(id));
		}
		if (plan == null) {
			// a request that did not pass our interceptor (or a customizer removed the
			// tag):
			// still spread it, one node per attempt
			plan = this.engine.newPlan();
		}
		Node node = plan.next();
		if (logger.isDebugEnabled()) {
			logger.debug("Attempt of call {} goes to {}", id, node.address());
		}
		return request.toBuilder()
			.removeHeader(CALL_HEADER)
			.removeHeader("Host")
			.protocol(node.scheme())
			.host(node.uriHost())
			.port(node.port())
			.build();
	}

	private @Nullable QueryPlan end(ExecutionAttributes attributes) {
		Long id = attributes.getAttribute(CALL_ID);
		return (id != null) ? this.calls.remove(id) : null;
	}

	private final class PlanInterceptor implements ExecutionInterceptor {

		@Override
		public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
				ExecutionAttributes executionAttributes) {
			QueryPlan plan = Routing.this.engine.newPlan(context.request());
			Routing.this.beforeCall.run();
			long id = Routing.this.ids.incrementAndGet();
			Routing.this.calls.put(id, plan);
			executionAttributes.putAttribute(CALL_ID, id);
			return context.httpRequest().toBuilder().putHeader(CALL_HEADER, Long.toString(id)).build();
		}

		@Override
		public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
			end(executionAttributes);
		}

		@Override
		public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
			end(executionAttributes);
		}

	}

}
