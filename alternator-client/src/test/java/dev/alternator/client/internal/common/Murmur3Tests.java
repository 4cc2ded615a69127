package dev.alternator.client.internal.common;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import dev.alternator.client.internal.common.Murmur3.Tail;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Murmur3}: the streaming forms equal the block form in both tail modes,
 * and the modes differ exactly when a tail byte is {@code >= 0x80} below the eighth lane
 * byte.
 */
class Murmur3Tests {

	@Test
	void streamingPrefixedHashMatchesBlockHashForEveryLengthInBothModes() {
		SplittableRandom random = new SplittableRandom(21);
		for (Tail tail : Tail.values()) {
			for (int length = 0; length <= 100; length++) {
				byte[] payload = new byte[length];
				random.nextBytes(payload);
				assertThat(Murmur3.hash(0x7f, payload, tail)).as("%s length %d", tail, length)
					.isEqualTo(Murmur3.hash(prefixed(0x7f, payload), tail));
				assertThat(Murmur3.hash(0xff, payload, tail)).isEqualTo(Murmur3.hash(prefixed(0xff, payload), tail));
				assertThat(Murmur3.hash(Murmur3.NO_PREFIX, payload, tail)).isEqualTo(Murmur3.hash(payload, tail));
			}
		}
	}

	@Test
	void streamingUtf8HashMatchesBlockHashOfEncodedBytesInBothModes() {
		SplittableRandom random = new SplittableRandom(23);
		char[] alphabet = { 'a', '0', '\u007f', '\u0080', '\u00fc', '\u07ff', '\u0800', '\u3053', '\uffff', '\ud83d',
				'\ude00', '\udbff', '\udfff' };
		for (int i = 0; i < 2000; i++) {
			char[] chars = new char[random.nextInt(40)];
			for (int j = 0; j < chars.length; j++) {
				chars[j] = alphabet[random.nextInt(alphabet.length)];
			}
			String s = new String(chars);
			byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
			for (Tail tail : Tail.values()) {
				assertThat(Murmur3.hashUtf8(Murmur3.NO_PREFIX, s, tail)).isEqualTo(Murmur3.hash(utf8, tail));
				assertThat(Murmur3.hashUtf8(0x01, s, tail)).isEqualTo(Murmur3.hash(prefixed(0x01, utf8), tail));
			}
		}
	}

	@Test
	void modesAgreeWhenNoTailByteHasItsHighBitSet() {
		SplittableRandom random = new SplittableRandom(25);
		for (int length = 0; length <= 64; length++) {
			byte[] data = new byte[length];
			for (int i = 0; i < length; i++) {
				// full blocks may hold any byte: they are read unsigned in both modes
				data[i] = (byte) ((i < length - length % 16) ? random.nextInt(256) : random.nextInt(128));
			}
			assertThat(Murmur3.hash(data, Tail.SIGN_EXTENDED)).isEqualTo(Murmur3.hash(data, Tail.UNSIGNED));
		}
	}

	@Test
	void modesDifferWhenATailByteHasItsHighBitSet() {
		for (int position : new int[] { 0, 1, 6, 8, 9, 13 }) {
			byte[] data = new byte[15];
			data[position] = (byte) 0x80;
			assertThat(Murmur3.hash(data, Tail.SIGN_EXTENDED)).as("position %d", position)
				.isNotEqualTo(Murmur3.hash(data, Tail.UNSIGNED));
		}
	}

	@Test
	void lastByteOfALaneHasNoHigherBitsToExtend() {
		byte[] data = new byte[15];
		data[7] = (byte) 0xff;
		assertThat(Murmur3.hash(data, Tail.SIGN_EXTENDED)).isEqualTo(Murmur3.hash(data, Tail.UNSIGNED));
		byte[] full = new byte[16];
		full[3] = (byte) 0xff;
		assertThat(Murmur3.hash(full, Tail.SIGN_EXTENDED)).isEqualTo(Murmur3.hash(full, Tail.UNSIGNED));
	}

	@Test
	void emptyInputHashesToZeroInBothModes() {
		assertThat(Murmur3.hash(new byte[0], Tail.UNSIGNED)).isZero();
		assertThat(Murmur3.hash(new byte[0], Tail.SIGN_EXTENDED)).isZero();
		assertThat(Murmur3.hashUtf8(Murmur3.NO_PREFIX, "", Tail.SIGN_EXTENDED)).isZero();
	}

	private static byte[] prefixed(int prefix, byte[] payload) {
		byte[] bytes = new byte[payload.length + 1];
		bytes[0] = (byte) prefix;
		System.arraycopy(payload, 0, bytes, 1, payload.length);
		return bytes;
	}

}
