package dev.alternator.testsupport;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The token ScyllaDB gives an Alternator partition key, computed the way the server does:
 * the key is serialized as its CQL column type ({@code S} as {@code text}, {@code N} as
 * {@code decimal}, {@code B} as {@code blob}), then the Murmur3 partitioner hashes those
 * bytes.
 * <p>
 * The partitioner's hash is the first 64 bits of MurmurHash3 x64_128 with seed 0, as a
 * signed number, with two quirks inherited from Cassandra: the bytes of the tail (the
 * last {@code length % 16}) are read as <em>signed</em> bytes, and {@link Long#MIN_VALUE}
 * (not a valid token) becomes {@link Long#MAX_VALUE}.
 * <p>
 * Numbers are not normalized: the server hashes the decimal of the exact string the
 * request carries, so {@code "42"} and {@code "42.0"} have different tokens.
 * <p>
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class AlternatorTokens {

	private static final long C1 = 0x87c37b91114253d5L;

	private static final long C2 = 0x4cf5ad432745937fL;

	private AlternatorTokens() {
	}

	/**
	 * The token of a string partition key ({@code S}): the hash of its UTF-8 bytes.
	 * @param value the string
	 * @return the token
	 */
	public static long stringKeyToken(String value) {
		return token(Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The token of a number partition key ({@code N}): the hash of the CQL
	 * {@code decimal} serialization of the exact string.
	 * @param value the number as sent, e.g. {@code "42"}, {@code "-4.2E1"}
	 * @return the token
	 * @throws NumberFormatException if the string is not a number
	 */
	public static long numberKeyToken(String value) {
		return token(serializeDecimal(value));
	}

	/**
	 * The token of a binary partition key ({@code B}): the hash of its bytes (decoded,
	 * not base64).
	 * @param value the bytes
	 * @return the token
	 */
	public static long binaryKeyToken(byte[] value) {
		return token(Objects.requireNonNull(value, "value"));
	}

	/**
	 * The Murmur3 partitioner's token of serialized partition key bytes.
	 * @param key the serialized key
	 * @return the token, never {@link Long#MIN_VALUE}
	 */
	public static long token(byte[] key) {
		long hash = murmur3x64First64(key);
		// The minimum token is reserved for "before every key"; the partitioner maps
		// the one hash that would produce it to the maximum.
		return (hash == Long.MIN_VALUE) ? Long.MAX_VALUE : hash;
	}

	/**
	 * The CQL {@code decimal} serialization of a number string: the scale as a 4-byte
	 * big-endian int, then the unscaled value as minimal big-endian two's complement. The
	 * scale is the number of digits after the point minus the exponent; the string is not
	 * normalized ({@code "42.0"} has scale 1).
	 * @param number the number
	 * @return the serialized bytes
	 * @throws NumberFormatException if the string is not a number
	 */
	public static byte[] serializeDecimal(String number) {
		BigDecimal decimal = new BigDecimal(Objects.requireNonNull(number, "number").strip());
		byte[] unscaled = decimal.unscaledValue().toByteArray();
		return ByteBuffer.allocate(4 + unscaled.length).putInt(decimal.scale()).put(unscaled).array();
	}

	/**
	 * The first 64 bits of MurmurHash3 x64_128 with seed 0, tail bytes sign-extended. The
	 * tail switch falls through on purpose: each case adds one more byte.
	 */
	@SuppressWarnings("fallthrough")
	private static long murmur3x64First64(byte[] data) {
		int length = data.length;
		int blocks = length / 16;
		long h1 = 0;
		long h2 = 0;
		ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < blocks; i++) {
			long k1 = buffer.getLong(i * 16);
			long k2 = buffer.getLong(i * 16 + 8);
			k1 *= C1;
			k1 = Long.rotateLeft(k1, 31);
			k1 *= C2;
			h1 ^= k1;
			h1 = Long.rotateLeft(h1, 27);
			h1 += h2;
			h1 = h1 * 5 + 0x52dce729;
			k2 *= C2;
			k2 = Long.rotateLeft(k2, 33);
			k2 *= C1;
			h2 ^= k2;
			h2 = Long.rotateLeft(h2, 31);
			h2 += h1;
			h2 = h2 * 5 + 0x38495ab5;
		}
		int tail = blocks * 16;
		long k1 = 0;
		long k2 = 0;
		// Each tail byte is widened as a signed byte (the Cassandra quirk).
		switch (length & 15) {
			case 15:
				k2 ^= ((long) data[tail + 14]) << 48;
			case 14:
				k2 ^= ((long) data[tail + 13]) << 40;
			case 13:
				k2 ^= ((long) data[tail + 12]) << 32;
			case 12:
				k2 ^= ((long) data[tail + 11]) << 24;
			case 11:
				k2 ^= ((long) data[tail + 10]) << 16;
			case 10:
				k2 ^= ((long) data[tail + 9]) << 8;
			case 9:
				k2 ^= data[tail + 8];
				k2 *= C2;
				k2 = Long.rotateLeft(k2, 33);
				k2 *= C1;
				h2 ^= k2;
			case 8:
				k1 ^= ((long) data[tail + 7]) << 56;
			case 7:
				k1 ^= ((long) data[tail + 6]) << 48;
			case 6:
				k1 ^= ((long) data[tail + 5]) << 40;
			case 5:
				k1 ^= ((long) data[tail + 4]) << 32;
			case 4:
				k1 ^= ((long) data[tail + 3]) << 24;
			case 3:
				k1 ^= ((long) data[tail + 2]) << 16;
			case 2:
				k1 ^= ((long) data[tail + 1]) << 8;
			case 1:
				k1 ^= data[tail];
				k1 *= C1;
				k1 = Long.rotateLeft(k1, 31);
				k1 *= C2;
				h1 ^= k1;
			default:
				break;
		}
		h1 ^= length;
		h2 ^= length;
		h1 += h2;
		h2 += h1;
		h1 = fmix(h1);
		h2 = fmix(h2);
		h1 += h2;
		return h1;
	}

	private static long fmix(long k) {
		k ^= k >>> 33;
		k *= 0xff51afd7ed558ccdL;
		k ^= k >>> 33;
		k *= 0xc4ceb9fe1a85ec53L;
		k ^= k >>> 33;
		return k;
	}

}
