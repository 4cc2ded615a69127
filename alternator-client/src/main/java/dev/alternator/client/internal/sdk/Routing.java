package dev.alternator.client.internal.sdk;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.alternator.client.AlternatorRequestOptions;
import dev.alternator.client.WriteRetryPolicy;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.WriteRequests;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodePin;
import dev.alternator.client.internal.node.QueryPlan;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.core.RequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Per-attempt routing for one SDK client.
 * <p>
 * The AWS SDK runs {@code modifyHttpRequest} once per call but signs once per attempt. So
 * the {@linkplain #interceptor() interceptor} creates the call's {@link QueryPlan} and
 * hands the call to the {@linkplain RoutingSigner signer} — run for every attempt, also
 * for anonymous requests — which takes the plan's next node and rewrites scheme, host and
 * port <em>before</em> the SigV4 signer computes the signature, so every attempt goes to
 * the next node with a signature valid for it. The SDK has no public per-call carrier
 * from interceptor to signer, so the hand-over depends on the client:
 * <ul>
 * <li>A sync client runs a call's interceptors and every attempt's signing on the calling
 * thread: the call is held in a thread-local from its plan to its end (a call made while
 * another is in progress on the same thread restores the outer one when it ends). No
 * request copy, no registry.</li>
 * <li>An async client signs retries on other threads: the interceptor registers the call
 * and tags the request with an internal header carrying its id; the signer reads the tag,
 * finds the call and removes the tag.</li>
 * </ul>
 * <p>
 * An async call's registration ends with its call, on every path: {@code afterExecution}
 * and {@code onExecutionFailure} for what the SDK reports to interceptors, and the
 * completion of the future an async client returns ({@link ReleasingAsyncClient}) for
 * what it does not — its API-call timeout and the caller's cancellation. An attempt of a
 * call that has ended is refused before it is sent: the async SDK still starts a retry
 * that was scheduled before the call was cancelled or timed out. The registry holds calls
 * weakly (each call's execution attributes hold it strongly), so a call the SDK drops
 * without any of these signals is forgotten once collected instead of staying registered.
 * <p>
 * Thread-safe.
 */
public final class Routing {

	/**
	 * Internal header carrying the call id from the interceptor to the signer; never
	 * sent.
	 */
	static final String CALL_HEADER = "x-alternator-call";

	private static final String ENDED = "The call was cancelled or timed out before this attempt started; it is not sent";

	/**
	 * Sync calls nested deeper on one thread are not restored when the inner one ends.
	 */
	private static final int MAX_NESTING = 8;

	/** A Host header set before signing would name the placeholder endpoint. */
	private static final String HOST = "Host";

	private static final Logger logger = Logging.LOGGER;

	private static final ExecutionAttribute<Call> CALL = new ExecutionAttribute<>("AlternatorCall");

	private final ClientContext context;

	/** Whether the client is a sync client: calls are handed over on the thread. */
	private final boolean sync;

	/** The sync call in progress on each thread, from its plan to its end. */
	private final ThreadLocal<@Nullable Call> syncCall = new ThreadLocal<>();

	private final Map<Long, CallRef> calls = new ConcurrentHashMap<>();

	private final ReferenceQueue<Call> collected = new ReferenceQueue<>();

	private final AtomicLong ids = new AtomicLong();

	private final PlanInterceptor interceptor = new PlanInterceptor();

	private final ThreadLocal<@Nullable List<Call>> capture = new ThreadLocal<>();

	private final Runnable beforeCall;

	private final WriteRetryPolicy writeRetryPolicy;

	/** A guarded call whose first retry token is not yet taken, on the calling thread. */
	private final ThreadLocal<@Nullable Call> pendingGuarded = new ThreadLocal<>();

	/**
	 * Creates routing over a directory with a hook run for every call once its plan is
	 * made (which marks the directory's activity), before its first attempt.
	 * @param context the node directory's client context
	 * @param sync whether the client is a sync client (every attempt of a call is signed
	 * on the calling thread)
	 * @param beforeCall the hook; must be cheap and must not throw
	 */
	public Routing(ClientContext context, boolean sync, Runnable beforeCall) {
		this.context = context;
		this.sync = sync;
		this.beforeCall = beforeCall;
		this.writeRetryPolicy = context.config().writeRetryPolicy();
	}

	/**
	 * The routing of a client built by {@link ClientFactory}, found among its
	 * interceptors.
	 * @param client the client
	 * @return its routing, or {@code null} for another client
	 */
	public static @Nullable Routing of(SdkClient client) {
		for (ExecutionInterceptor candidate : client.serviceClientConfiguration()
			.overrideConfiguration()
			.executionInterceptors()) {
			if (candidate instanceof PlanInterceptor plan) {
				return plan.routing();
			}
		}
		return null;
	}

	/**
	 * The directory.
	 * @return the context
	 */
	public ClientContext context() {
		return this.context;
	}

	/**
	 * The interceptor that creates each call's plan.
	 * @return the interceptor
	 */
	public ExecutionInterceptor interceptor() {
		return this.interceptor;
	}

	/**
	 * Number of calls held and not yet ended (for tests: proves registrations end with
	 * their calls and stay bounded): the async calls registered, or the sync calls the
	 * calling thread holds — the one in progress and the outer ones it restores when it
	 * ends.
	 * @return the number of calls in flight
	 */
	public int callsInFlight() {
		if (this.sync) {
			int held = 0;
			for (Call call = this.syncCall.get(); call != null; call = call.outer) {
				held++;
			}
			return held;
		}
		forgetCollected();
		return this.calls.size();
	}

	/**
	 * Starts collecting the calls this thread registers, for {@link #endCapture(List)}.
	 * @return what was being collected before (restored by {@code endCapture})
	 */
	@Nullable List<Call> startCapture() {
		List<Call> outer = this.capture.get();
		this.capture.set(new ArrayList<>(1));
		return outer;
	}

	/**
	 * Stops collecting.
	 * @param outer what {@link #startCapture()} returned
	 * @return the calls registered since, possibly empty
	 */
	List<Call> endCapture(@Nullable List<Call> outer) {
		List<Call> captured = this.capture.get();
		if (outer != null) {
			this.capture.set(outer);
		}
		else {
			this.capture.remove();
		}
		return (captured != null) ? captured : List.of();
	}

	/**
	 * Rewrites an attempt's request to the next node of its call's plan.
	 * @param request the request about to be signed
	 * @return the request addressed to the chosen node, without the internal header
	 * @throws NonRetryableException when the attempt's call has already ended
	 */
	SdkHttpRequest route(SdkHttpRequest request) {
		String id = this.sync ? null : request.firstMatchingHeader(CALL_HEADER).orElse(null);
		Call call = this.sync ? this.syncCall.get() : registered(id);
		if (call != null && call.ended) {
			throw NonRetryableException.create(ENDED);
		}
		// a request that did not pass our interceptor is still spread, one node per
		// attempt
		QueryPlan plan = (call != null) ? call.plan : this.context.newPlan();
		Node node = plan.next();
		if (call != null) {
			call.lastNode = node;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Attempt goes to {}", node.address());
		}
		SdkHttpRequest.Builder routed = request.toBuilder();
		// removing a header copies the header map: only headers that are there
		if (id != null) {
			routed.removeHeader(CALL_HEADER);
		}
		if (request.firstMatchingHeader(HOST).isPresent()) {
			routed.removeHeader(HOST);
		}
		return routed.protocol(node.scheme()).host(node.uriHost()).port(node.port()).build();
	}

	/**
	 * The registered async call an attempt's internal header names.
	 * @param id the header's value, or {@code null} for a request that did not pass the
	 * interceptor
	 * @return the call, or {@code null} without a header
	 * @throws NonRetryableException when the call is no longer registered (it ended)
	 */
	private @Nullable Call registered(@Nullable String id) {
		if (id == null) {
			return null;
		}
		CallRef ref = this.calls.get(Long.parseLong(id));
		Call call = (ref != null) ? ref.get() : null;
		if (call == null) {
			throw NonRetryableException.create(ENDED);
		}
		return call;
	}

	/**
	 * Takes the guarded call this thread registered last, if its first retry token was
	 * not taken yet.
	 * @return the call, or {@code null}
	 */
	@Nullable Call takePendingGuarded() {
		Call call = this.pendingGuarded.get();
		if (call != null) {
			// set, not removed: the entry stays for the thread's next call (cheaper)
			this.pendingGuarded.set(null);
		}
		return call;
	}

	/**
	 * Whether a call is guarded: it is not idempotent as marked, or — unmarked — as
	 * classified under {@link WriteRetryPolicy#SAFE}.
	 * @param request the typed request
	 * @param attributes the call's execution attributes
	 * @return whether it may be retried only after failures before sending
	 */
	boolean guarded(SdkRequest request, ExecutionAttributes attributes) {
		Boolean marked = null;
		Optional<? extends RequestOverrideConfiguration> override = request.overrideConfiguration();
		if (override.isPresent()) {
			marked = override.get().executionAttributes().getAttribute(AlternatorRequestOptions.IDEMPOTENT);
		}
		if (marked == null) {
			marked = attributes.getAttribute(AlternatorRequestOptions.IDEMPOTENT);
		}
		if (marked != null) {
			return !marked;
		}
		return this.writeRetryPolicy == WriteRetryPolicy.SAFE && !WriteRequests.isIdempotent(request);
	}

	/**
	 * Ends a call's registration; later attempts of it are refused. Idempotent.
	 * @param call the call
	 */
	void end(Call call) {
		if (!call.ended) {
			call.ended = true;
			if (this.sync) {
				if (this.syncCall.get() == call) {
					// the outer call, or null: the entry stays for the thread's next call
					this.syncCall.set(call.outer);
				}
			}
			else {
				this.calls.remove(call.id);
			}
		}
	}

	private void end(ExecutionAttributes attributes) {
		Call call = attributes.getAttribute(CALL);
		if (call != null) {
			end(call);
			if (this.pendingGuarded.get() == call) {
				// the call ended before the SDK asked for its retry token
				this.pendingGuarded.set(null);
			}
		}
	}

	private Call register(QueryPlan plan, @Nullable String guardedOperation, ExecutionAttributes executionAttributes) {
		if (this.sync) {
			Call call = new Call(0, plan, guardedOperation, executionAttributes);
			Call outer = this.syncCall.get();
			if (outer != null && !outer.ended && outer.depth < MAX_NESTING) {
				// a call made while another is in progress on this thread (from an
				// interceptor, say); past a few levels it can only be calls the SDK
				// dropped without ending them: they are not kept
				call.outer = outer;
				call.depth = outer.depth + 1;
			}
			this.syncCall.set(call);
			return call;
		}
		forgetCollected();
		Call call = new Call(this.ids.incrementAndGet(), plan, guardedOperation, executionAttributes);
		this.calls.put(call.id, new CallRef(call, this.collected));
		List<Call> captured = this.capture.get();
		if (captured != null) {
			captured.add(call);
		}
		return call;
	}

	private static String operation(SdkRequest request) {
		String name = request.getClass().getSimpleName();
		return name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
	}

	private void forgetCollected() {
		for (Reference<? extends Call> ref = this.collected.poll(); ref != null; ref = this.collected.poll()) {
			CallRef gone = (CallRef) ref;
			this.calls.remove(gone.id, gone);
		}
	}

	/**
	 * One call: its plan, its execution attributes (for its {@link CallEndHooks}),
	 * whether it has ended, the node of its latest attempt and whether it is guarded.
	 */
	static final class Call {

		/** The registry key of an async call; 0 for a sync call (not registered). */
		final long id;

		final QueryPlan plan;

		/** The operation name of a guarded call, {@code null} for other calls. */
		final @Nullable String guardedOperation;

		final ExecutionAttributes attributes;

		volatile boolean ended;

		volatile @Nullable Node lastNode;

		/**
		 * A sync call: the call in progress on its thread when it started, restored when
		 * it ends.
		 */
		@Nullable Call outer;

		/** A sync call: how many calls {@link #outer} holds. */
		int depth;

		Call(long id, QueryPlan plan, @Nullable String guardedOperation, ExecutionAttributes attributes) {
			this.id = id;
			this.plan = plan;
			this.guardedOperation = guardedOperation;
			this.attributes = attributes;
		}

	}

	/** The registry's weak hold on a call (ids are never reused). */
	private static final class CallRef extends WeakReference<Call> {

		final long id;

		CallRef(Call call, ReferenceQueue<Call> queue) {
			super(call, queue);
			this.id = call.id;
		}

	}

	private final class PlanInterceptor implements ExecutionInterceptor {

		Routing routing() {
			return Routing.this;
		}

		@Override
		public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
				ExecutionAttributes executionAttributes) {
			SdkRequest request = context.request();
			Node pinned = executionAttributes.getAttribute(NodePin.NODE);
			// a pinned call (a node-local system-table read) neither takes a turn of the
			// rotation nor counts as activity: it is the library's own background read
			QueryPlan plan = (pinned != null) ? NodePin.plan(pinned) : Routing.this.context.newPlan(request);
			Routing.this.beforeCall.run();
			Call call = register(plan, guarded(request, executionAttributes) ? operation(request) : null,
					executionAttributes);
			executionAttributes.putAttribute(CALL, call);
			if (call.guardedOperation != null) {
				Routing.this.pendingGuarded.set(call);
			}
			else if (Routing.this.pendingGuarded.get() != null) {
				Routing.this.pendingGuarded.set(null);
			}
			if (Routing.this.sync) {
				return context.httpRequest();
			}
			return context.httpRequest().toBuilder().putHeader(CALL_HEADER, Long.toString(call.id)).build();
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
