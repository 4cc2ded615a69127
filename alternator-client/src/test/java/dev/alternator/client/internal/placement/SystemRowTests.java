package dev.alternator.client.internal.placement;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import dev.alternator.client.internal.common.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link SystemRow}: the parsers of the server's rendering of CQL columns.
 */
class SystemRowTests {

	private static final String HOST_A = "0b5c3f4e-1a2b-4c3d-8e9f-0123456789ab";

	private static final String HOST_B = "ffffffff-0000-4000-a000-00000000000f";

	@Test
	void bigintIsAString() {
		assertThat(row("v", AttributeValue.fromS("-42")).requiredBigint("v")).isEqualTo(-42L);
		assertThat(row("v", AttributeValue.fromS("-9223372036854775808")).requiredBigint("v"))
			.isEqualTo(Long.MIN_VALUE);
		assertThat(row("v", AttributeValue.fromS(" 7 ")).requiredBigint("v")).isEqualTo(7L);
	}

	@Test
	void bigintThatIsNotANumberNamesTableColumnAndValue() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("last_token", AttributeValue.fromS("12x")).requiredBigint("last_token"))
			.withMessage("unparsable system.test.last_token: '12x' (expected a bigint)")
			.satisfies((ex) -> assertThat(ex.table()).isEqualTo("system.test"))
			.satisfies((ex) -> assertThat(ex.column()).isEqualTo("last_token"));
	}

	@Test
	void missingRequiredColumnIsNamed() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("other", AttributeValue.fromS("1")).requiredBigint("last_token"))
			.withMessage("unparsable system.test.last_token: missing (expected a value)");
	}

	@Test
	void numberAttributeWhereAStringIsExpectedIsUnparsable() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("v", AttributeValue.fromN("5")).requiredBigint("v"))
			.withMessageContaining("'5'")
			.withMessageContaining("a string (S) attribute");
	}

	@Test
	void longValuesAreCutInMessages() {
		String value = "x".repeat(200);
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("v", AttributeValue.fromS(value)).requiredBigint("v"))
			.withMessage("unparsable system.test.v: '" + "x".repeat(64) + "…' (200 characters) (expected a bigint)");
	}

	@Test
	void intColumnMayBeNull() {
		assertThat(row("initial_tablets", AttributeValue.fromS("0")).integer("initial_tablets")).isZero();
		assertThat(row("other", AttributeValue.fromS("0")).integer("initial_tablets")).isNull();
	}

	@Test
	void booleanIsBoolOrItsText() {
		assertThat(row("b", AttributeValue.fromBool(true)).bool("b")).isTrue();
		assertThat(row("b", AttributeValue.fromS("false")).bool("b")).isFalse();
		assertThat(row("other", AttributeValue.fromS("false")).bool("b")).isNull();
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("b", AttributeValue.fromS("yes")).bool("b"))
			.withMessageContaining("'yes'");
	}

	@Test
	void uuidIsParsedStrictly() {
		assertThat(row("host_id", AttributeValue.fromS(HOST_A)).requiredUuid("host_id"))
			.isEqualTo(UUID.fromString(HOST_A));
		assertThat(row("host_id", AttributeValue.fromS(HOST_A.toUpperCase())).requiredUuid("host_id"))
			.isEqualTo(UUID.fromString(HOST_A));
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("host_id", AttributeValue.fromS("1-1-1-1-1")).requiredUuid("host_id"));
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("host_id", AttributeValue.fromS(HOST_A.replace('a', 'g'))).requiredUuid("host_id"));
	}

	@Test
	void inetIsAnIpLiteral() {
		assertThat(row("rpc_address", AttributeValue.fromS("10.0.0.1")).inet("rpc_address"))
			.isEqualTo(Host.parse("10.0.0.1"));
		assertThat(row("rpc_address", AttributeValue.fromS("2001:db8::1")).inet("rpc_address"))
			.isEqualTo(Host.parse("2001:db8::1"));
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("rpc_address", AttributeValue.fromS("node1.example")).inet("rpc_address"));
	}

	@Test
	void setIsJoinedBySemicolonAndSpace() {
		assertThat(row("tokens", AttributeValue.fromS("-9; 12; 3")).set("tokens")).containsExactly("-9", "12", "3");
		assertThat(row("tokens", AttributeValue.fromS("42")).set("tokens")).containsExactly("42");
		assertThat(row("tokens", AttributeValue.fromS(" -9 ;12 ;  3 ")).set("tokens")).containsExactly("-9", "12", "3");
	}

	@Test
	void emptyOrAbsentSetIsEmpty() {
		assertThat(row("tokens", AttributeValue.fromS("")).set("tokens")).isEmpty();
		assertThat(row("other", AttributeValue.fromS("1")).set("tokens")).isEmpty();
	}

	@Test
	void setWithAnEmptyElementIsUnparsable() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("tokens", AttributeValue.fromS("1; ; 2")).set("tokens"));
	}

	@Test
	void replicasAreUuidShardTuplesJoinedByComma() {
		assertThat(row("replicas", AttributeValue.fromS(HOST_A + ":3, " + HOST_B + ":0")).replicas("replicas"))
			.containsExactly(new TabletReplica(UUID.fromString(HOST_A), 3),
					new TabletReplica(UUID.fromString(HOST_B), 0));
		assertThat(row("replicas", AttributeValue.fromS(HOST_A + " : 3 ,  " + HOST_B + ":0 ")).replicas("replicas"))
			.hasSize(2);
		assertThat(row("replicas", AttributeValue.fromS("")).replicas("replicas")).isEmpty();
		assertThat(row("other", AttributeValue.fromS("")).replicas("replicas")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { HOST_A, HOST_A + ":", HOST_A + ":@", "@:1", HOST_A + ":1:2", HOST_A + ":-1",
			HOST_A + ":1, ", "x:1", HOST_A + ":1;" + HOST_B + ":2" })
	void oddReplicaListsAreUnparsable(String rendering) {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("new_replicas", AttributeValue.fromS(rendering)).replicas("new_replicas"))
			.withMessageStartingWith("unparsable system.test.new_replicas: ");
	}

	@Test
	void tupleFieldsAreUnescapedAndNullFieldsAreAt() {
		assertThat(SystemRow.tupleFields("a:b")).containsExactly("a", "b");
		assertThat(SystemRow.tupleFields("a\\:b:c")).containsExactly("a:b", "c");
		assertThat(SystemRow.tupleFields("\\@:@")).isEqualTo(Arrays.asList("@", null));
		assertThat(SystemRow.tupleFields("@:x:@")).isEqualTo(Arrays.asList(null, "x", null));
		assertThat(SystemRow.tupleFields("a\\b:c")).containsExactly("a\\b", "c");
		assertThat(SystemRow.tupleFields(":")).containsExactly("", "");
		assertThat(SystemRow.tupleFields("x")).containsExactly("x");
	}

	@Test
	void frozenMapIsWrappedInParentheses() {
		Map<String, String> map = row("replication",
				AttributeValue.fromS("({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 3})"))
			.map("replication");
		assertThat(map).containsExactly(entry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy"),
				entry("dc1", "3"));
	}

	@Test
	void nonFrozenMapHasNoParentheses() {
		assertThat(row("m", AttributeValue.fromS("{class : SimpleStrategy}, {replication_factor : 1}")).map("m"))
			.containsExactly(entry("class", "SimpleStrategy"), entry("replication_factor", "1"));
		assertThat(row("m", AttributeValue.fromS("{a:1},{b : 2}")).map("m")).containsExactly(entry("a", "1"),
				entry("b", "2"));
	}

	@Test
	void emptyOrAbsentMapIsEmpty() {
		assertThat(row("m", AttributeValue.fromS("")).map("m")).isEmpty();
		assertThat(row("m", AttributeValue.fromS("()")).map("m")).isEmpty();
		assertThat(row("other", AttributeValue.fromS("")).map("m")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{a : 1", "a : 1", "{a 1}", "{a : 1}, ", "{a : 1} {b : 2}", "{a : 1}, {a : 2}",
			"({a : {b}})", "{ : 1}" })
	void oddMapsAreUnparsable(String rendering) {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> row("m", AttributeValue.fromS(rendering)).map("m"));
	}

	private static SystemRow row(String column, AttributeValue value) {
		return new SystemRow("system.test", Map.of(column, value));
	}

}
