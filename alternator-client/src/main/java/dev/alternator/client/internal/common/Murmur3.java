package dev.alternator.client.internal.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * {@code h1}, the first 64 bits of MurmurHash3 x64_128 with seed 0, as a signed
 * {@code long}, in the two variants the library needs:
 * <ul>
 * <li>{@link Tail#UNSIGNED}: the reference algorithm, used by the cross-language
 * key-affinity hash;</li>
 * <li>{@link Tail#SIGN_EXTENDED}: the variant of Cassandra's and ScyllaDB's
 * {@code Murmur3Partitioner}, which reads the bytes of the last, partial block as signed
 * bytes, so a tail byte {@code >= 0x80} sets every higher bit of its 64-bit lane. Full
 * 16-byte blocks are read unsigned in both variants.</li>
 * </ul>
 * Inputs up to 15 bytes long are entirely tail, so the two variants differ whenever such
 * a tail holds a byte {@code >= 0x80}.
 * <p>
 * The streaming methods ({@link #hashUtf8}, {@link #hash(int, byte[], Tail)}) hash an
 * optional prefix byte followed by the payload without building an intermediate array and
 * without allocating; strings are UTF-8 encoded on the fly, unpaired surrogates as
 * {@code '?'} like {@link String#getBytes(java.nio.charset.Charset)}.
 * <p>
 * Stateless and thread-safe.
 */
public final class Murmur3 {

	/** Passed as the prefix byte to hash the payload alone. */
	public static final int NO_PREFIX = -1;

	private static final long C1 = 0x87c37b91114253d5L;

	private static final long C2 = 0x4cf5ad432745937fL;

	private static final int BLOCK_SIZE = 16;

	private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	/**
	 * How the bytes of the last, partial block are read.
	 */
	public enum Tail {

		/** As unsigned bytes: the reference MurmurHash3. */
		UNSIGNED,

		/** As signed, sign-extended bytes: Cassandra's and ScyllaDB's token hash. */
		SIGN_EXTENDED

	}

	private Murmur3() {
	}

	/**
	 * Return {@code h1} of {@code data}.
	 * @param data the bytes to hash; not modified
	 * @param tail how the tail bytes are read
	 * @return the first 64 bits of the 128-bit hash, as a signed {@code long}
	 */
	public static long hash(byte[] data, Tail tail) {
		int length = data.length;
		int blockEnd = length - (length % BLOCK_SIZE);
		long h1 = 0;
		long h2 = 0;
		for (int offset = 0; offset < blockEnd; offset += BLOCK_SIZE) {
			long k1 = (long) LITTLE_ENDIAN_LONG.get(data, offset);
			long k2 = (long) LITTLE_ENDIAN_LONG.get(data, offset + 8);
			h1 = mixH1(h1, h2, k1);
			h2 = mixH2(h1, h2, k2);
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
		return finish(h1, h2, k1, k2, tailLength, length, tail);
	}

	/**
	 * Return {@code h1} of an optional prefix byte followed by {@code data}, streamed.
	 * @param prefix the prefix byte (0 to 255), or {@link #NO_PREFIX}
	 * @param data the payload; not modified
	 * @param tail how the tail bytes are read
	 * @return the signed 64-bit hash
	 */
	public static long hash(int prefix, byte[] data, Tail tail) {
		if (prefix == NO_PREFIX) {
			return hash(data, tail);
		}
		long h1 = 0;
		long h2 = 0;
		long k1 = prefix & 0xFFL;
		long k2 = 0;
		int fill = 1;
		for (byte value : data) {
			long unsigned = value & 0xFFL;
			if (fill < 8) {
				k1 |= unsigned << (fill << 3);
			}
			else {
				k2 |= unsigned << ((fill - 8) << 3);
			}
			if (++fill == BLOCK_SIZE) {
				h1 = mixH1(h1, h2, k1);
				h2 = mixH2(h1, h2, k2);
				k1 = 0;
				k2 = 0;
				fill = 0;
			}
		}
		return finish(h1, h2, k1, k2, fill, data.length + 1L, tail);
	}

	/**
	 * Return {@code h1} of an optional prefix byte followed by the UTF-8 encoding of
	 * {@code s}, encoded on the fly.
	 * @param prefix the prefix byte (0 to 255), or {@link #NO_PREFIX}
	 * @param s the string
	 * @param tail how the tail bytes are read
	 * @return the signed 64-bit hash
	 */
	public static long hashUtf8(int prefix, String s, Tail tail) {
		long h1 = 0;
		long h2 = 0;
		long k1 = 0;
		long k2 = 0;
		int fill = 0;
		long length = 0;
		if (prefix != NO_PREFIX) {
			k1 = prefix & 0xFFL;
			fill = 1;
			length = 1;
		}
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
				h1 = mixH1(h1, h2, k1);
				h2 = mixH2(h1, h2, k2);
				k1 = 0;
				k2 = 0;
				fill = 0;
			}
		}
		return finish(h1, h2, k1, k2, fill, length, tail);
	}

	private static int continuation(int bits) {
		return 0x80 | (bits & 0x3F);
	}

	private static long mixH1(long h1, long h2, long k1) {
		long h = h1 ^ mixK1(k1);
		h = Long.rotateLeft(h, 27) + h2;
		return h * 5 + 0x52dce729;
	}

	private static long mixH2(long h1, long h2, long k2) {
		long h = h2 ^ mixK2(k2);
		h = Long.rotateLeft(h, 31) + h1;
		return h * 5 + 0x38495ab5;
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
	 * @param tail how the tail bytes are read
	 * @return {@code h1}
	 */
	private static long finish(long h1, long h2, long k1, long k2, int tailLength, long length, Tail tail) {
		if (tail == Tail.SIGN_EXTENDED) {
			k1 = signExtend(k1, Math.min(tailLength, 8));
			k2 = signExtend(k2, Math.max(tailLength - 8, 0));
		}
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

	/**
	 * The lane Cassandra builds from the same bytes: the XOR of each byte read as a
	 * signed {@code long} and shifted to its position. A negative byte contributes ones
	 * in every bit above its own, which the XOR of the unsigned packing lacks.
	 * @param packed the bytes packed little-endian as unsigned values
	 * @param count how many low bytes of {@code packed} are tail bytes, 0 to 8
	 * @return the sign-extended lane
	 */
	private static long signExtend(long packed, int count) {
		long lane = packed;
		for (int i = 0; i < count; i++) {
			if (((packed >>> (i << 3)) & 0x80L) != 0) {
				// two shifts: for the eighth byte the ones fall off the top (a single
				// shift
				// by 64 would be a shift by 0)
				lane ^= (-1L << 8) << (i << 3);
			}
		}
		return lane;
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
