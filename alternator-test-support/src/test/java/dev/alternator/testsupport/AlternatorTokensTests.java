package dev.alternator.testsupport;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;

import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3TokenFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AlternatorTokensTests {

	@Test
	void fourByteIntegersHashLikeScyllaSecondaryIndexTests() {
		assertThat(AlternatorTokens.token(intBytes(0))).isEqualTo(-3485513579396041028L);
		assertThat(AlternatorTokens.token(intBytes(1))).isEqualTo(-4069959284402364209L);
		assertThat(AlternatorTokens.token(intBytes(2))).isEqualTo(-3248873570005575792L);
		assertThat(AlternatorTokens.token(intBytes(3))).isEqualTo(9010454139840013625L);
		assertThat(AlternatorTokens.token(intBytes(5))).isEqualTo(-7509452495886106294L);
	}

	@Test
	void tailBytesAreSignExtended() {
		// Both keys have tail bytes >= 0x80; they collide only because of sign extension.
		assertThat(AlternatorTokens.token(longBytes(-4818441857111425024L))).isEqualTo(6874760189787677834L);
		assertThat(AlternatorTokens.token(longBytes(-8686612841249112064L))).isEqualTo(6874760189787677834L);
	}

	@Test
	void alternatorKeysOfEachTypeHashTheirColumnSerialization() {
		assertThat(AlternatorTokens.stringKeyToken("hello")).isEqualTo(-3758069500696749310L);
		assertThat(AlternatorTokens.binaryKeyToken(new byte[] { (byte) 0xff })).isEqualTo(-4442228696663692417L);
		assertThat(AlternatorTokens.numberKeyToken("42")).isEqualTo(1123536133964786419L);
		assertThat(AlternatorTokens.numberKeyToken("42.0")).isEqualTo(-8927034621378634615L);
	}

	@Test
	void numbersAreSerializedWithoutNormalization() {
		HexFormat hex = HexFormat.of();
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("42"))).isEqualTo("000000002a");
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("4.2E1"))).isEqualTo("000000002a");
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("42.0"))).isEqualTo("0000000101a4");
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("+0042"))).isEqualTo("000000002a");
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("-1"))).isEqualTo("00000000ff");
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("128"))).isEqualTo("000000000080");
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("1e-5"))).isEqualTo("0000000501");
		assertThat(hex.formatHex(AlternatorTokens.serializeDecimal("1E+3"))).isEqualTo("fffffffd01");
		assertThat(AlternatorTokens.numberKeyToken("4.2E1")).isEqualTo(AlternatorTokens.numberKeyToken("42"));
		assertThatExceptionOfType(NumberFormatException.class)
			.isThrownBy(() -> AlternatorTokens.numberKeyToken("forty-two"));
	}

	@Test
	void stringKeysHashTheirUtf8Bytes() {
		assertThat(AlternatorTokens.stringKeyToken("ü€")).isEqualTo(
				AlternatorTokens.token(new byte[] { (byte) 0xc3, (byte) 0xbc, (byte) 0xe2, (byte) 0x82, (byte) 0xac }));
		assertThat(AlternatorTokens.stringKeyToken("")).isEqualTo(AlternatorTokens.token(new byte[0]));
	}

	@Test
	void longKeysCoverFullBlocksAndEveryTailLength() {
		// Every tail length 0..15 after one and two full blocks: tokens are distinct and
		// never the reserved minimum.
		Set<Long> tokens = new HashSet<>();
		for (int length = 16; length < 48; length++) {
			byte[] key = new byte[length];
			for (int i = 0; i < length; i++) {
				key[i] = (byte) (0x80 + i);
			}
			long token = AlternatorTokens.token(key);
			assertThat(token).isNotEqualTo(Long.MIN_VALUE);
			tokens.add(token);
		}
		assertThat(tokens).hasSize(32);
	}

	@Test
	void everyKeyHashesLikeTheCassandraDriversMurmur3Partitioner() {
		Murmur3TokenFactory oracle = new Murmur3TokenFactory();
		SplittableRandom random = new SplittableRandom(14);
		for (int i = 0; i < 20_000; i++) {
			byte[] key = new byte[random.nextInt(80)];
			for (int j = 0; j < key.length; j++) {
				key[j] = (byte) random.nextInt(256);
			}
			assertThat(AlternatorTokens.token(key)).as(HexFormat.of().formatHex(key))
				.isEqualTo(((Murmur3Token) oracle.hash(ByteBuffer.wrap(key))).getValue());
		}
		for (int i = 0; i < 5_000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(30);
			for (int j = 0; j < length; j++) {
				text.appendCodePoint(random.nextBoolean() ? 'a' + random.nextInt(26) : 0x80 + random.nextInt(0x10000));
			}
			String value = text.toString().replaceAll("[\\uD800-\\uDFFF]", "x");
			assertThat(AlternatorTokens.stringKeyToken(value))
				.isEqualTo(((Murmur3Token) oracle.hash(StandardCharsets.UTF_8.encode(value))).getValue());
			BigDecimal number = new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(-20, 20));
			// both spellings keep the scale: scientific always, plain for scale >= 0
			String exact = (random.nextBoolean() || number.scale() < 0) ? number.toString() : number.toPlainString();
			ByteBuffer decimal = ByteBuffer.allocate(4 + number.unscaledValue().toByteArray().length)
				.putInt(number.scale())
				.put(number.unscaledValue().toByteArray())
				.flip();
			assertThat(AlternatorTokens.numberKeyToken(exact)).as(exact)
				.isEqualTo(((Murmur3Token) oracle.hash(decimal)).getValue());
		}
	}

	private static byte[] intBytes(int value) {
		return ByteBuffer.allocate(4).putInt(value).array();
	}

	private static byte[] longBytes(long value) {
		return ByteBuffer.allocate(8).putLong(value).array();
	}

}
