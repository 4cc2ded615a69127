package dev.alternator.client.internal.affinity;

import dev.alternator.client.internal.common.Murmur3;

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

	private KeyHash() {
	}

	/**
	 * Return {@code h1} of MurmurHash3 x64_128 with seed 0.
	 * @param data the bytes to hash
	 * @return the first 64 bits of the 128-bit hash, as a signed {@code long}
	 */
	public static long murmur3x64_128_h1(byte[] data) {
		return Murmur3.hash(data, Murmur3.Tail.UNSIGNED);
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
		return Murmur3.hash(TYPE_BINARY, b, Murmur3.Tail.UNSIGNED);
	}

	private static long hashTyped(int type, String s) {
		return Murmur3.hashUtf8(type, s, Murmur3.Tail.UNSIGNED);
	}

}
