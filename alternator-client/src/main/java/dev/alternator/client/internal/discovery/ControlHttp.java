package dev.alternator.client.internal.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.internal.wire.Tls;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The HTTP client of the node directory itself: discovery ({@code GET /localnodes}) and
 * health probes ({@code GET /}). Every request has one total deadline, enforced by
 * aborting it, so a hung node never stalls discovery. Uses a pooled keep-alive client;
 * bodies are always drained so connections are reused. Uses the same TLS settings as API
 * traffic.
 * <p>
 * Thread-safe.
 */
public final class ControlHttp implements ControlClient {

	/**
	 * Largest body read; larger bodies are rejected.
	 */
	static final int MAX_BODY_BYTES = 1 << 20;

	private final SdkHttpClient client;

	private final ScheduledExecutorService scheduler;

	private final String userAgent;

	public ControlHttp(AlternatorConfig config, @Nullable Tls tls, ScheduledExecutorService scheduler,
			String userAgent) {
		Duration deadline = config.discoveryTimeout();
		Duration connect = (config.connectTimeout().compareTo(deadline) < 0) ? config.connectTimeout() : deadline;
		AttributeMap options = AttributeMap.builder()
			.put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, connect)
			.put(SdkHttpConfigurationOption.READ_TIMEOUT, deadline)
			.put(SdkHttpConfigurationOption.MAX_CONNECTIONS, 16)
			.put(SdkHttpConfigurationOption.CONNECTION_MAX_IDLE_TIMEOUT, config.connectionMaxIdleTime())
			.put(SdkHttpConfigurationOption.CONNECTION_ACQUIRE_TIMEOUT, deadline)
			.build();
		Apache5HttpClient.Builder builder = Apache5HttpClient.builder();
		if (tls != null) {
			// the same verification, client certificate and server name as API traffic
			builder.tlsSocketStrategy(tls.socketStrategy());
		}
		this.client = builder.buildWithDefaults(options);
		this.scheduler = scheduler;
		this.userAgent = userAgent;
	}

	@Override
	public Response get(URI uri, Duration deadline) throws IOException {
		SdkHttpFullRequest request = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.GET)
			.uri(uri)
			.putHeader("Accept", "application/json")
			.putHeader("User-Agent", this.userAgent)
			.build();
		ExecutableHttpRequest executable = this.client
			.prepareRequest(HttpExecuteRequest.builder().request(request).build());
		AtomicBoolean expired = new AtomicBoolean();
		ScheduledFuture<?> abort = this.scheduler.schedule(() -> {
			expired.set(true);
			executable.abort();
		}, deadline.toNanos(), TimeUnit.NANOSECONDS);
		try {
			HttpExecuteResponse response = executable.call();
			int status = response.httpResponse().statusCode();
			String body = "";
			if (response.responseBody().isPresent()) {
				try (AbortableInputStream in = response.responseBody().get()) {
					body = readCapped(in);
				}
			}
			return new Response(status, body);
		}
		catch (IOException | UncheckedIOException | IllegalStateException ex) {
			if (expired.get()) {
				throw new IOException("no answer within " + deadline.toMillis() + " ms", ex);
			}
			throw (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
		}
		finally {
			abort.cancel(false);
		}
	}

	private static String readCapped(InputStream in) throws IOException {
		byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
		if (bytes.length > MAX_BODY_BYTES) {
			throw new BodyTooLargeException(MAX_BODY_BYTES);
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.client.close();
	}

	/**
	 * A body above {@link #MAX_BODY_BYTES}.
	 */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException(int limit) {
			super("body larger than " + limit + " bytes");
		}

	}

}
