package dev.alternator.client.internal.affinity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.alternator.client.internal.Vectors;
import dev.alternator.client.internal.common.Endpoints;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SeededPlan} against {@code query-plan.anchor.json}.
 */
class SeededPlanTests {

	private static final String QUERY_PLAN = "query-plan.anchor.json";

	static Stream<Named<JsonNode>> rawOrderVectors() {
		return section("raw_order_first6");
	}

	static Stream<Named<JsonNode>> sortedOrderVectors() {
		return section("sorted_order_first6");
	}

	static Stream<Named<JsonNode>> completeOrderVectors() {
		return section("feature_spec_complete");
	}

	@ParameterizedTest
	@MethodSource("rawOrderVectors")
	void rawOrderMatchesVectorsWithoutCanonicalSort(JsonNode vector) {
		List<String> natural = nodes(10);
		List<String> plan = SeededPlan.order(natural, seed(vector));
		assertThat(labels(plan).subList(0, 6)).containsExactlyElementsOf(expected(vector, "expected"));
	}

	@ParameterizedTest
	@MethodSource("sortedOrderVectors")
	void sortedOrderMatchesVectorsAfterCanonicalSort(JsonNode vector) {
		List<String> canonical = Endpoints.canonicalOrder(nodes(10));
		assertThat(labels(canonical)).containsExactly(1, 10, 2, 3, 4, 5, 6, 7, 8, 9);
		List<String> plan = SeededPlan.order(canonical, seed(vector));
		assertThat(labels(plan).subList(0, 6)).containsExactlyElementsOf(expected(vector, "expected"));
	}

	@ParameterizedTest
	@MethodSource("completeOrderVectors")
	void completeOrderMatchesJavaColumn(JsonNode vector) {
		int count = Vectors.intValue(Vectors.field(vector, "count"));
		List<String> canonical = Endpoints.canonicalOrder(nodes(count));
		List<Integer> plan = labels(SeededPlan.order(canonical, seed(vector)));
		assertThat(plan).hasSize(count)
			.containsExactlyElementsOf(expected(vector, "java"))
			.containsExactlyElementsOf(expected(vector, "expected"));
	}

	@Test
	void sixActiveNodesMatchVector() {
		JsonNode section = Vectors.field(Vectors.file(QUERY_PLAN), "six_active");
		List<String> canonical = Endpoints.canonicalOrder(nodes(6));
		List<Integer> plan = labels(SeededPlan.order(canonical, 42));
		assertThat(plan).containsExactlyElementsOf(expected(section, "expected"));
	}

	@Test
	void vectorFileReportsNoMismatches() {
		assertThat(Vectors.intValue(Vectors.field(Vectors.file(QUERY_PLAN), "mismatches"))).isZero();
	}

	@Test
	void firstIsFirstElementOfOrder() {
		SplittableRandom random = new SplittableRandom(20260101);
		for (int i = 0; i < 300; i++) {
			long seed = random.nextLong();
			int size = 1 + random.nextInt(40);
			assertThat(SeededPlan.first(size, seed)).isEqualTo(SeededPlan.order(size, seed)[0]);
		}
	}

	@Test
	void orderIsAPermutation() {
		SplittableRandom random = new SplittableRandom(7);
		for (int size = 0; size <= 64; size++) {
			int[] order = SeededPlan.order(size, random.nextLong());
			assertThat(order).containsExactlyInAnyOrder(IntStream.range(0, size).toArray());
		}
	}

	@Test
	void orderIsPickAndRemoveNotFisherYates() {
		long seed = 42;
		List<Integer> remaining = new ArrayList<>(IntStream.range(0, 10).boxed().toList());
		GoRand rand = new GoRand(seed);
		int[] expected = new int[10];
		for (int k = 0; k < expected.length; k++) {
			int i = rand.intn(remaining.size());
			expected[k] = remaining.get(i);
			remaining.set(i, remaining.get(remaining.size() - 1));
			remaining.remove(remaining.size() - 1);
		}
		assertThat(SeededPlan.order(10, seed)).containsExactly(expected);
	}

	@Test
	void listOrderFollowsIndexOrder() {
		List<String> canonical = List.of("a", "b", "c", "d", "e");
		int[] order = SeededPlan.order(canonical.size(), -99);
		List<String> plan = SeededPlan.order(canonical, -99);
		assertThat(plan).containsExactly(IntStream.of(order).mapToObj(canonical::get).toArray(String[]::new));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> plan.add("f"));
	}

	@Test
	void emptyListGivesEmptyPlan() {
		assertThat(SeededPlan.order(0, 1)).isEmpty();
		assertThat(SeededPlan.order(List.of(), 1)).isEmpty();
	}

	@Test
	void rejectsInvalidSizes() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SeededPlan.order(-1, 1));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SeededPlan.first(0, 1));
	}

	private static Stream<Named<JsonNode>> section(String name) {
		JsonNode section = Vectors.field(Vectors.file(QUERY_PLAN), name);
		return Vectors.named(Vectors.field(section, "vectors").asArray(), "seed");
	}

	private static List<String> nodes(int count) {
		return IntStream.rangeClosed(1, count).mapToObj((k) -> "http://node" + k + ".example.com:8043").toList();
	}

	private static List<Integer> labels(List<String> endpoints) {
		return endpoints.stream().map(SeededPlanTests::label).toList();
	}

	private static int label(String endpoint) {
		String prefix = "http://node";
		assertThat(endpoint).startsWith(prefix).endsWith(".example.com:8043");
		return Integer.parseInt(endpoint.substring(prefix.length(), endpoint.indexOf('.')));
	}

	private static List<Integer> expected(JsonNode vector, String field) {
		return IntStream.of(Vectors.ints(Vectors.field(vector, field))).boxed().toList();
	}

	private static long seed(JsonNode vector) {
		return Vectors.longValue(Vectors.field(vector, "seed"));
	}

}
