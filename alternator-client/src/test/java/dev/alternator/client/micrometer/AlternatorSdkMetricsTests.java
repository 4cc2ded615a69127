package dev.alternator.client.micrometer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricCollector;
import software.amazon.awssdk.metrics.MetricRecord;
import software.amazon.awssdk.metrics.SdkMetric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * How the SDK's per-call metric collections, built here as the SDK builds them, become
 * meters.
 */
class AlternatorSdkMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AlternatorSdkMetrics metrics = AlternatorSdkMetrics.create(this.registry);

	@Test
	void successfulCallIsTimedUnderItsOperationWithNoError() {
		MetricCollector call = call("GetItem", true, 0, Duration.ofMillis(12));
		attempt(call, null, 200);
		this.metrics.publish(call.collect());
		Timer timer = timer("GetItem", "success", "none");
		assertThat(timer.count()).isOne();
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12);
		assertThat(this.registry.find("alternator.api.calls").timers()).hasSize(1);
	}

	@Test
	void callThatSucceededAfterAThrottledAttemptKeepsTheThrottlingError() {
		MetricCollector call = call("PutItem", true, 1, Duration.ofMillis(5));
		attempt(call, "Throttling", 429);
		attempt(call, null, 200);
		this.metrics.publish(call.collect());
		assertThat(timer("PutItem", "success", "throttling").count()).isOne();
		assertThat(attempts("PutItem").totalAmount()).isEqualTo(2);
	}

	@Test
	void failedCallIsTaggedWithItsLastAttemptsErrorClass() {
		MetricCollector call = call("GetItem", false, 2, Duration.ofMillis(5));
		attempt(call, "Throttling", 429);
		attempt(call, "IO", null);
		attempt(call, "ServerError", 500);
		this.metrics.publish(call.collect());
		assertThat(timer("GetItem", "failure", "server").count()).isOne();
		assertThat(attempts("GetItem").totalAmount()).isEqualTo(3);
	}

	@Test
	void serviceErrorAnsweredWithA4xxStatusIsAClientError() {
		MetricCollector call = call("PutItem", false, 0, Duration.ofMillis(5));
		attempt(call, "ServerError", 400);
		this.metrics.publish(call.collect());
		assertThat(timer("PutItem", "failure", "client").count()).isOne();
	}

	@Test
	void errorTypesMapToBoundedErrorClasses() {
		assertThat(CallSummary.errorOf("Throttling", 503)).isEqualTo("throttling");
		assertThat(CallSummary.errorOf("ServerError", 503)).isEqualTo("server");
		assertThat(CallSummary.errorOf("ServerError", null)).isEqualTo("server");
		assertThat(CallSummary.errorOf("ServerError", 404)).isEqualTo("client");
		assertThat(CallSummary.errorOf("ConfiguredTimeout", null)).isEqualTo("timeout");
		assertThat(CallSummary.errorOf("IO", null)).isEqualTo("io");
		assertThat(CallSummary.errorOf("Other", null)).isEqualTo("client");
		assertThat(CallSummary.errorOf("SomethingNew", null)).isEqualTo("client");
	}

	@Test
	void failedCallWithoutAnyAttemptErrorIsAClientFailure() {
		MetricCollector call = call("GetItem", false, null, Duration.ofMillis(1));
		this.metrics.publish(call.collect());
		assertThat(timer("GetItem", "failure", "client").count()).isOne();
		assertThat(attempts("GetItem").totalAmount()).isZero();
	}

	@Test
	void callWithoutAnOperationNameIsCountedAsUnknown() {
		MetricCollector call = MetricCollector.create("ApiCall");
		call.reportMetric(CoreMetric.API_CALL_SUCCESSFUL, true);
		this.metrics.publish(call.collect());
		assertThat(timer("unknown", "success", "none").count()).isOne();
	}

	@Test
	void poolGaugesShowTheLastValuesEachHttpClientReported() {
		MetricCollector first = call("GetItem", true, 0, Duration.ofMillis(1));
		pool(attempt(first, null, 200), "Apache5", 3, 1, 50, Duration.ofMillis(2));
		this.metrics.publish(first.collect());
		MetricCollector second = call("GetItem", true, 0, Duration.ofMillis(1));
		pool(attempt(second, null, 200), "Apache5", 7, 0, 50, Duration.ofMillis(4));
		this.metrics.publish(second.collect());
		MetricCollector async = call("GetItem", true, 0, Duration.ofMillis(1));
		pool(attempt(async, null, 200), "NettyNio", 2, 5, 10, Duration.ofMillis(1));
		this.metrics.publish(async.collect());
		assertThat(gauge("alternator.http.pool.leased", "Apache5").value()).isEqualTo(7);
		assertThat(gauge("alternator.http.pool.pending", "Apache5").value()).isZero();
		assertThat(gauge("alternator.http.pool.max", "Apache5").value()).isEqualTo(50);
		assertThat(gauge("alternator.http.pool.leased", "NettyNio").value()).isEqualTo(2);
		assertThat(gauge("alternator.http.pool.pending", "NettyNio").value()).isEqualTo(5);
		Timer acquire = this.registry.get("alternator.http.pool.acquire").tag("http.client", "Apache5").timer();
		assertThat(acquire.count()).isEqualTo(2);
		assertThat(acquire.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6);
	}

	@Test
	void httpClientWithoutAPoolRegistersNoPoolMeters() {
		MetricCollector call = call("GetItem", true, 0, Duration.ofMillis(1));
		attempt(call, null, 200).createChild("HttpClient");
		this.metrics.publish(call.collect());
		assertThat(this.registry.find("alternator.http.pool.leased").gauges()).isEmpty();
		assertThat(this.registry.find("alternator.http.pool.acquire").timers()).isEmpty();
	}

	@Test
	void commonTagsAreAddedToEveryMeter() {
		AlternatorSdkMetrics tagged = AlternatorSdkMetrics.create(this.registry, Tags.of("client", "orders"));
		MetricCollector call = call("GetItem", true, 0, Duration.ofMillis(1));
		pool(attempt(call, null, 200), "Apache5", 1, 0, 50, Duration.ofMillis(1));
		tagged.publish(call.collect());
		assertThat(this.registry.get("alternator.api.calls").tag("client", "orders").timer().count()).isOne();
		assertThat(this.registry.get("alternator.api.call.attempts").tag("client", "orders").summary().count()).isOne();
		assertThat(this.registry.get("alternator.http.pool.leased").tag("client", "orders").gauge().value()).isOne();
	}

	@Test
	void closeRemovesThePoolGaugesAndIgnoresLaterCalls() {
		MetricCollector call = call("GetItem", true, 0, Duration.ofMillis(1));
		pool(attempt(call, null, 200), "Apache5", 1, 0, 50, Duration.ofMillis(1));
		this.metrics.publish(call.collect());
		this.metrics.close();
		this.metrics.close();
		assertThat(this.registry.find("alternator.http.pool.leased").gauges()).isEmpty();
		assertThat(this.registry.find("alternator.http.pool.max").gauges()).isEmpty();
		MetricCollector later = call("GetItem", true, 0, Duration.ofMillis(1));
		pool(attempt(later, null, 200), "Apache5", 1, 0, 50, Duration.ofMillis(1));
		this.metrics.publish(later.collect());
		assertThat(timer("GetItem", "success", "none").count()).isOne();
		assertThat(this.registry.find("alternator.http.pool.leased").gauges()).isEmpty();
	}

	@Test
	void publishNeverThrows() {
		MetricCollection broken = new MetricCollection() {

			@Override
			public String name() {
				return "ApiCall";
			}

			@Override
			public <T> List<T> metricValues(SdkMetric<T> metric) {
				throw new IllegalStateException("broken collection");
			}

			@Override
			public List<MetricCollection> children() {
				return List.of();
			}

			@Override
			public Instant creationTime() {
				return Instant.EPOCH;
			}

			@Override
			public java.util.Iterator<MetricRecord<?>> iterator() {
				return List.<MetricRecord<?>>of().iterator();
			}

		};
		assertThatNoException().isThrownBy(() -> this.metrics.publish(broken));
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void metersHaveTheDocumentedNamesAndUnits() {
		MetricCollector call = call("GetItem", true, 0, Duration.ofMillis(1));
		pool(attempt(call, null, 200), "Apache5", 1, 0, 50, Duration.ofMillis(1));
		this.metrics.publish(call.collect());
		for (AlternatorSdkMeters meter : AlternatorSdkMeters.values()) {
			assertThat(this.registry.find(meter.meterName()).meters()).as(meter.meterName())
				.singleElement()
				.satisfies((found) -> {
					assertThat(found.getId().getBaseUnit()).isEqualTo((meter.baseUnit() != null) ? meter.baseUnit()
							: ((found instanceof Timer) ? "seconds" : null));
					assertThat(found.getId().getDescription()).isEqualTo(meter.description());
				});
		}
	}

	private Timer timer(String operation, String outcome, String error) {
		return this.registry.get("alternator.api.calls")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.tag("error", error)
			.timer();
	}

	private DistributionSummary attempts(String operation) {
		return this.registry.get("alternator.api.call.attempts").tag("operation", operation).summary();
	}

	private Gauge gauge(String name, String httpClient) {
		return this.registry.get(name).tag("http.client", httpClient).gauge();
	}

	private static MetricCollector call(String operation, boolean success, Integer retries, Duration duration) {
		MetricCollector call = MetricCollector.create("ApiCall");
		call.reportMetric(CoreMetric.OPERATION_NAME, operation);
		call.reportMetric(CoreMetric.SERVICE_ID, "DynamoDB");
		call.reportMetric(CoreMetric.API_CALL_SUCCESSFUL, success);
		call.reportMetric(CoreMetric.API_CALL_DURATION, duration);
		if (retries != null) {
			call.reportMetric(CoreMetric.RETRY_COUNT, retries);
		}
		return call;
	}

	private static MetricCollector attempt(MetricCollector call, String errorType, Integer status) {
		MetricCollector attempt = call.createChild("ApiCallAttempt");
		if (errorType != null) {
			attempt.reportMetric(CoreMetric.ERROR_TYPE, errorType);
		}
		if (status != null) {
			attempt.reportMetric(HttpMetric.HTTP_STATUS_CODE, status);
		}
		return attempt;
	}

	private static void pool(MetricCollector attempt, String client, int leased, int pending, int max,
			Duration acquire) {
		MetricCollector http = attempt.createChild("HttpClient");
		http.reportMetric(HttpMetric.HTTP_CLIENT_NAME, client);
		http.reportMetric(HttpMetric.LEASED_CONCURRENCY, leased);
		http.reportMetric(HttpMetric.PENDING_CONCURRENCY_ACQUIRES, pending);
		http.reportMetric(HttpMetric.MAX_CONCURRENCY, max);
		http.reportMetric(HttpMetric.AVAILABLE_CONCURRENCY, max - leased);
		http.reportMetric(HttpMetric.CONCURRENCY_ACQUIRE_DURATION, acquire);
	}

}
