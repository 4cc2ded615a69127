package dev.alternator.client.micrometer;

import org.jspecify.annotations.Nullable;

/**
 * The meters {@link AlternatorSdkMetrics} registers: name, base unit, description and
 * tags. Every tag has a bounded set of values: no table name, key or request id is ever a
 * tag.
 *
 * @since 0.1.0
 */
public enum AlternatorSdkMeters {

	/**
	 * Timer of API calls, from the first attempt to the answer (retries and their backoff
	 * included). Tags: {@code operation} (the DynamoDB operation: {@code GetItem},
	 * {@code PutItem}, …), {@code outcome} ({@code success} or {@code failure}) and
	 * {@code error}: the error of the call's last failed attempt — {@code throttling},
	 * {@code server} (5xx), {@code timeout} (an attempt or API-call timeout), {@code io}
	 * (connection reset, refused, …) or {@code client} (a 4xx other than throttling, or a
	 * failure on the client side such as a cancelled call) — and {@code none} when no
	 * attempt failed. A successful call with an error other than {@code none} succeeded
	 * on a retry.
	 */
	API_CALLS("alternator.api.calls", null, "DynamoDB API calls, retries included"),

	/**
	 * Distribution summary of the attempts each API call made (1 = no retry). Tag
	 * {@code operation}.
	 */
	API_CALL_ATTEMPTS("alternator.api.call.attempts", "attempts", "Attempts made by each DynamoDB API call"),

	/**
	 * Gauge of the HTTP connections in use, as the HTTP client last reported them after
	 * an attempt. Tag {@code http.client}: the SDK's name of the HTTP client
	 * ({@code Apache5}, {@code NettyNio}, …). The Apache client reports its whole pool
	 * (every node); the Netty client reports the pool of the node the attempt went to (it
	 * keeps one per node); the URL-connection client has no pool and reports nothing, so
	 * the gauge is absent.
	 */
	HTTP_POOL_LEASED("alternator.http.pool.leased", "connections",
			"HTTP connections in use, as last reported by the SDK's HTTP client"),

	/**
	 * Gauge of the requests waiting for an HTTP connection, as the HTTP client last
	 * reported them. Tag {@code http.client}. Above zero, the pool is exhausted: calls
	 * queue and may end with a connection-acquisition timeout.
	 */
	HTTP_POOL_PENDING("alternator.http.pool.pending", "requests",
			"Requests waiting for an HTTP connection, as last reported by the SDK's HTTP client"),

	/**
	 * Gauge of the most connections the reported pool may open. Tag {@code http.client}.
	 */
	HTTP_POOL_MAX("alternator.http.pool.max", "connections",
			"Connections the HTTP pool may open, as last reported by the SDK's HTTP client"),

	/**
	 * Timer of the time each attempt waited to lease an HTTP connection. Tag
	 * {@code http.client}. Reported by the Apache and Netty clients; a rising high
	 * percentile shows pool pressure before it turns into timeouts.
	 */
	HTTP_POOL_ACQUIRE("alternator.http.pool.acquire", null, "Time attempts waited to lease an HTTP connection");

	private final String meterName;

	private final @Nullable String baseUnit;

	private final String description;

	AlternatorSdkMeters(String meterName, @Nullable String baseUnit, String description) {
		this.meterName = meterName;
		this.baseUnit = baseUnit;
		this.description = description;
	}

	/**
	 * The meter name.
	 * @return the name
	 */
	public String meterName() {
		return this.meterName;
	}

	/**
	 * The base unit.
	 * @return the base unit, or {@code null} for none (timers record durations)
	 */
	public @Nullable String baseUnit() {
		return this.baseUnit;
	}

	/**
	 * The description.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
