package dev.alternator.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP request that an emulated node received, with what the node did with it.
 * <p>
 * A request is recorded once: just before its answer is written (so the record is visible
 * as soon as the client has the answer), or when the node gives up on it (connection
 * reset by {@link LocalAlternatorNode#down()}, node rejecting or hanging).
 * {@link #status()} is the status of the answer, {@code 0} when none was sent;
 * {@link #forwarded()} tells whether the request reached the DynamoDB backend (was
 * "applied"), so "applied but the client saw a failure" is observable.
 * <p>
 * Instances are immutable and thread-safe; the body accessors return copies.
 *
 * @since 0.1.0
 */
public final class RecordedRequest {

	private final String method;

	private final String path;

	private final String query;

	private final @Nullable String operation;

	private final Map<String, List<String>> headers;

	private final byte[] rawBody;

	private final byte[] decodedBody;

	private final int status;

	private final long receivedAtNanos;

	private final Instant receivedAt;

	private final @Nullable Boolean signatureValid;

	private final boolean rejected;

	private final boolean forwarded;

	private RecordedRequest(Builder builder) {
		this.method = builder.method;
		this.path = builder.path;
		this.query = builder.query;
		this.operation = builder.operation;
		this.headers = builder.headers;
		this.rawBody = builder.rawBody;
		this.decodedBody = builder.decodedBody;
		this.status = builder.status;
		this.receivedAtNanos = builder.receivedAtNanos;
		this.receivedAt = builder.receivedAt;
		this.signatureValid = builder.signatureValid;
		this.rejected = builder.rejected;
		this.forwarded = builder.forwarded;
	}

	/**
	 * The request method, e.g. {@code POST}.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * The request path without the query, e.g. {@code /localnodes}.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * The raw query string without {@code ?} (still percent-encoded), empty when absent.
	 * @return the query
	 */
	public String query() {
		return this.query;
	}

	/**
	 * The DynamoDB operation: the text after the first {@code .} of the
	 * {@code X-Amz-Target} header (e.g. {@code GetItem}), as Alternator reads it.
	 * @return the operation, or {@code null} when the request carried no
	 * {@code X-Amz-Target} with a {@code .}
	 */
	public @Nullable String operation() {
		return this.operation;
	}

	/**
	 * The received header fields: a case-insensitive, unmodifiable map from field name to
	 * the values in received order.
	 * @return the headers
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * The first value of a header field.
	 * @param name the field name, in any case
	 * @return the value, or {@code null} when absent
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * The body bytes as received (still compressed when the request used a
	 * {@code Content-Encoding}); empty when the node did not read a body.
	 * @return a copy of the raw body
	 */
	public byte[] rawBody() {
		return this.rawBody.clone();
	}

	/**
	 * The body after {@code Content-Encoding} decoding; equal to {@link #rawBody()} for
	 * requests without an encoding, empty when decoding failed or no body was read.
	 * @return a copy of the decoded body
	 */
	public byte[] decodedBody() {
		return this.decodedBody.clone();
	}

	/**
	 * The decoded body as UTF-8 text.
	 * @return the decoded body text
	 */
	public String decodedBodyAsString() {
		return new String(this.decodedBody, StandardCharsets.UTF_8);
	}

	/**
	 * The status of the answer the node wrote (a write that fails because the client went
	 * away still counts).
	 * @return the status code, or {@code 0} when the node gave up without answering
	 */
	public int status() {
		return this.status;
	}

	/**
	 * When the request head had been read, from {@link System#nanoTime()}.
	 * @return the monotonic receive time
	 */
	public long receivedAtNanos() {
		return this.receivedAtNanos;
	}

	/**
	 * When the request head had been read, by the wall clock.
	 * @return the receive time
	 */
	public Instant receivedAt() {
		return this.receivedAt;
	}

	/**
	 * The outcome of the SigV4 check.
	 * @return {@code true} or {@code false} when the signature was verified, {@code null}
	 * when it was not (verification off, not an API request, or the node failed the
	 * request before checking)
	 */
	public @Nullable Boolean signatureValid() {
		return this.signatureValid;
	}

	/**
	 * Whether the node was {@linkplain LocalAlternatorNode#reject() rejecting}: it read
	 * the request head and reset the connection without answering.
	 * @return whether the attempt was rejected
	 */
	public boolean rejected() {
		return this.rejected;
	}

	/**
	 * Whether the request was passed to the DynamoDB backend (and so possibly applied),
	 * whatever happened to the answer afterwards.
	 * @return whether the request reached the backend
	 */
	public boolean forwarded() {
		return this.forwarded;
	}

	@Override
	public String toString() {
		return this.method + " " + this.path + ((this.query.isEmpty()) ? "" : "?" + this.query)
				+ ((this.operation != null) ? " " + this.operation : "") + " -> "
				+ ((this.rejected) ? "rejected" : String.valueOf(this.status));
	}

	static Builder builder(String method, String path, String query, List<Header> headers, long receivedAtNanos,
			Instant receivedAt) {
		return new Builder(method, path, query, headers, receivedAtNanos, receivedAt);
	}

	/**
	 * Collects the facts about a request while the node handles it. Not thread-safe: used
	 * by the one connection thread that handles the request.
	 */
	static final class Builder {

		private static final byte[] EMPTY = new byte[0];

		private final String method;

		private final String path;

		private final String query;

		private final @Nullable String operation;

		private final Map<String, List<String>> headers;

		private final long receivedAtNanos;

		private final Instant receivedAt;

		private byte[] rawBody = EMPTY;

		private byte[] decodedBody = EMPTY;

		private int status;

		private @Nullable Boolean signatureValid;

		private boolean rejected;

		private boolean forwarded;

		private Builder(String method, String path, String query, List<Header> headerList, long receivedAtNanos,
				Instant receivedAt) {
			this.method = method;
			this.path = path;
			this.query = query;
			this.receivedAtNanos = receivedAtNanos;
			this.receivedAt = receivedAt;
			TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (Header header : headerList) {
				map.computeIfAbsent(header.name(), (name) -> new ArrayList<>()).add(header.value());
			}
			map.replaceAll((name, values) -> List.copyOf(values));
			this.headers = Collections.unmodifiableMap(map);
			this.operation = operationOf(header("X-Amz-Target"));
		}

		@Nullable String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		@Nullable String operation() {
			return this.operation;
		}

		Builder rawBody(byte[] body) {
			this.rawBody = body;
			this.decodedBody = body;
			return this;
		}

		byte[] rawBodyBytes() {
			return this.rawBody;
		}

		Builder decodedBody(byte[] body) {
			this.decodedBody = body;
			return this;
		}

		Builder status(int status) {
			this.status = status;
			return this;
		}

		Builder signatureValid(boolean valid) {
			this.signatureValid = valid;
			return this;
		}

		Builder rejected() {
			this.rejected = true;
			return this;
		}

		Builder forwarded() {
			this.forwarded = true;
			return this;
		}

		Map<String, List<String>> headers() {
			return this.headers;
		}

		RecordedRequest build() {
			return new RecordedRequest(this);
		}

		/**
		 * The operation name as Alternator takes it: the text after the first dot.
		 */
		static @Nullable String operationOf(@Nullable String target) {
			if (target == null) {
				return null;
			}
			int dot = target.indexOf('.');
			return (dot < 0) ? null : target.substring(dot + 1);
		}

	}

}
