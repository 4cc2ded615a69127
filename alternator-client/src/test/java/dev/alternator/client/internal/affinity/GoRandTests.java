package dev.alternator.client.internal.affinity;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import dev.alternator.client.internal.Vectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GoRand} against {@code generated-go-rand.json} and
 * {@code rng-cooked.json}.
 */
class GoRandTests {

	private static final String GO_RAND = "generated-go-rand.json";

	static Stream<Named<JsonNode>> goRandVectors() {
		return Vectors.named(GO_RAND, "seed");
	}

	@Test
	void cookedTableEqualsVectorFile() {
		JsonNode file = Vectors.file("rng-cooked.json");
		long[] expected = Vectors.longs(Vectors.field(file, "values"));
		assertThat(Vectors.intValue(Vectors.field(file, "count"))).isEqualTo(GoRand.LENGTH);
		assertThat(expected).hasSize(GoRand.LENGTH);
		assertThat(GoRand.COOKED).containsExactly(expected);
	}

	@Test
	void vectorFileCoversThirtyTwoSeeds() {
		assertThat(Vectors.vectors(GO_RAND)).hasSize(32);
	}

	@ParameterizedTest
	@MethodSource("goRandVectors")
	void int63MatchesGoForEveryVector(JsonNode vector) {
		GoRand rand = new GoRand(seed(vector));
		long[] expected = Vectors.longs(Vectors.field(vector, "int63_first12"));
		assertThat(draw(expected.length, rand::int63)).containsExactly(expected);
	}

	@ParameterizedTest
	@MethodSource("goRandVectors")
	void int31MatchesGoForEveryVector(JsonNode vector) {
		GoRand rand = new GoRand(seed(vector));
		int[] expected = Vectors.ints(Vectors.field(vector, "int31_first12"));
		int[] actual = new int[expected.length];
		for (int i = 0; i < actual.length; i++) {
			actual[i] = rand.int31();
		}
		assertThat(actual).containsExactly(expected);
	}

	@ParameterizedTest
	@MethodSource("goRandVectors")
	void intnMatchesGoForEveryVector(JsonNode vector) {
		Map<String, JsonNode> perBound = Vectors.field(vector, "intn_fresh_generator_per_n").asObject();
		assertThat(perBound).containsKeys("1", "2", "3", "7", "16", "1000", "2147483647");
		perBound.forEach((bound, draws) -> {
			int n = Integer.parseInt(bound);
			GoRand rand = new GoRand(seed(vector));
			int[] expected = Vectors.ints(draws);
			int[] actual = new int[expected.length];
			for (int i = 0; i < actual.length; i++) {
				actual[i] = rand.intn(n);
			}
			assertThat(actual).as("intn(%d)", n).containsExactly(expected);
		});
	}

	@ParameterizedTest
	@MethodSource("goRandVectors")
	void congruentSeedsProduceTheSameStream(JsonNode vector) {
		long effective = Vectors.longValue(Vectors.field(vector, "effective_seed_mod"));
		assertThat(effective).isBetween(1L, GoRand.SEED_MODULUS - 1);
		long[] expected = Vectors.longs(Vectors.field(vector, "int63_first12"));
		assertThat(draw(expected.length, new GoRand(effective)::int63)).containsExactly(expected);
	}

	@ParameterizedTest
	@MethodSource("goRandVectors")
	void javaColumnAgreesForEveryVector(JsonNode vector) {
		assertThat(Vectors.field(vector, "java_agrees").asBoolean()).isTrue();
	}

	@Test
	void seed42MatchesPublishedPythonAnchor() {
		String anchor = Vectors.string(Vectors.file(GO_RAND), "anchor");
		String list = anchor.substring(anchor.indexOf('[') + 1, anchor.lastIndexOf(']'));
		long[] expected = Arrays.stream(list.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
		assertThat(expected).hasSize(10).startsWith(3440579354231278675L);
		assertThat(draw(expected.length, new GoRand(42)::int63)).containsExactly(expected);
	}

	@Test
	void zeroAndModulusSeedsAreTheSameStream() {
		long[] fromZero = draw(20, new GoRand(0)::int63);
		assertThat(draw(20, new GoRand(GoRand.SEED_MODULUS)::int63)).containsExactly(fromZero);
		assertThat(draw(20, new GoRand(GoRand.ZERO_SEED_REPLACEMENT)::int63)).containsExactly(fromZero);
	}

	@Test
	void int63AndInt31AreDerivedFromUint64() {
		GoRand raw = new GoRand(7);
		GoRand masked = new GoRand(7);
		GoRand shifted = new GoRand(7);
		for (int i = 0; i < 1000; i++) {
			long bits = raw.uint64();
			assertThat(masked.int63()).isEqualTo(bits & Long.MAX_VALUE).isNotNegative();
			assertThat(shifted.int31()).isEqualTo((int) ((bits & Long.MAX_VALUE) >>> 32)).isNotNegative();
		}
	}

	@Test
	void intnStaysWithinBound() {
		GoRand rand = new GoRand(-3);
		for (int n : new int[] { 1, 2, 3, 10, 1 << 30, Integer.MAX_VALUE }) {
			for (int i = 0; i < 200; i++) {
				assertThat(rand.intn(n)).isBetween(0, n - 1);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("goRandVectors")
	void firstIntnEqualsFreshGeneratorIntn(JsonNode vector) {
		long seed = seed(vector);
		for (int n : new int[] { 1, 2, 3, 6, 10, 16, 100, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE }) {
			assertThat(GoRand.firstIntn(seed, n)).as("n=%d", n).isEqualTo(new GoRand(seed).intn(n));
		}
	}

	@Test
	void firstIntnFallsBackToFullGeneratorWhenFirstDrawIsRejected() {
		// For n = 2^30 + 1 about half of the first draws exceed the acceptance limit.
		int n = (1 << 30) + 1;
		int limit = Integer.MAX_VALUE - (int) ((1L << 31) % n);
		SplittableRandom random = new SplittableRandom(5);
		int rejected = 0;
		for (int i = 0; i < 64; i++) {
			long seed = random.nextLong();
			if (new GoRand(seed).int31() > limit) {
				rejected++;
			}
			assertThat(GoRand.firstIntn(seed, n)).isEqualTo(new GoRand(seed).intn(n));
		}
		assertThat(rejected).isPositive();
	}

	@Test
	void firstIntnRejectsNonPositiveBound() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> GoRand.firstIntn(1, 0));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, Integer.MIN_VALUE })
	void intnRejectsNonPositiveBound(int n) {
		GoRand rand = new GoRand(1);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> rand.intn(n))
			.withMessageContaining("n must be > 0");
	}

	@Test
	void seedrandIsMultiplicationModuloTwoToThe31MinusOne() {
		for (long x : new long[] { 1, 2, 44487, 44488, 44489, 123456789, GoRand.SEED_MODULUS - 1 }) {
			assertThat(GoRand.seedrand(x)).isEqualTo((48271 * x) % GoRand.SEED_MODULUS);
		}
	}

	private static long seed(JsonNode vector) {
		return Vectors.longValue(Vectors.field(vector, "seed"));
	}

	private static long[] draw(int count, LongSupplier next) {
		long[] values = new long[count];
		for (int i = 0; i < count; i++) {
			values[i] = next.getAsLong();
		}
		return values;
	}

	@Test
	void lazyGeneratorGivesTheSameSequenceBeforeAndAfterItMaterializes() {
		SplittableRandom seeds = new SplittableRandom(11);
		long[] fixed = { 0, -1, 42, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE };
		for (int s = 0; s < 40; s++) {
			long seed = (s < fixed.length) ? fixed[s] : seeds.nextLong();
			GoRand eager = new GoRand(seed);
			GoRand lazy = GoRand.lazy(seed);
			for (int draw = 0; draw < 1300; draw++) {
				long expected = eager.uint64();
				assertThat(lazy.uint64()).as("seed %d draw %d", seed, draw).isEqualTo(expected);
			}
		}
	}

	@Test
	void lazyGeneratorDrawsIntnLikeTheEagerOne() {
		SplittableRandom seeds = new SplittableRandom(12);
		for (int s = 0; s < 200; s++) {
			long seed = seeds.nextLong();
			int n = 1 + seeds.nextInt(1000);
			GoRand eager = new GoRand(seed);
			GoRand lazy = GoRand.lazy(seed);
			for (int draw = 0; draw < 300; draw++) {
				assertThat(lazy.intn(n)).isEqualTo(eager.intn(n));
			}
		}
	}

}
