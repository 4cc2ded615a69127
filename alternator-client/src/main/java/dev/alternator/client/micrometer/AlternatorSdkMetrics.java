package dev.alternator.client.micrometer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.alternator.client.internal.common.Logging;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * An SDK {@link MetricPublisher} that turns the metrics the AWS SDK collects for each API
 * call into Micrometer meters: call latency per operation and outcome, attempts per call,
 * and the HTTP connection pool as the SDK's HTTP client reports it (see
 * {@link AlternatorSdkMeters} for names and tags). It needs {@code micrometer-core} and
 * works with any SDK v2 client: <pre>{@code
 * AlternatorSdkMetrics metrics = AlternatorSdkMetrics.create(meterRegistry);
 * DynamoDbClient client = AlternatorDynamoDbClient.builder()
 *     .config(config)
 *     .clientCustomizer((builder) -> builder.overrideConfiguration((o) -> o.addMetricPublisher(metrics)))
 *     .build();
 * }</pre> Tags have bounded values only: operation names, outcomes, error classes and the
 * HTTP client's name — never a table name, key or request id.
 * <p>
 * One publisher may serve several clients: their calls are counted together, and their
 * pool gauges are kept per HTTP client implementation ({@code http.client} tag). Give
 * clients of the same HTTP client implementation publishers with distinguishing common
 * tags to see their pools apart.
 * <p>
 * The SDK does not close the publishers a client was given: {@link #close()} this one
 * after the clients it serves. Closing removes its pool gauges from the registry (they
 * would show a closed pool) and makes later publications no-ops; the call timers and
 * attempt summaries stay, as meters shared with other publishers may.
 * <p>
 * Thread-safe. {@link #publish(MetricCollection)} runs on the thread that completes the
 * call: it is cheap (meters are looked up once per tag combination) and never throws.
 *
 * @since 0.1.0
 */
public final class AlternatorSdkMetrics implements MetricPublisher {

	private static final Logger logger = Logging.LOGGER;

	private static final String OPERATION = "operation";

	private static final String OUTCOME = "outcome";

	private static final String ERROR = "error";

	private static final String HTTP_CLIENT = "http.client";

	private static final String UNKNOWN_HTTP_CLIENT = "unknown";

	private final MeterRegistry registry;

	private final Tags tags;

	private final ConcurrentMap<CallKey, Timer> calls = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, DistributionSummary> attempts = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Pool> pools = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private AlternatorSdkMetrics(MeterRegistry registry, Tags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	/**
	 * A publisher registering its meters in the given registry.
	 * @param registry the registry
	 * @return the publisher
	 */
	public static AlternatorSdkMetrics create(MeterRegistry registry) {
		return create(registry, Tags.empty());
	}

	/**
	 * A publisher registering its meters, with the given common tags, in the given
	 * registry.
	 * @param registry the registry
	 * @param tags tags added to every meter (bounded values only)
	 * @return the publisher
	 */
	public static AlternatorSdkMetrics create(MeterRegistry registry, Iterable<Tag> tags) {
		return new AlternatorSdkMetrics(Objects.requireNonNull(registry, "registry"),
				Tags.of(Objects.requireNonNull(tags, "tags")));
	}

	/**
	 * Records one API call's metrics. Never throws: a metric the SDK did not report is
	 * left out, an unexpected failure is logged at DEBUG.
	 * @param metrics the call's metric collection
	 */
	@Override
	public void publish(MetricCollection metrics) {
		if (this.closed) {
			return;
		}
		try {
			record(metrics);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record the SDK metrics of a call", ex);
		}
	}

	/**
	 * Removes the pool gauges from the registry and ignores later publications.
	 * Idempotent; returns at once (publications are recorded synchronously).
	 */
	@Override
	public void close() {
		this.closed = true;
		for (Pool pool : this.pools.values()) {
			pool.remove(this.registry);
		}
	}

	private void record(MetricCollection metrics) {
		CallSummary call = CallSummary.of(metrics);
		Duration duration = (call.duration() != null) ? call.duration() : Duration.ZERO;
		this.calls.computeIfAbsent(new CallKey(call.operation(), call.outcome(), call.error()), this::callTimer)
			.record(duration);
		this.attempts.computeIfAbsent(call.operation(), this::attemptSummary).record(call.attempts());
		for (MetricCollection attempt : metrics.children()) {
			for (MetricCollection http : attempt.children()) {
				recordPool(http);
			}
		}
	}

	private void recordPool(MetricCollection http) {
		List<Integer> leased = http.metricValues(HttpMetric.LEASED_CONCURRENCY);
		List<Duration> acquired = http.metricValues(HttpMetric.CONCURRENCY_ACQUIRE_DURATION);
		if (leased.isEmpty() && acquired.isEmpty()) {
			// no pool (URL connection) or an attempt that failed before leasing
			return;
		}
		List<String> names = http.metricValues(HttpMetric.HTTP_CLIENT_NAME);
		String name = names.isEmpty() ? UNKNOWN_HTTP_CLIENT : names.get(0);
		Pool pool = this.pools.computeIfAbsent(name, this::pool);
		if (this.closed) {
			pool.remove(this.registry);
			return;
		}
		set(pool.leased, leased);
		set(pool.pending, http.metricValues(HttpMetric.PENDING_CONCURRENCY_ACQUIRES));
		set(pool.max, http.metricValues(HttpMetric.MAX_CONCURRENCY));
		for (Duration each : acquired) {
			pool.acquire.record(each);
		}
	}

	private static void set(AtomicInteger gauge, List<Integer> values) {
		if (!values.isEmpty()) {
			gauge.set(values.get(values.size() - 1));
		}
	}

	private Timer callTimer(CallKey key) {
		return Timer.builder(AlternatorSdkMeters.API_CALLS.meterName())
			.description(AlternatorSdkMeters.API_CALLS.description())
			.tags(this.tags)
			.tag(OPERATION, key.operation())
			.tag(OUTCOME, key.outcome())
			.tag(ERROR, key.error())
			.register(this.registry);
	}

	private DistributionSummary attemptSummary(String operation) {
		AlternatorSdkMeters meter = AlternatorSdkMeters.API_CALL_ATTEMPTS;
		return DistributionSummary.builder(meter.meterName())
			.description(meter.description())
			.baseUnit(meter.baseUnit())
			.tags(this.tags)
			.tag(OPERATION, operation)
			.register(this.registry);
	}

	private Pool pool(String httpClient) {
		Tags poolTags = this.tags.and(HTTP_CLIENT, httpClient);
		Pool pool = new Pool(Timer.builder(AlternatorSdkMeters.HTTP_POOL_ACQUIRE.meterName())
			.description(AlternatorSdkMeters.HTTP_POOL_ACQUIRE.description())
			.tags(poolTags)
			.register(this.registry));
		pool.meters.add(gauge(AlternatorSdkMeters.HTTP_POOL_LEASED, poolTags, pool.leased));
		pool.meters.add(gauge(AlternatorSdkMeters.HTTP_POOL_PENDING, poolTags, pool.pending));
		pool.meters.add(gauge(AlternatorSdkMeters.HTTP_POOL_MAX, poolTags, pool.max));
		return pool;
	}

	private Gauge gauge(AlternatorSdkMeters meter, Tags poolTags, AtomicInteger value) {
		return Gauge.builder(meter.meterName(), value, AtomicInteger::get)
			.description(meter.description())
			.baseUnit(meter.baseUnit())
			.tags(poolTags)
			.strongReference(true)
			.register(this.registry);
	}

	/** The tags of one call timer. */
	private record CallKey(String operation, String outcome, String error) {
	}

	/**
	 * The last values an HTTP client implementation reported, read by its gauges. The
	 * acquisition timer stays registered on close (it may be shared).
	 */
	private static final class Pool {

		final AtomicInteger leased = new AtomicInteger();

		final AtomicInteger pending = new AtomicInteger();

		final AtomicInteger max = new AtomicInteger();

		final List<Meter> meters = new ArrayList<>(3);

		final Timer acquire;

		Pool(Timer acquire) {
			this.acquire = acquire;
		}

		void remove(MeterRegistry registry) {
			for (Meter meter : this.meters) {
				registry.remove(meter);
			}
		}

	}

}
