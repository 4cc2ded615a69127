package dev.alternator.client.internal.placement;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3TokenFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PartitionToken}: ScyllaDB's own token vectors, and the Apache
 * Cassandra Java driver's {@code Murmur3TokenFactory} as an independent oracle over
 * random keys.
 */
class PartitionTokenTests {

	private static final Murmur3TokenFactory ORACLE = new Murmur3TokenFactory();

	@ParameterizedTest
	@CsvSource({ "0, -3485513579396041028", "1, -4069959284402364209", "2, -3248873570005575792",
			"3, 9010454139840013625", "5, -7509452495886106294" })
	void fourByteIntegerKeysMatchScyllaVectors(int key, long token) {
		assertThat(PartitionToken.ofBytes(ByteBuffer.allocate(4).putInt(key).array())).isEqualTo(token);
	}

	@ParameterizedTest
	@CsvSource({ "-4818441857111425024, 6874760189787677834", "-8686612841249112064, 6874760189787677834" })
	void eightByteKeysMatchScyllaVectorsThatNeedSignExtendedTails(long key, long token) {
		assertThat(PartitionToken.ofBytes(ByteBuffer.allocate(8).putLong(key).array())).isEqualTo(token);
	}

	@Test
	void alternatorKeysMatchReferenceVectors() {
		assertThat(PartitionToken.ofString("hello")).isEqualTo(-3758069500696749310L);
		assertThat(PartitionToken.ofBinary(new byte[] { (byte) 0xff })).isEqualTo(-4442228696663692417L);
		assertThat(PartitionToken.ofNumber("42")).isEqualTo(1123536133964786419L);
		assertThat(PartitionToken.ofNumber("42.0")).isEqualTo(-8927034621378634615L);
	}

	@Test
	void numbersAreHashedAsWrittenNotNormalized() {
		assertThat(PartitionToken.ofNumber("4.2E1")).isEqualTo(PartitionToken.ofNumber("42"));
		assertThat(PartitionToken.ofNumber("042")).isEqualTo(PartitionToken.ofNumber("42"));
		assertThat(PartitionToken.ofNumber("+42")).isEqualTo(PartitionToken.ofNumber("42"));
		assertThat(PartitionToken.ofNumber("42.0")).isNotEqualTo(PartitionToken.ofNumber("42"));
		assertThat(PartitionToken.ofNumber("-0")).isEqualTo(PartitionToken.ofNumber("0"));
		assertThat(PartitionToken.ofNumber("0.000")).isNotEqualTo(PartitionToken.ofNumber("0"));
	}

	@Test
	void attributeValuesOfEachKeyTypeHaveTheirColumnsToken() {
		assertThat(PartitionToken.of(AttributeValue.fromS("hello"))).isEqualTo(-3758069500696749310L);
		assertThat(PartitionToken.of(AttributeValue.fromN("42"))).isEqualTo(1123536133964786419L);
		assertThat(PartitionToken.of(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] { (byte) 0xff }))))
			.isEqualTo(-4442228696663692417L);
	}

	@Test
	void valuesWithoutATokenGiveNone() {
		assertThat(PartitionToken.of(AttributeValue.fromBool(true))).isEqualTo(PartitionToken.NONE);
		assertThat(PartitionToken.of(AttributeValue.fromNul(true))).isEqualTo(PartitionToken.NONE);
		assertThat(PartitionToken.of(AttributeValue.fromN("NaN"))).isEqualTo(PartitionToken.NONE);
		assertThat(PartitionToken.ofNumber("1 ")).isEqualTo(PartitionToken.NONE);
	}

	@Test
	void minimumHashBecomesMaximumToken() {
		assertThat(PartitionToken.NONE).isEqualTo(Long.MIN_VALUE);
		// no short input is known to hash to Long.MIN_VALUE; the oracle shares the rule
		assertThat(((Murmur3Token) ORACLE.hash(ByteBuffer.wrap(new byte[0]))).getValue()).isZero();
		assertThat(PartitionToken.ofBytes(new byte[0])).isZero();
	}

	@Test
	void randomStringKeysMatchDriverTokens() {
		SplittableRandom random = new SplittableRandom(31);
		int[] codePoints = { 'a', 'z', '0', ' ', 0x00, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x3053, 0xfffd, 0xffff, 0x1f600,
				0x10ffff };
		for (int i = 0; i < 5000; i++) {
			StringBuilder s = new StringBuilder();
			int length = random.nextInt(48);
			for (int j = 0; j < length; j++) {
				s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
			}
			String key = s.toString();
			assertThat(PartitionToken.ofString(key)).as(key).isEqualTo(oracle(key.getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Test
	void randomBinaryKeysMatchDriverTokensIncludingHighTailBytes() {
		SplittableRandom random = new SplittableRandom(37);
		for (int i = 0; i < 5000; i++) {
			byte[] key = new byte[random.nextInt(80)];
			random.nextBytes(key);
			if (key.length > 0 && random.nextBoolean()) {
				key[key.length - 1] |= (byte) 0x80;
			}
			assertThat(PartitionToken.ofBinary(key)).isEqualTo(oracle(key));
		}
	}

	@Test
	void randomNumberKeysMatchDriverTokensOfTheDecimalEncoding() {
		SplittableRandom random = new SplittableRandom(41);
		for (int i = 0; i < 5000; i++) {
			String number = DecimalEncodingTests.randomNumber(random);
			BigDecimal decimal = new BigDecimal(number);
			byte[] unscaled = decimal.unscaledValue().toByteArray();
			ByteBuffer encoded = ByteBuffer.allocate(4 + unscaled.length).putInt(decimal.scale()).put(unscaled);
			assertThat(PartitionToken.ofNumber(number)).as(number).isEqualTo(oracle(encoded.array()));
		}
	}

	private static long oracle(byte[] key) {
		return ((Murmur3Token) ORACLE.hash(ByteBuffer.wrap(key))).getValue();
	}

}
