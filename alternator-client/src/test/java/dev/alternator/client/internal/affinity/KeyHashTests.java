package dev.alternator.client.internal.affinity;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import dev.alternator.client.internal.Vectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyHash} against {@code attribute-hash.anchor.json} and
 * {@code generated-attribute-hash.json}.
 */
class KeyHashTests {

	static Stream<Named<JsonNode>> anchorVectors() {
		return Vectors.named("attribute-hash.anchor.json", "typed_bytes_hex");
	}

	static Stream<Named<JsonNode>> generatedVectors() {
		return Vectors.named("generated-attribute-hash.json", "typed_bytes_hex");
	}

	@ParameterizedTest
	@MethodSource("anchorVectors")
	void typedBytesHashMatchesAnchor(JsonNode vector) {
		long expected = Vectors.longValue(Vectors.field(vector, "expected_signed_hash"));
		assertThat(Vectors.longValue(Vectors.field(vector, "java"))).isEqualTo(expected);
		assertThat(KeyHash.murmur3x64_128_h1(typedBytes(vector))).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("anchorVectors")
	void typedHashOfPayloadMatchesAnchor(JsonNode vector) {
		long expected = Vectors.longValue(Vectors.field(vector, "expected_signed_hash"));
		assertThat(typedHashOfPayload(vector)).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("generatedVectors")
	void typedBytesHashMatchesJavaColumn(JsonNode vector) {
		long expected = Vectors.longValue(Vectors.field(vector, "java"));
		assertThat(KeyHash.murmur3x64_128_h1(typedBytes(vector))).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("generatedVectors")
	void typedHashOfPayloadMatchesJavaColumn(JsonNode vector) {
		long expected = Vectors.longValue(Vectors.field(vector, "java"));
		if (Vectors.field(vector, "payload").isNull()) {
			// The payload is described by payload_note; typed_bytes_hex is authoritative.
			byte[] typed = typedBytes(vector);
			String payload = new String(typed, 1, typed.length - 1, StandardCharsets.UTF_8);
			assertThat(typed[0]).isEqualTo((byte) KeyHash.TYPE_STRING);
			assertThat(payload).isEqualTo("a".repeat(1000));
			assertThat(KeyHash.hashString(payload)).isEqualTo(expected);
			return;
		}
		assertThat(typedHashOfPayload(vector)).isEqualTo(expected);
	}

	@Test
	void generatedFileHasOneHundredSixtyVectors() {
		assertThat(Vectors.vectors("generated-attribute-hash.json")).hasSize(160);
		assertThat(Vectors.vectors("attribute-hash.anchor.json")).hasSize(14);
	}

	@Test
	void tailBytesAreUnsigned() {
		// 03 ff 00 80: a sign-extending tail would mix 0xffffffffffff80.. into k1.
		long expected = Vectors.vectors("attribute-hash.anchor.json")
			.stream()
			.filter((vector) -> Vectors.string(vector, "typed_bytes_hex").equals("03ff0080"))
			.map((vector) -> Vectors.longValue(Vectors.field(vector, "expected_signed_hash")))
			.findFirst()
			.orElseThrow();
		assertThat(KeyHash.hashBinary(new byte[] { (byte) 0xff, 0x00, (byte) 0x80 })).isEqualTo(expected);
		assertThat(KeyHash.murmur3x64_128_h1(new byte[] { 0x03, (byte) 0xff, 0x00, (byte) 0x80 })).isEqualTo(expected);
	}

	@Test
	void emptyInputHashesToZero() {
		assertThat(KeyHash.murmur3x64_128_h1(new byte[0])).isZero();
	}

	@Test
	void sameTextDiffersByType() {
		long asString = KeyHash.hashString("12345");
		long asNumber = KeyHash.hashNumber("12345");
		long asBinary = KeyHash.hashBinary("12345".getBytes(StandardCharsets.UTF_8));
		assertThat(asString).isNotEqualTo(asNumber).isNotEqualTo(asBinary);
		assertThat(asNumber).isNotEqualTo(asBinary);
	}

	@Test
	void streamingBinaryHashMatchesBlockHashForEveryLength() {
		SplittableRandom random = new SplittableRandom(11);
		for (int length = 0; length <= 100; length++) {
			byte[] payload = new byte[length];
			random.nextBytes(payload);
			assertThat(KeyHash.hashBinary(payload)).as("length %d", length)
				.isEqualTo(KeyHash.murmur3x64_128_h1(typed(KeyHash.TYPE_BINARY, payload)));
		}
	}

	@Test
	void streamingStringHashMatchesUtf8BytesIncludingUnpairedSurrogates() {
		SplittableRandom random = new SplittableRandom(13);
		char[] alphabet = { 'a', 'Z', '0', ' ', '\u0000', '\u007f', '\u0080', '\u00fc', '\u07ff', '\u0800', '\u3053',
				'\uffff', '\ud83d', '\ude00', '\udbff', '\udfff' };
		for (int i = 0; i < 2000; i++) {
			char[] chars = new char[random.nextInt(40)];
			for (int j = 0; j < chars.length; j++) {
				chars[j] = alphabet[random.nextInt(alphabet.length)];
			}
			String s = new String(chars);
			byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
			assertThat(KeyHash.hashString(s)).isEqualTo(KeyHash.murmur3x64_128_h1(typed(KeyHash.TYPE_STRING, utf8)));
			assertThat(KeyHash.hashNumber(s)).isEqualTo(KeyHash.murmur3x64_128_h1(typed(KeyHash.TYPE_NUMBER, utf8)));
		}
	}

	private static long typedHashOfPayload(JsonNode vector) {
		String type = Vectors.string(vector, "type");
		String payload = Vectors.string(vector, "payload");
		String encoding = Vectors.string(vector, "payload_encoding");
		byte[] typed = typedBytes(vector);
		byte[] payloadBytes = encoding.equals("hex") ? Vectors.hex(payload) : payload.getBytes(StandardCharsets.UTF_8);
		int typeByte = switch (type) {
			case "S" -> KeyHash.TYPE_STRING;
			case "N" -> KeyHash.TYPE_NUMBER;
			case "B" -> KeyHash.TYPE_BINARY;
			default -> throw new IllegalStateException("unknown type " + type);
		};
		assertThat(typed).as("typed_bytes_hex is the type byte + payload").isEqualTo(typed(typeByte, payloadBytes));
		return switch (type) {
			case "S" -> KeyHash.hashString(payload);
			case "N" -> KeyHash.hashNumber(payload);
			default -> KeyHash.hashBinary(Vectors.hex(payload));
		};
	}

	private static byte[] typedBytes(JsonNode vector) {
		return Vectors.hex(Vectors.string(vector, "typed_bytes_hex"));
	}

	private static byte[] typed(int type, byte[] payload) {
		byte[] typed = new byte[payload.length + 1];
		typed[0] = (byte) type;
		System.arraycopy(payload, 0, typed, 1, payload.length);
		return typed;
	}

}
