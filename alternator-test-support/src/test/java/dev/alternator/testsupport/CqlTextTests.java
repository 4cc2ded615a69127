package dev.alternator.testsupport;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CqlTextTests {

	@Test
	void textSetsAreSortedByUtf8BytesAndJoinedBySemicolons() {
		assertThat(CqlText.textSet(List.of("9", "-1", "10", "-2"))).isEqualTo("-1; -2; 10; 9");
		assertThat(CqlText.textSet(List.of("é", "z", "a"))).isEqualTo("a; z; é");
		assertThat(CqlText.textSet(List.of())).isEmpty();
	}

	@Test
	void tupleFieldsEscapeColonAndAtAndShowNullAsAt() {
		assertThat(CqlText.tuple(List.of("0b5c1a2e-0000-4000-8000-000000000001", "3")))
			.isEqualTo("0b5c1a2e-0000-4000-8000-000000000001:3");
		assertThat(CqlText.tuple(Arrays.asList("a:b", "c@d", null, "\\e"))).isEqualTo("a\\:b:c\\@d:@:\\e");
	}

	@Test
	void listsAreJoinedByCommas() {
		assertThat(CqlText.list(List.of("a:0", "b:1"))).isEqualTo("a:0, b:1");
		assertThat(CqlText.list(List.of())).isEmpty();
	}

	@Test
	void frozenMapsAreSortedByKeyInParentheses() {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("dc1", "3");
		map.put("class", "org.apache.cassandra.locator.NetworkTopologyStrategy");
		map.put("america", "2");
		assertThat(CqlText.frozenTextMap(map))
			.isEqualTo("({america : 2}, {class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 3})");
	}

}
