package dev.alternator.client.internal.placement;

import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * The bytes ScyllaDB stores, and hashes, for a DynamoDB number ({@code N}) key: the CQL
 * {@code decimal} serialization of the number exactly as the request spells it.
 * <p>
 * The serialization is a 4-byte big-endian scale followed by the minimal big-endian
 * two's-complement bytes of the unscaled value. The server does not normalize: the
 * unscaled value is every digit of the integer and fraction parts with leading zeros
 * dropped, and the scale is the number of fraction digits minus the exponent, so
 * {@code 42} and {@code 4.2E1} are both {@code 00000000 2a} while {@code 42.0} is
 * {@code 00000001 01a4}; {@code -0} is zero with scale 0 and {@code 0.000} zero with
 * scale 3.
 * <p>
 * Accepted grammar: an optional sign, digits, an optional {@code .} and digits (at least
 * one digit in all), an optional {@code e}/{@code E}, optional sign and decimal digits
 * whose value fits a 32-bit integer, and a resulting scale that fits one too. Anything
 * else (spaces, {@code NaN}, hexadecimal) has no encoding: the server rejects such keys.
 * <p>
 * Stateless and thread-safe.
 */
final class DecimalEncoding {

	/** Significant digits that always fit a {@code long}. */
	private static final int LONG_DIGITS = 18;

	private DecimalEncoding() {
	}

	/**
	 * Encode a number as the server does.
	 * @param number the number exactly as written in the request
	 * @return the CQL decimal bytes, or {@code null} when {@code number} is not a number
	 * the server accepts
	 */
	static byte @Nullable [] encode(String number) {
		int length = number.length();
		int i = 0;
		boolean negative = false;
		if (i < length && (number.charAt(i) == '+' || number.charAt(i) == '-')) {
			negative = number.charAt(i) == '-';
			i++;
		}
		int integerStart = i;
		while (i < length && isDigit(number.charAt(i))) {
			i++;
		}
		int integerEnd = i;
		int fractionStart = i;
		int fractionEnd = i;
		if (i < length && number.charAt(i) == '.') {
			fractionStart = ++i;
			while (i < length && isDigit(number.charAt(i))) {
				i++;
			}
			fractionEnd = i;
		}
		if (integerEnd == integerStart && fractionEnd == fractionStart) {
			return null;
		}
		long exponent = 0;
		if (i < length && (number.charAt(i) == 'e' || number.charAt(i) == 'E')) {
			i++;
			boolean negativeExponent = false;
			if (i < length && (number.charAt(i) == '+' || number.charAt(i) == '-')) {
				negativeExponent = number.charAt(i) == '-';
				i++;
			}
			int exponentStart = i;
			while (i < length && isDigit(number.charAt(i))) {
				exponent = exponent * 10 + (number.charAt(i) - '0');
				if (exponent > (long) Integer.MAX_VALUE + 1) {
					return null;
				}
				i++;
			}
			if (i == exponentStart) {
				return null;
			}
			exponent = negativeExponent ? -exponent : exponent;
			if (exponent > Integer.MAX_VALUE) {
				return null;
			}
		}
		if (i != length) {
			return null;
		}
		long scale = (fractionEnd - fractionStart) - exponent;
		if (scale < Integer.MIN_VALUE || scale > Integer.MAX_VALUE) {
			return null;
		}
		return serialize((int) scale, negative, number, integerStart, integerEnd, fractionStart, fractionEnd);
	}

	private static byte[] serialize(int scale, boolean negative, String number, int integerStart, int integerEnd,
			int fractionStart, int fractionEnd) {
		int significant = 0;
		boolean leading = true;
		long small = 0;
		for (int i = integerStart; i < fractionEnd; i++) {
			if (i == integerEnd) {
				i = fractionStart;
				if (i == fractionEnd) {
					break;
				}
			}
			int digit = number.charAt(i) - '0';
			if (leading && digit == 0) {
				continue;
			}
			leading = false;
			significant++;
			if (significant <= LONG_DIGITS) {
				small = small * 10 + digit;
			}
		}
		if (significant <= LONG_DIGITS) {
			return withScale(scale, negative ? -small : small);
		}
		StringBuilder digits = new StringBuilder(fractionEnd - integerStart);
		if (negative) {
			digits.append('-');
		}
		digits.append(number, integerStart, integerEnd).append(number, fractionStart, fractionEnd);
		byte[] unscaled = new BigInteger(digits.toString()).toByteArray();
		byte[] bytes = new byte[4 + unscaled.length];
		putScale(bytes, scale);
		System.arraycopy(unscaled, 0, bytes, 4, unscaled.length);
		return bytes;
	}

	private static byte[] withScale(int scale, long unscaled) {
		// the minimal two's complement: the bits that differ from the sign, plus the sign
		// bit
		int bits = Long.SIZE - Long.numberOfLeadingZeros(unscaled ^ (unscaled >> 63));
		int size = bits / 8 + 1;
		byte[] bytes = new byte[4 + size];
		putScale(bytes, scale);
		for (int i = 0; i < size; i++) {
			bytes[bytes.length - 1 - i] = (byte) (unscaled >>> (i << 3));
		}
		return bytes;
	}

	private static void putScale(byte[] bytes, int scale) {
		bytes[0] = (byte) (scale >>> 24);
		bytes[1] = (byte) (scale >>> 16);
		bytes[2] = (byte) (scale >>> 8);
		bytes[3] = (byte) scale;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
