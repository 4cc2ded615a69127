package dev.alternator.client.internal.discovery;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.alternator.client.internal.Vectors;
import dev.alternator.client.internal.discovery.LocalNodesParser.Result;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LocalNodesParser} against the {@code java} column of
 * {@code generated-localnodes-parse.json} (scheme {@code http}, port 8000).
 */
class LocalNodesParserTests {

	static Stream<Named<JsonNode>> localNodesVectors() {
		return Vectors.named("generated-localnodes-parse.json", "body");
	}

	@ParameterizedTest
	@MethodSource("localNodesVectors")
	void parseMatchesJavaColumnForEveryVector(JsonNode vector) {
		JsonNode expected = Vectors.field(vector, "java");
		Result result = LocalNodesParser.parse(Vectors.string(vector, "body"), "http", 8000);
		switch (Vectors.string(expected, "status")) {
			case "OK" -> {
				assertThat(result.ok()).isTrue();
				assertThat(result.message()).isNull();
				assertThat(result.hosts()).containsExactlyElementsOf(Vectors.strings(Vectors.field(expected, "hosts")));
				assertThat(result.uris()).map(URI::toString)
					.containsExactlyElementsOf(Vectors.strings(Vectors.field(expected, "uris")));
			}
			case "MALFORMED" -> {
				assertThat(result.ok()).isFalse();
				assertThat(result.message()).isNotBlank();
				assertThat(result.hosts()).isEmpty();
				assertThat(result.uris()).isEmpty();
				assertThat(result.skipped()).isEmpty();
			}
			default -> throw new IllegalStateException("unknown status in " + expected);
		}
	}

	@Test
	void invalidEntriesAreSkippedAndReported() {
		Result result = LocalNodesParser.parse("[\"bad host\",\"10.0.0.3\",\"\",\"10.0.0.1:8000\",\"node-b\"]", "http",
				8000);
		assertThat(result.ok()).isTrue();
		assertThat(result.hosts()).containsExactly("10.0.0.3", "node-b");
		assertThat(result.skipped()).containsExactly("bad host", "", "10.0.0.1:8000");
	}

	@Test
	void manyInvalidEntriesMakeOneBoundedPrintableSummary() {
		StringBuilder body = new StringBuilder("[\"10.0.0.1\"");
		body.append(",\"\\u001b[31mred\\r\\nFAKE LOG LINE\"");
		body.append(",\"").append("x".repeat(10_000)).append("\"");
		for (int i = 0; i < 48; i++) {
			body.append(",\"bad host ").append(i).append("\"");
		}
		body.append("]");
		Result result = LocalNodesParser.parse(body.toString(), "http", 8000);
		assertThat(result.hosts()).containsExactly("10.0.0.1");
		assertThat(result.skippedCount()).isEqualTo(50);
		assertThat(result.skipped()).hasSize(LocalNodesParser.MAX_SKIPPED_SAMPLES)
			.allSatisfy(
					(sample) -> assertThat(sample.length()).isLessThanOrEqualTo(LocalNodesParser.MAX_SAMPLE_CHARS + 3));
		assertThat(result.skipped().get(0)).isEqualTo("\\u001b[31mred\\u000d\\u000aFAKE LOG LINE");
		assertThat(result.skipped().get(1)).isEqualTo("x".repeat(64) + "...");
		String summary = result.skippedSummary();
		assertThat(summary).startsWith("skipped 50 invalid /localnodes entries: '\\u001b[31mred")
			.endsWith("'bad host 0' and 47 more")
			.hasSizeLessThan(300);
		assertThat(summary.chars()).noneMatch((c) -> c < 0x20 || c == 0x7f);
	}

	@Test
	void samplesEscapeQuotesBackslashesAndInvisibleCharacters() {
		assertThat(LocalNodesParser.sample("a'b\\c")).isEqualTo("a\\'b\\\\c");
		assertThat(LocalNodesParser.sample("\u202eevil\u0085")).isEqualTo("\\u202eevil\\u0085");
		assertThat(LocalNodesParser.sample("\u0007".repeat(20))).isEqualTo("\\u0007".repeat(10) + "...");
		assertThat(LocalNodesParser.parse("[\"10.0.0.1\"]", "http", 8000).skippedSummary()).isNull();
	}

	@Test
	void ipv6EntriesAreBracketedWithConfiguredSchemeAndPort() {
		Result result = LocalNodesParser.parse("[\"2001:DB8::1\", \"[fe80::2]\", \"::ffff:10.0.0.1\"]", "https", 8043);
		assertThat(result.hosts()).containsExactly("[2001:DB8::1]", "[fe80::2]", "[::ffff:10.0.0.1]");
		assertThat(result.uris()).map(URI::toString)
			.containsExactly("https://[2001:DB8::1]:8043", "https://[fe80::2]:8043", "https://[::ffff:10.0.0.1]:8043");
		assertThat(result.uris()).map(URI::getHost).containsExactly("[2001:DB8::1]", "[fe80::2]", "[::ffff:10.0.0.1]");
		assertThat(result.uris()).map(URI::getPort).containsOnly(8043);
	}

	@Test
	void duplicatesAreKeptInBodyOrder() {
		Result result = LocalNodesParser.parse("[\"b\",\"a\",\"b\"]", "http", 8000);
		assertThat(result.hosts()).containsExactly("b", "a", "b");
	}

	@Test
	void trailingDataHasItsOwnMessage() {
		assertThat(LocalNodesParser.parse("[\"a\"] x", "http", 8000).message())
			.isEqualTo(LocalNodesParser.TRAILING_DATA);
		assertThat(LocalNodesParser.parse("[\"a\"][\"b\"]", "http", 8000).message())
			.isEqualTo(LocalNodesParser.TRAILING_DATA);
		assertThat(LocalNodesParser.parse("[\"a\",]", "http", 8000).message()).isEqualTo(LocalNodesParser.INVALID_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "[\"a\"] // comment", "/* c */ [\"a\"]", "['a']", "[[\"a\"]]", "[{\"a\":1}]", "[true]",
			"\"10.0.0.1\"", "   ", "[\"a\"]]" })
	void nonStrictOrNonArrayBodiesAreRejectedWhole(String body) {
		Result result = LocalNodesParser.parse(body, "http", 8000);
		assertThat(result.ok()).isFalse();
		assertThat(result.hosts()).isEmpty();
	}

	@Test
	void bodyAtSizeCapIsAcceptedAndLargerBodyIsRejected() {
		String array = "[\"10.0.0.1\"]";
		String atCap = array + " ".repeat(LocalNodesParser.MAX_BODY_CHARS - array.length());
		assertThat(atCap).hasSize(1_048_576);
		assertThat(LocalNodesParser.parse(atCap, "http", 8000).hosts()).containsExactly("10.0.0.1");
		Result tooLarge = LocalNodesParser.parse(atCap + " ", "http", 8000);
		assertThat(tooLarge.ok()).isFalse();
		assertThat(tooLarge.message()).isEqualTo(LocalNodesParser.BODY_TOO_LARGE).contains("1048576");
	}

	@Test
	void entryCountCapIsEnforced() {
		assertThat(LocalNodesParser.parse(body(10_000), "http", 8000).hosts()).hasSize(10_000);
		Result tooMany = LocalNodesParser.parse(body(10_001), "http", 8000);
		assertThat(tooMany.ok()).isFalse();
		assertThat(tooMany.message()).isEqualTo(LocalNodesParser.TOO_MANY_ENTRIES).contains("10000");
	}

	@Test
	void rejectsInvalidSchemeOrPort() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalNodesParser.parse("[]", "ftp", 8000))
			.withMessageContaining("scheme must be 'http' or 'https'");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LocalNodesParser.parse("[]", "http", 0))
			.withMessage("port must be 1-65535, got 0");
	}

	@Test
	void resultRequiresMessageExactlyWhenMalformed() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new Result(false, List.of(), List.of(), List.of(), 0, null));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new Result(true, List.of(), List.of(), List.of(), 0, "oops"));
	}

	private static String body(int entries) {
		return IntStream.range(0, entries)
			.mapToObj((i) -> "\"10." + (i >> 8) + "." + (i & 0xFF) + ".1\"")
			.collect(Collectors.joining(",", "[", "]"));
	}

}
