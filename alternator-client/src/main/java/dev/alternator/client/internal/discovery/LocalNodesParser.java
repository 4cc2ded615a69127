package dev.alternator.client.internal.discovery;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import dev.alternator.client.internal.common.Endpoints;
import dev.alternator.client.internal.common.Host;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;

/**
 * Parser of {@code /localnodes} response bodies.
 * <p>
 * A valid body is a JSON array of strings with nothing but whitespace after it (strict
 * JSON: no comments, no trailing commas). Anything else rejects the <em>whole</em> body
 * ({@link Result#ok()} is {@code false}): objects, {@code null}, numbers, non-string
 * entries, trailing data, an empty body. Each entry must be a {@link Host}: an IPv4
 * literal, an IPv6 literal (with or without brackets; it is bracketed in the result) or a
 * host name; invalid single entries such as {@code "bad host"}, {@code "10.0.0.1:8000"}
 * or {@code ""} are skipped and counted. The result keeps a few of them, made safe for a
 * log line, and {@link Result#skippedSummary()} gives the one line to log for them. Hosts
 * keep their spelling and duplicates are kept, in body order: canonicalization and
 * deduplication happen later ({@link Endpoints}).
 * <p>
 * Caps: a body longer than 1 MiB, counted in {@code char}s ({@code 1_048_576} UTF-16 code
 * units of the decoded body; a valid response is ASCII, where this equals bytes), or with
 * more than 10 000 entries is rejected as malformed. Callers reading the HTTP response
 * should stop reading after the same number of bytes. The envelope (top-level array,
 * entry count, end of input) is checked with a streaming pass before any node is built;
 * the entries are then read with the SDK's {@link JsonNodeParser}, which on its own stops
 * after the first JSON value and would ignore trailing data.
 * <p>
 * This class does no logging. It is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class LocalNodesParser {

	/** Maximum accepted body length, in {@code char}s (1 MiB). */
	static final int MAX_BODY_CHARS = 1_048_576;

	/** Maximum accepted number of entries in the array. */
	static final int MAX_ENTRIES = 10_000;

	/** How many skipped entries a result keeps as samples. */
	static final int MAX_SKIPPED_SAMPLES = 3;

	/** Longest sample of a skipped entry, in characters after escaping. */
	static final int MAX_SAMPLE_CHARS = 64;

	static final String INVALID_JSON = "invalid /localnodes JSON response";

	static final String TRAILING_DATA = "invalid trailing data in /localnodes JSON response";

	static final String BODY_TOO_LARGE = "/localnodes response body exceeds " + MAX_BODY_CHARS + " characters";

	static final String TOO_MANY_ENTRIES = "/localnodes response lists more than " + MAX_ENTRIES + " entries";

	/** Strict JSON (the SDK's default factory accepts comments). */
	private static final JsonFactory JSON_FACTORY = new JsonFactory();

	private static final JsonNodeParser JSON_PARSER = JsonNodeParser.builder()
		.jsonFactory(JSON_FACTORY)
		.removeErrorLocations(true)
		.build();

	private LocalNodesParser() {
	}

	/**
	 * Parse a {@code /localnodes} response body.
	 * @param body the response body text
	 * @param scheme the scheme of the node URIs, {@code http} or {@code https}
	 * @param port the port of the node URIs, 1 to 65535
	 * @return the parse result; never {@code null}
	 * @throws IllegalArgumentException if {@code scheme} or {@code port} is invalid
	 */
	public static Result parse(String body, String scheme, int port) {
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new IllegalArgumentException("scheme must be 'http' or 'https', got '" + scheme + "'");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be 1-65535, got " + port);
		}
		if (body.length() > MAX_BODY_CHARS) {
			return Result.malformed(BODY_TOO_LARGE);
		}
		String envelopeProblem = checkEnvelope(body);
		if (envelopeProblem != null) {
			return Result.malformed(envelopeProblem);
		}
		JsonNode root;
		try {
			root = JSON_PARSER.parse(body);
		}
		catch (RuntimeException ex) {
			return Result.malformed(INVALID_JSON);
		}
		if (root == null || !root.isArray()) {
			return Result.malformed(INVALID_JSON);
		}
		List<JsonNode> entries = root.asArray();
		List<String> hosts = new ArrayList<>(entries.size());
		List<URI> uris = new ArrayList<>(entries.size());
		List<String> samples = new ArrayList<>();
		int skipped = 0;
		for (JsonNode entry : entries) {
			if (!entry.isString()) {
				return Result.malformed(INVALID_JSON);
			}
			String value = entry.asString();
			Host host = Host.parseOrNull(value);
			URI uri = (host != null) ? toUri(scheme, host.uriForm(), port) : null;
			if (host == null || uri == null) {
				if (++skipped <= MAX_SKIPPED_SAMPLES) {
					samples.add(sample(value));
				}
			}
			else {
				hosts.add(host.uriForm());
				uris.add(uri);
			}
		}
		return new Result(true, hosts, uris, samples, skipped, null);
	}

	/**
	 * Check that the body is exactly one JSON array with at most {@link #MAX_ENTRIES}
	 * entries, followed only by whitespace, without building nodes.
	 * @param body the body
	 * @return {@code null} if the envelope is valid, otherwise the problem
	 */
	private static @Nullable String checkEnvelope(String body) {
		boolean arrayClosed = false;
		try (JsonParser parser = JSON_FACTORY.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				return INVALID_JSON;
			}
			int entries = 0;
			JsonToken token = parser.nextToken();
			while (token != JsonToken.END_ARRAY) {
				if (token == null) {
					return INVALID_JSON;
				}
				if (++entries > MAX_ENTRIES) {
					return TOO_MANY_ENTRIES;
				}
				parser.skipChildren();
				token = parser.nextToken();
			}
			arrayClosed = true;
			return (parser.nextToken() != null) ? TRAILING_DATA : null;
		}
		catch (IOException | RuntimeException ex) {
			return arrayClosed ? TRAILING_DATA : INVALID_JSON;
		}
	}

	/**
	 * A skipped entry made safe for one log line: control, format and other non-printable
	 * characters are written as a backslash, {@code u} and four hex digits, quotes and
	 * backslashes get a backslash before them, and the result is cut at
	 * {@value #MAX_SAMPLE_CHARS} characters, marked with {@code ...}.
	 * @param entry the entry as the node sent it
	 * @return the printable sample
	 */
	static String sample(String entry) {
		StringBuilder out = new StringBuilder(Math.min(entry.length(), MAX_SAMPLE_CHARS) + 3);
		for (int i = 0; i < entry.length(); i++) {
			String escaped = escape(entry.charAt(i));
			if (out.length() + escaped.length() > MAX_SAMPLE_CHARS) {
				return out.append("...").toString();
			}
			out.append(escaped);
		}
		return out.toString();
	}

	private static String escape(char c) {
		if (c == '\\' || c == '\'') {
			return "\\" + c;
		}
		boolean printable = c >= 0x20 && c < 0x7f || (c > 0x9f && switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SPACE_SEPARATOR ->
				false;
			default -> true;
		});
		return printable ? String.valueOf(c) : String.format("\\u%04x", (int) c);
	}

	private static @Nullable URI toUri(String scheme, String host, int port) {
		try {
			URI uri = new URI(scheme + "://" + host + ":" + port);
			return (uri.getHost() != null) ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Outcome of parsing one {@code /localnodes} body.
	 * <p>
	 * Immutable and thread-safe.
	 *
	 * @param ok whether the body was well-formed; {@code false} means the whole body was
	 * rejected and must be treated like "no nodes from this host"
	 * @param hosts the accepted hosts in body order, duplicates kept, IPv6 literals in
	 * brackets (for example {@code [::1]}); empty when not {@code ok}
	 * @param uris the node URIs {@code scheme://host:port}, parallel to {@code hosts}
	 * @param skipped the first {@value #MAX_SKIPPED_SAMPLES} entries skipped as invalid
	 * hosts, in body order, already escaped and shortened for a log line; empty when not
	 * {@code ok}
	 * @param skippedCount how many entries were skipped in all
	 * @param message why the body was rejected; {@code null} when {@code ok}
	 * @since 0.1.0
	 */
	public record Result(boolean ok, List<String> hosts, List<URI> uris, List<String> skipped, int skippedCount,
			@Nullable String message) {

		/**
		 * Create a result, copying the lists.
		 * @param ok whether the body was well-formed
		 * @param hosts the accepted hosts
		 * @param uris the node URIs, parallel to {@code hosts}
		 * @param skipped samples of the skipped entries, safe to log
		 * @param skippedCount how many entries were skipped, at least
		 * {@code skipped.size()}
		 * @param message why the body was rejected; required when not {@code ok}, must be
		 * {@code null} otherwise
		 */
		public Result {
			hosts = List.copyOf(hosts);
			uris = List.copyOf(uris);
			skipped = List.copyOf(skipped);
			if (hosts.size() != uris.size()) {
				throw new IllegalArgumentException("hosts and uris must have the same size");
			}
			if (skippedCount < skipped.size()) {
				throw new IllegalArgumentException("skippedCount must be at least the number of samples");
			}
			if (ok == (message != null)) {
				throw new IllegalArgumentException("message must be set exactly when ok is false");
			}
		}

		static Result malformed(String message) {
			return new Result(false, List.of(), List.of(), List.of(), 0, message);
		}

		/**
		 * The one line to log about the skipped entries of this answer, for example
		 * {@code skipped 12 invalid /localnodes entries: 'bad host', '10.0.0.1:8000', 'x'
		 * and 9 more}. It holds no character of the answer that is not printable, and its
		 * length is bounded whatever the answer.
		 * @return the line, or {@code null} when no entry was skipped
		 */
		public @Nullable String skippedSummary() {
			if (this.skippedCount == 0) {
				return null;
			}
			StringBuilder line = new StringBuilder("skipped ").append(this.skippedCount)
				.append((this.skippedCount == 1) ? " invalid /localnodes entry: " : " invalid /localnodes entries: ");
			for (int i = 0; i < this.skipped.size(); i++) {
				line.append((i > 0) ? ", '" : "'").append(this.skipped.get(i)).append('\'');
			}
			int more = this.skippedCount - this.skipped.size();
			if (more > 0) {
				line.append(" and ").append(more).append(" more");
			}
			return line.toString();
		}

	}

}
