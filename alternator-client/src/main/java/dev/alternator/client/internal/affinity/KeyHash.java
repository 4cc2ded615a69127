package dev.alternator.client.internal.affinity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Partition-key hash used for key-route affinity, identical in every Alternator client
 * library.
 * <p>
 * The hash input is a type byte followed by the payload: {@code 0x01} + UTF-8 of an
 * {@code S} value, {@code 0x02} + UTF-8 of an {@code N} value exactly as written (no
 * normalization or validation: {@code 42}, {@code 42.0} and {@code 4.2e1} differ) and
 * {@code 0x03} + the raw bytes of a {@code B} value. The hash is {@code h1}, the first 64
 * bits of MurmurHash3 x64_128 with seed 0, as a signed {@code long}.
 * <p>
 * The typed methods stream the type byte and the payload (UTF-8 encoded on the fly for
 * strings) into the hash without building an intermediate array and without allocating.
 * Unpaired surrogates in strings are encoded as {@code '?'}, as
 * {@link String#getBytes(java.nio.charset.Charset)} does.
 * <p>
 * This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class KeyHash {

	/** Type byte of a string ({@code S}) value. */
	static final int TYPE_STRING = 0x01;

	/** Type byte of a number ({@code N}) value. */
	static final int TYPE_NUMBER = 0x02;

	/** Type byte of a binary ({@code B}) value. */
	static final int TYPE_BINARY = 0x03;

	private static final long C1 = 0x87c37b91114253d5L;

	private static final long C2 = 0x4cf5ad432745937fL;

	private static final int BLOCK_SIZE = 16;

	private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private KeyHash() {
	}

	/**
	 * Return {@code h1} of MurmurHash3 x64_128 with seed 0.
	 * @param data the bytes to hash
	 * @return the first 64 bits of the 128-bit hash, as a signed {@code long}
	 */
	public static long murmur3x64_128_h1(byte[] data) {
		int length = data.length;
		int blockEnd = length - (length % BLOCK_SIZE);
		long h1 = 0;
		long h2 = 0;
		for (int offset = 0; offset < blockEnd; offset += BLOCK_SIZE) {
			long k1 = (long) LITTLE_ENDIAN_LONG.get(data, offset);
			long k2 = (long) LITTLE_ENDIAN_LONG.get(data, offset + 8);
			h1 ^= mixK1(k1);
			h1 = Long.rotateLeft(h1, 27) + h2;
			h1 = h1 * 5 + 0x52dce729;
			h2 ^= mixK2(k2);
			h2 = Long.rotateLeft(h2, 31) + h1;
			h2 = h2 * 5 + 0x38495ab5;
		}
		int tailLength = length - blockEnd;
		long k1 = 0;
		long k2 = 0;
		for (int i = tailLength - 1; i >= 8; i--) {
			k2 = (k2 << 8) | (data[blockEnd + i] & 0xFFL);
		}
		for (int i = Math.min(tailLength, 8) - 1; i >= 0; i--) {
			k1 = (k1 << 8) | (data[blockEnd + i] & 0xFFL);
		}
		return finish(h1, h2, k1, k2, tailLength, length);
	}

	/**
	 * Return the hash of a string ({@code S}) value: {@code h1} of {@code 0x01} followed
	 * by the UTF-8 bytes of {@code s}.
	 * @param s the string value
	 * @return the signed 64-bit hash
	 */
	public static long hashString(String s) {
		return hashTyped(TYPE_STRING, s);
	}

	/**
	 * Return the hash of a number ({@code N}) value: {@code h1} of {@code 0x02} followed
	 * by the UTF-8 bytes of the number exactly as written (not normalized, not
	 * validated).
	 * @param asWritten the number as it appears in the request
	 * @return the signed 64-bit hash
	 */
	public static long hashNumber(String asWritten) {
		return hashTyped(TYPE_NUMBER, asWritten);
	}

	/**
	 * Return the hash of a binary ({@code B}) value: {@code h1} of {@code 0x03} followed
	 * by the raw bytes.
	 * @param b the binary value; not modified
	 * @return the signed 64-bit hash
	 */
	public static long hashBinary(byte[] b) {
		long h1 = 0;
		long h2 = 0;
		long k1 = TYPE_BINARY;
		long k2 = 0;
		int fill = 1;
		for (byte value : b) {
			long unsigned = value & 0xFFL;
			if (fill < 8) {
				k1 |= unsigned << (fill << 3);
			}
			else {
				k2 |= unsigned << ((fill - 8) << 3);
			}
			if (++fill == BLOCK_SIZE) {
				h1 ^= mixK1(k1);
				h1 = Long.rotateLeft(h1, 27) + h2;
				h1 = h1 * 5 + 0x52dce729;
				h2 ^= mixK2(k2);
				h2 = Long.rotateLeft(h2, 31) + h1;
				h2 = h2 * 5 + 0x38495ab5;
				k1 = 0;
				k2 = 0;
				fill = 0;
			}
		}
		return finish(h1, h2, k1, k2, fill, b.length + 1L);
	}

	/**
	 * Hash the type byte followed by the UTF-8 encoding of {@code s}, encoding on the
	 * fly.
	 * @param type the type byte
	 * @param s the string
	 * @return {@code h1}
	 */
	private static long hashTyped(int type, String s) {
		long h1 = 0;
		long h2 = 0;
		long k1 = type & 0xFFL;
		long k2 = 0;
		int fill = 1;
		long length = 1;
		int pending = 0;
		int pendingCount = 0;
		int index = 0;
		int count = s.length();
		while (true) {
			int b;
			if (pendingCount > 0) {
				b = pending & 0xFF;
				pending >>>= 8;
				pendingCount--;
			}
			else if (index < count) {
				char c = s.charAt(index++);
				if (c < 0x80) {
					b = c;
				}
				else if (c < 0x800) {
					b = 0xC0 | (c >>> 6);
					pending = continuation(c);
					pendingCount = 1;
				}
				else if (!Character.isSurrogate(c)) {
					b = 0xE0 | (c >>> 12);
					pending = continuation(c >>> 6) | (continuation(c) << 8);
					pendingCount = 2;
				}
				else if (Character.isHighSurrogate(c) && index < count && Character.isLowSurrogate(s.charAt(index))) {
					int codePoint = Character.toCodePoint(c, s.charAt(index++));
					b = 0xF0 | (codePoint >>> 18);
					pending = continuation(codePoint >>> 12) | (continuation(codePoint >>> 6) << 8)
							| (continuation(codePoint) << 16);
					pendingCount = 3;
				}
				else {
					b = '?';
				}
			}
			else {
				break;
			}
			if (fill < 8) {
				k1 |= ((long) b) << (fill << 3);
			}
			else {
				k2 |= ((long) b) << ((fill - 8) << 3);
			}
			length++;
			if (++fill == BLOCK_SIZE) {
				h1 ^= mixK1(k1);
				h1 = Long.rotateLeft(h1, 27) + h2;
				h1 = h1 * 5 + 0x52dce729;
				h2 ^= mixK2(k2);
				h2 = Long.rotateLeft(h2, 31) + h1;
				h2 = h2 * 5 + 0x38495ab5;
				k1 = 0;
				k2 = 0;
				fill = 0;
			}
		}
		return finish(h1, h2, k1, k2, fill, length);
	}

	private static int continuation(int bits) {
		return 0x80 | (bits & 0x3F);
	}

	private static long mixK1(long k1) {
		return Long.rotateLeft(k1 * C1, 31) * C2;
	}

	private static long mixK2(long k2) {
		return Long.rotateLeft(k2 * C2, 33) * C1;
	}

	/**
	 * Mix the tail block (its bytes already packed little-endian, unsigned, into
	 * {@code k1} and {@code k2}) and finalize.
	 * @param h1 the first half of the state
	 * @param h2 the second half of the state
	 * @param k1 tail bytes 0 to 7
	 * @param k2 tail bytes 8 to 14
	 * @param tailLength the number of tail bytes, 0 to 15
	 * @param length the total number of bytes hashed
	 * @return {@code h1}
	 */
	private static long finish(long h1, long h2, long k1, long k2, int tailLength, long length) {
		if (tailLength > 8) {
			h2 ^= mixK2(k2);
		}
		if (tailLength > 0) {
			h1 ^= mixK1(k1);
		}
		h1 ^= length;
		h2 ^= length;
		h1 += h2;
		h2 += h1;
		h1 = fmix64(h1);
		h2 = fmix64(h2);
		return h1 + h2;
	}

	private static long fmix64(long k) {
		k ^= k >>> 33;
		k *= 0xff51afd7ed558ccdL;
		k ^= k >>> 33;
		k *= 0xc4ceb9fe1a85ec53L;
		k ^= k >>> 33;
		return k;
	}

}
