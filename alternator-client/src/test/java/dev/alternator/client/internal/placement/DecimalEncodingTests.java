package dev.alternator.client.internal.placement;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DecimalEncoding}: the server's serialization of a number key as
 * written, checked by hand and against {@link BigDecimal}, which keeps a number's scale
 * as written too.
 */
class DecimalEncodingTests {

	@ParameterizedTest
	@CsvSource({ "42, 000000002a", "4.2E1, 000000002a", "42.0, 0000000101a4", "0, 0000000000", "-0, 0000000000",
			"0.000, 0000000300", "127, 000000007f", "128, 000000000080", "-1, 00000000ff", "-128, 0000000080",
			"-129, 00000000ff7f", "1e-5, 0000000501", "1E+3, fffffffd01", "1e3, fffffffd01", "00042, 000000002a",
			".5, 0000000105", "5., 0000000005", "-.5, 00000001fb", "+7, 0000000007", "1.5e-3, 000000040f",
			"9223372036854775807, 000000007fffffffffffffff", "9223372036854775808, 00000000008000000000000000",
			"-9223372036854775808, 000000008000000000000000", "1e0000000005, fffffffb01",
			"0.0000000000000000000000000000000000001, 0000002501" })
	void encodesTheScaleAndTheMinimalUnscaledValue(String number, String hex) {
		assertThat(HexFormat.of().formatHex(DecimalEncoding.encode(number))).isEqualTo(hex);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "NaN", "Infinity", "0x10",
			"1_0", "1e2147483648", "1e-2147483649", "1,5", "١" })
	void rejectsWhatTheServerDoesNotAccept(String number) {
		assertThat(DecimalEncoding.encode(number)).isNull();
	}

	@Test
	void scaleMustFitThirtyTwoBits() {
		assertThat(DecimalEncoding.encode("1e-2147483648")).isNull();
		assertThat(DecimalEncoding.encode("1e2147483647")).isNotNull();
		assertThat(DecimalEncoding.encode("1.5e-2147483647")).isNull();
		assertThat(DecimalEncoding.encode("1.5e2147483647")).isNotNull();
	}

	@Test
	void longNumbersAreEncodedExactly() {
		String digits = "-" + "9".repeat(38) + "." + "1".repeat(20);
		BigDecimal expected = new BigDecimal(digits);
		assertThat(DecimalEncoding.encode(digits)).isEqualTo(bigDecimalEncoding(expected));
	}

	@Test
	void randomNumbersEncodeLikeBigDecimal() {
		SplittableRandom random = new SplittableRandom(43);
		for (int i = 0; i < 20000; i++) {
			String number = randomNumber(random);
			assertThat(DecimalEncoding.encode(number)).as(number).isEqualTo(bigDecimalEncoding(new BigDecimal(number)));
		}
	}

	static byte[] bigDecimalEncoding(BigDecimal decimal) {
		byte[] unscaled = decimal.unscaledValue().toByteArray();
		return ByteBuffer.allocate(4 + unscaled.length).putInt(decimal.scale()).put(unscaled).array();
	}

	/**
	 * A number as a client may write it: optional sign, leading zeros, empty or long
	 * integer and fraction parts, exponents in either case with optional sign and leading
	 * zeros.
	 * @param random the source of randomness
	 * @return the number's text
	 */
	static String randomNumber(SplittableRandom random) {
		StringBuilder s = new StringBuilder();
		switch (random.nextInt(3)) {
			case 0 -> s.append('-');
			case 1 -> s.append('+');
			default -> {
			}
		}
		int integerDigits = random.nextInt(4) == 0 ? 0 : random.nextInt(1, 30);
		appendDigits(s, random, integerDigits);
		if (integerDigits == 0 || random.nextBoolean()) {
			s.append('.');
			appendDigits(s, random, (integerDigits == 0) ? random.nextInt(1, 30) : random.nextInt(30));
		}
		if (random.nextInt(3) == 0) {
			s.append(random.nextBoolean() ? 'e' : 'E');
			switch (random.nextInt(3)) {
				case 0 -> s.append('-');
				case 1 -> s.append('+');
				default -> {
				}
			}
			appendDigits(s, random, random.nextInt(1, 4));
		}
		return s.toString();
	}

	private static void appendDigits(StringBuilder s, SplittableRandom random, int count) {
		boolean zeros = random.nextInt(4) == 0;
		for (int i = 0; i < count; i++) {
			s.append((char) ('0' + (zeros && i < count / 2 ? 0 : random.nextInt(10))));
		}
	}

}
