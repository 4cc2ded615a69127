package dev.alternator.client.internal.discovery;

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
 * Tests for {@link ScopeQuery} against {@code generated-scope-query.json}.
 */
class ScopeQueryTests {

	static Stream<Named<JsonNode>> scopeQueryVectors() {
		return Vectors.named("generated-scope-query.json", "java_query");
	}

	@ParameterizedTest
	@MethodSource("scopeQueryVectors")
	void queryMatchesJavaColumnForEveryVector(JsonNode vector) {
		String datacenter = Vectors.stringOrNull(vector, "dc");
		String rack = Vectors.stringOrNull(vector, "rack");
		assertThat(ScopeQuery.query(datacenter, rack)).isEqualTo(Vectors.string(vector, "java_query"));
	}

	@Test
	void clusterScopeHasNoQuery() {
		assertThat(ScopeQuery.query(null, null)).isEmpty();
	}

	@Test
	void encodeUsesPercentTwentyForSpaceAndEncodesTilde() {
		assertThat(ScopeQuery.encode("a b~c*d+e")).isEqualTo("a%20b%7Ec*d%2Be");
		assertThat(ScopeQuery.encode("rack 1/ü")).isEqualTo("rack%201%2F%C3%BC");
	}

	@Test
	void encodeReturnsUnreservedValueItself() {
		String value = "us-east_1.a*";
		assertThat(ScopeQuery.encode(value)).isSameAs(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t" })
	void queryRejectsBlankDatacenter(String datacenter) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ScopeQuery.query(datacenter, null))
			.withMessage("datacenter cannot be null or empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " " })
	void queryRejectsBlankRack(String rack) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ScopeQuery.query("dc1", rack))
			.withMessage("rack cannot be null or empty");
	}

	@Test
	void queryRejectsRackWithoutDatacenter() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> ScopeQuery.query(null, "rack1"))
			.withMessageContaining("rack requires a datacenter");
	}

}
