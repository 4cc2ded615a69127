package dev.alternator.client.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.sdk.CallEndHooks;
import dev.alternator.client.internal.sdk.CallObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.metrics.MetricCategory;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricCollector;
import software.amazon.awssdk.metrics.MetricLevel;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.metrics.SdkMetric;

/**
 * Makes each API call of an AWS SDK v2 client a Micrometer {@link Observation} named
 * {@value #OBSERVATION_NAME}, so a tracing bridge gives one span per call, named after
 * the service and operation ({@code DynamoDb.GetItem}), with the node each attempt went
 * to. It needs {@code micrometer-observation}: <pre>{@code
 * AlternatorObservations observations = AlternatorObservations.create(observationRegistry);
 * DynamoDbClient client = AlternatorDynamoDbClient.builder()
 *     .config(config)
 *     .clientCustomizer((builder) -> builder.overrideConfiguration(observations::applyTo))
 *     .build();
 * }</pre>
 * <p>
 * Key values: low cardinality {@value #OPERATION} (the DynamoDB operation),
 * {@value #OUTCOME} ({@code success} or {@code failure}) and {@value #ERROR} (the error
 * class of the failure, as the {@code alternator.api.calls} timer's {@code error} tag,
 * {@code none} on success); high cardinality {@value #TABLE} (the table, or the sorted
 * tables of a batch; absent for a transaction), {@value #NODES} (the host of each
 * attempt, in order, comma-separated) and {@value #ATTEMPTS}. Each attempt is also an
 * {@linkplain Observation#event(Observation.Event) event} naming its node.
 * <p>
 * An observation starts when the SDK starts the call ({@code beforeExecution}) and
 * records each attempt's node when the attempt is handed to the HTTP client
 * ({@code beforeTransmission}, after the load-balanced client has routed it, so the host
 * is the node the attempt really goes to). It stops when the call answers or fails
 * ({@code afterExecution}, {@code onExecutionFailure}). The SDK does not tell
 * interceptors about every end of a call, so two more signals stop what those did not:
 * the {@linkplain #publisher() publisher} half, which the SDK calls when an async call is
 * ended by the API-call timeout or a call fails before it is sent, and — for the
 * load-balanced async clients of this library — the completion of the future returned to
 * the caller, which also covers the caller's {@code cancel} (the SDK publishes nothing
 * for a cancelled call). Register both halves
 * ({@link #applyTo(ClientOverrideConfiguration.Builder)} does). A per-request
 * {@code metricPublishers} override replaces the client's publishers for that request, so
 * it must include {@link #publisher()} too. On a plain SDK async client, a call the
 * caller cancels leaves its observation open.
 * <p>
 * Thread-safe; one instance may serve several clients.
 *
 * @since 0.1.0
 */
public final class AlternatorObservations {

	/**
	 * The observation name.
	 */
	public static final String OBSERVATION_NAME = "alternator.api.call";

	/**
	 * Low-cardinality key: the operation name ({@code GetItem}, {@code PutItem}, …).
	 */
	public static final String OPERATION = "operation";

	/**
	 * Low-cardinality key: {@code success} or {@code failure}.
	 */
	public static final String OUTCOME = "outcome";

	/**
	 * Low-cardinality key: the error class of a failed call ({@code throttling},
	 * {@code server}, {@code client}, {@code io}, {@code timeout}), {@code none} on
	 * success.
	 */
	public static final String ERROR = "error";

	/**
	 * High-cardinality key: the table (the sorted, comma-separated tables of a batch).
	 */
	public static final String TABLE = "table";

	/**
	 * High-cardinality key: the host of each attempt, in order, comma-separated.
	 */
	public static final String NODES = "nodes";

	/**
	 * High-cardinality key: the number of attempts made.
	 */
	public static final String ATTEMPTS = "attempts";

	private static final Logger logger = Logging.LOGGER;

	private static final String ATTEMPT_EVENT = "attempt";

	/**
	 * The call's observation, handed from the interceptor to the publisher through the
	 * call's metric collection. Trace level and the custom category: publishers that
	 * export SDK metrics (CloudWatch, logging) filter it out by default.
	 */
	private static final SdkMetric<CallObservation> CALL_METRIC = new CallMetric();

	private static final ExecutionAttribute<CallObservation> CALL = new ExecutionAttribute<>(
			"AlternatorCallObservation");

	private final ObservationRegistry registry;

	private final Interceptor interceptor = new Interceptor();

	private final Completion completion = new Completion();

	private AlternatorObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Observations in the given registry.
	 * @param registry the registry
	 * @return the observations
	 */
	public static AlternatorObservations create(ObservationRegistry registry) {
		return new AlternatorObservations(Objects.requireNonNull(registry, "registry"));
	}

	/**
	 * The interceptor half: starts each call's observation and records its attempts.
	 * @return the interceptor
	 */
	public ExecutionInterceptor interceptor() {
		return this.interceptor;
	}

	/**
	 * The publisher half: stops the observations of calls the SDK ended without telling
	 * the interceptor. Its {@code close()} does nothing.
	 * @return the publisher
	 */
	public MetricPublisher publisher() {
		return this.completion;
	}

	/**
	 * Adds both halves to an SDK override configuration; each is added once, however
	 * often this is called.
	 * @param builder the SDK client's override configuration
	 * @return the builder
	 */
	public ClientOverrideConfiguration.Builder applyTo(ClientOverrideConfiguration.Builder builder) {
		if (!builder.executionInterceptors().contains(this.interceptor)) {
			builder.addExecutionInterceptor(this.interceptor);
		}
		if (!builder.metricPublishers().contains(this.completion)) {
			builder.addMetricPublisher(this.completion);
		}
		return builder;
	}

	private static @Nullable String table(SdkRequest request) {
		String table = request.getValueForField("TableName", String.class).orElse(null);
		if (table != null) {
			return table;
		}
		Map<?, ?> items = request.getValueForField("RequestItems", Map.class).orElse(null);
		if (items == null || items.isEmpty()) {
			return null;
		}
		TreeSet<String> tables = new TreeSet<>();
		items.keySet().forEach((name) -> tables.add(String.valueOf(name)));
		return String.join(",", tables);
	}

	private static String node(String host) {
		// an IPv6 literal as the node lists it: without the URI brackets
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	/** The interceptor half. */
	private final class Interceptor implements CallObserver {

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
			if (AlternatorObservations.this.registry.isNoop() || executionAttributes.getAttribute(CALL) != null) {
				return;
			}
			try {
				String service = executionAttributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
				String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
				Observation observation = Observation
					.createNotStarted(OBSERVATION_NAME, AlternatorObservations.this.registry)
					.lowCardinalityKeyValue(OPERATION, (operation != null) ? operation : CallSummary.UNKNOWN_OPERATION)
					.contextualName(
							(service != null && operation != null) ? service + "." + operation : OBSERVATION_NAME);
				String table = table(context.request());
				if (table != null) {
					observation.highCardinalityKeyValue(TABLE, table);
				}
				CallObservation call = new CallObservation(observation.start());
				executionAttributes.putAttribute(CALL, call);
				CallEndHooks.onEnd(executionAttributes, (failure) -> call.stop(failure,
						(failure != null) ? CallSummary.errorOf(failure) : CallSummary.NONE));
				MetricCollector collector = executionAttributes
					.getAttribute(SdkExecutionAttribute.API_CALL_METRIC_COLLECTOR);
				if (collector != null) {
					collector.reportMetric(CALL_METRIC, call);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not start the observation of a call", ex);
			}
		}

		@Override
		public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
			CallObservation call = executionAttributes.getAttribute(CALL);
			if (call != null) {
				call.attempt(node(context.httpRequest().host()));
			}
		}

		@Override
		public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
			CallObservation call = executionAttributes.getAttribute(CALL);
			if (call != null) {
				call.stop(null, CallSummary.NONE);
			}
		}

		@Override
		public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
			CallObservation call = executionAttributes.getAttribute(CALL);
			if (call != null) {
				call.stop(context.exception(), CallSummary.errorOf(context.exception()));
			}
		}

	}

	/** The publisher half. */
	private static final class Completion implements MetricPublisher {

		@Override
		public void publish(MetricCollection metricCollection) {
			try {
				List<CallObservation> calls = metricCollection.metricValues(CALL_METRIC);
				if (calls.isEmpty()) {
					return;
				}
				CallSummary summary = CallSummary.of(metricCollection);
				for (CallObservation call : calls) {
					call.stop(null, summary.success() ? CallSummary.NONE : summary.error());
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not stop the observation of a call", ex);
			}
		}

		@Override
		public void close() {
		}

	}

	/**
	 * The metric carrying a call's observation. Not created with
	 * {@code SdkMetric.create}: that registers the name JVM-wide and refuses it a second
	 * time (a second class loader of this class); collections find a metric by identity.
	 */
	private static final class CallMetric implements SdkMetric<CallObservation> {

		@Override
		public String name() {
			return "AlternatorCallObservation";
		}

		@Override
		public Set<MetricCategory> categories() {
			return Set.of(MetricCategory.CUSTOM);
		}

		@Override
		public MetricLevel level() {
			return MetricLevel.TRACE;
		}

		@Override
		public Class<CallObservation> valueClass() {
			return CallObservation.class;
		}

		@Override
		public String toString() {
			return name();
		}

	}

	/** One call's observation: its attempts' nodes, stopped once. */
	static final class CallObservation {

		private final Observation observation;

		private final AtomicBoolean stopped = new AtomicBoolean();

		/** Guarded by itself. */
		private final List<String> nodes = new ArrayList<>(1);

		CallObservation(Observation observation) {
			this.observation = observation;
		}

		void attempt(String node) {
			if (this.stopped.get()) {
				// a late attempt of a call that has ended (an async retry started before
				// the call was cancelled): the observation is closed
				return;
			}
			int attempt;
			synchronized (this.nodes) {
				this.nodes.add(node);
				attempt = this.nodes.size();
			}
			this.observation.event(Observation.Event.of(ATTEMPT_EVENT, "attempt " + attempt + " to " + node));
		}

		/**
		 * Stops the observation unless it was stopped already.
		 * @param failure the call's failure, if the SDK reported one
		 * @param error the error class, {@code none} for a success
		 */
		void stop(@Nullable Throwable failure, String error) {
			if (!this.stopped.compareAndSet(false, true)) {
				return;
			}
			try {
				String nodes;
				int attempts;
				synchronized (this.nodes) {
					nodes = String.join(",", this.nodes);
					attempts = this.nodes.size();
				}
				boolean success = CallSummary.NONE.equals(error);
				this.observation.lowCardinalityKeyValue(OUTCOME, success ? CallSummary.SUCCESS : CallSummary.FAILURE)
					.lowCardinalityKeyValue(ERROR, error)
					.highCardinalityKeyValue(NODES, nodes)
					.highCardinalityKeyValue(ATTEMPTS, Integer.toString(attempts));
				if (failure != null) {
					this.observation.error(failure);
				}
			}
			finally {
				this.observation.stop();
			}
		}

	}

}
