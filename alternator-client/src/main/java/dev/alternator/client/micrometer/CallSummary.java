package dev.alternator.client.micrometer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.SdkMetric;

/**
 * What one SDK API call's metric collection says, in the bounded vocabulary of the meters
 * and observations: operation, outcome, error class, duration and attempts.
 * <p>
 * The SDK's collection has the call's metrics at the root and one child per attempt; each
 * attempt's child holds the HTTP client's metrics. A failed attempt reports an
 * {@code ErrorType}: {@code Throttling}, {@code ServerError} (any error answer of the
 * service, 4xx included — the attempt's {@code HttpStatusCode} tells them apart),
 * {@code ConfiguredTimeout}, {@code IO} or {@code Other}.
 *
 * @param operation the operation name, {@code unknown} if the SDK did not report one
 * @param success whether the call succeeded
 * @param error the error class of the last failed attempt, {@link #NONE} if none failed
 * @param duration the call's duration, {@code null} if not reported
 * @param attempts the attempts made (retries + 1), 0 if none was made
 */
record CallSummary(String operation, boolean success, String error, @Nullable Duration duration, int attempts) {

	static final String SUCCESS = "success";

	static final String FAILURE = "failure";

	static final String NONE = "none";

	static final String THROTTLING = "throttling";

	static final String SERVER = "server";

	static final String CLIENT = "client";

	static final String IO = "io";

	static final String TIMEOUT = "timeout";

	static final String UNKNOWN_OPERATION = "unknown";

	/**
	 * Reads a call's collection.
	 * @param call the collection the SDK publishes for a call
	 * @return the summary
	 */
	static CallSummary of(MetricCollection call) {
		String operation = first(call, CoreMetric.OPERATION_NAME);
		Boolean successful = first(call, CoreMetric.API_CALL_SUCCESSFUL);
		Integer retries = first(call, CoreMetric.RETRY_COUNT);
		String error = NONE;
		int attempts = 0;
		for (MetricCollection attempt : call.children()) {
			attempts++;
			String type = first(attempt, CoreMetric.ERROR_TYPE);
			if (type != null) {
				error = errorOf(type, first(attempt, HttpMetric.HTTP_STATUS_CODE));
			}
		}
		boolean success = Boolean.TRUE.equals(successful);
		if (!success && NONE.equals(error)) {
			// failed before an attempt answered or failed: refused before sending,
			// cancelled, or ended by the API-call timeout while an attempt was in flight
			error = CLIENT;
		}
		if (retries != null) {
			attempts = retries + 1;
		}
		return new CallSummary((operation != null) ? operation : UNKNOWN_OPERATION, success, error,
				first(call, CoreMetric.API_CALL_DURATION), attempts);
	}

	/**
	 * The outcome tag value.
	 * @return {@code success} or {@code failure}
	 */
	String outcome() {
		return this.success ? SUCCESS : FAILURE;
	}

	/**
	 * The error class of an attempt's reported error type.
	 * @param type the SDK's {@code ErrorType} value
	 * @param status the attempt's HTTP status, if it got an answer
	 * @return the error class
	 */
	static String errorOf(String type, @Nullable Integer status) {
		return switch (type.toLowerCase(Locale.ROOT)) {
			case "throttling" -> THROTTLING;
			case "servererror" -> (status == null || status >= 500) ? SERVER : CLIENT;
			case "configuredtimeout" -> TIMEOUT;
			case "io" -> IO;
			default -> CLIENT;
		};
	}

	/**
	 * The error class of a call's failure, as the SDK classifies an attempt's.
	 * @param failure the failure
	 * @return the error class
	 */
	static String errorOf(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
			return TIMEOUT;
		}
		if (cause instanceof SdkException sdk && RetryUtils.isThrottlingException(sdk)) {
			return THROTTLING;
		}
		if (cause instanceof SdkServiceException service) {
			return (service.statusCode() >= 500) ? SERVER : CLIENT;
		}
		for (Throwable each = cause; each != null; each = each.getCause()) {
			if (each instanceof IOException) {
				return IO;
			}
			if (each.getCause() == each) {
				break;
			}
		}
		return CLIENT;
	}

	private static <T> @Nullable T first(MetricCollection collection, SdkMetric<T> metric) {
		List<T> values = collection.metricValues(metric);
		return values.isEmpty() ? null : values.get(values.size() - 1);
	}

}
