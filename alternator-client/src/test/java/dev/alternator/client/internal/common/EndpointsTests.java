package dev.alternator.client.internal.common;

import java.util.List;
import java.util.stream.Stream;

import dev.alternator.client.internal.Vectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Endpoints} against {@code endpoint-order.feature-spec.json}.
 */
class EndpointsTests {

	static Stream<Named<JsonNode>> endpointOrderVectors() {
		return Vectors.named("endpoint-order.feature-spec.json", "case");
	}

	@ParameterizedTest
	@MethodSource("endpointOrderVectors")
	void canonicalOrderMatchesVectors(JsonNode vector) {
		List<String> input = Vectors.strings(Vectors.field(vector, "input_endpoints"));
		assertThat(Endpoints.canonicalOrder(input))
			.containsExactlyElementsOf(Vectors.strings(Vectors.field(vector, "expected_canonical_order")));
	}

	@ParameterizedTest
	@MethodSource("endpointOrderVectors")
	void representativeOrderMatchesVectors(JsonNode vector) {
		List<String> input = Vectors.strings(Vectors.field(vector, "input_endpoints"));
		assertThat(Endpoints.representativeOrder(input))
			.containsExactlyElementsOf(Vectors.strings(Vectors.field(vector, "expected_representative_order")));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			http://A:80/path?q#f                | http://a
			HTTP://[2001:DB8::1]:8000           | http://[2001:db8::1]:8000
			http://user:pw@Node1.Example.com:8000 | http://node1.example.com:8000
			https://b:443                       | https://b
			https://b:80                        | https://b:80
			http://b:443                        | http://b:443
			http://10.0.0.1:8000/               | http://10.0.0.1:8000
			http://a:080                        | http://a
			http://a:                           | http://a
			http://a?x=http://b:1               | http://a
			http://[::ffff:10.0.0.1]            | http://[::ffff:10.0.0.1]
			""")
	void canonicalFormDropsDefaultsAndNonEndpointParts(String endpoint, String expected) {
		assertThat(Endpoints.canonical(endpoint)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a", "10.0.0.1:8000", "://a", "ftp://a", "http://", "http:///path", "http://a b",
			"http://a_b", "http://-a", "http://a..b", "http://10.0.0.256", "http://a:0", "http://a:65536",
			"http://a:123456", "http://a:8x", "http://a:-1", "http://::1", "http://[::1", "http://[::1]x",
			"http://[zz::1]", "http://[1::2::3]", "http://[]", "http://bücher.example" })
	void canonicalRejectsGarbage(String endpoint) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Endpoints.canonical(endpoint))
			.withMessageStartingWith("Invalid endpoint '" + endpoint + "'");
	}

	@Test
	void canonicalOrderIsBytewiseWithThePortInTheKey() {
		List<String> input = List.of("http://10.0.0.1:8000", "http://10.0.0.10:8000", "http://db10", "http://db1",
				"http://DB1:80");
		assertThat(Endpoints.canonicalOrder(input)).containsExactly("http://10.0.0.10:8000", "http://10.0.0.1:8000",
				"http://db1", "http://db10");
		assertThat(Endpoints.representativeOrder(input)).containsExactly("http://10.0.0.10:8000",
				"http://10.0.0.1:8000", "http://db1", "http://db10");
	}

	@Test
	void ordersAreUnmodifiable() {
		List<String> order = Endpoints.canonicalOrder(List.of("http://a"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> order.add("http://b"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			::1                  | [::1]
			[::1]                | [::1]
			FE80::2              | [fe80::2]
			[2001:DB8::1]        | [2001:db8::1]
			::ffff:10.0.0.1      | [::ffff:10.0.0.1]
			1:2:3:4:5:6:7:8      | [1:2:3:4:5:6:7:8]
			1:2:3:4:5:6:7::      | [1:2:3:4:5:6:7::]
			10.0.0.1             | 10.0.0.1
			Node-A.Example.COM   | node-a.example.com
			localhost            | localhost
			node1.example.com.   | node1.example.com.
			""")
	void uriHostBracketsIpv6AndLowercases(String host, String expected) {
		assertThat(Endpoints.uriHost(host)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "bad host", "10.0.0.1:8000", "[::1", "::1]", "[]", "[10.0.0.1]", "1::2::3",
			"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "12345::abcde", "fe80::1%eth0", "a_b", "-a", "a-", "a..b",
			"12345", "1.2.3", "010.0.0.1", "256.0.0.1", "node.1a" })
	void uriHostRejectsInvalidHosts(String host) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Endpoints.uriHost(host))
			.withMessageContaining("not a valid host name or IP address");
	}

	@Test
	void hostNameLengthLimitsAreEnforced() {
		String label63 = "a".repeat(63);
		assertThat(Endpoints.uriHostOrNull(label63)).isEqualTo(label63);
		assertThat(Endpoints.uriHostOrNull(label63 + "a")).isNull();
		String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
		assertThat(name253).hasSize(253);
		assertThat(Endpoints.uriHostOrNull(name253)).isEqualTo(name253);
		assertThat(Endpoints.uriHostOrNull(name253 + "a")).isNull();
	}

	@Test
	void uriHostOrNullKeepsCase() {
		assertThat(Endpoints.uriHostOrNull("FE80::2")).isEqualTo("[FE80::2]");
		assertThat(Endpoints.uriHostOrNull("Node-A.Example.COM")).isEqualTo("Node-A.Example.COM");
	}

}
