package dev.alternator.client.internal.placement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds system-table items as Alternator renders them: every column a string attribute.
 */
final class Rows {

	private Rows() {
	}

	/**
	 * An item of string attributes.
	 * @param columnsAndValues column, value, column, value, ...; a {@code null} value
	 * leaves the column out
	 * @return the item
	 */
	static Map<String, AttributeValue> item(String... columnsAndValues) {
		Map<String, AttributeValue> item = new LinkedHashMap<>();
		for (int i = 0; i < columnsAndValues.length; i += 2) {
			if (columnsAndValues[i + 1] != null) {
				item.put(columnsAndValues[i], AttributeValue.fromS(columnsAndValues[i + 1]));
			}
		}
		return item;
	}

	/**
	 * A host id for tests: {@code 00000000-0000-4000-8000-0000000000nn}.
	 * @param n the node number
	 * @return the host id
	 */
	static UUID hostId(int n) {
		return UUID.fromString(String.format("00000000-0000-4000-8000-%012x", n));
	}

	/**
	 * A {@code system.peers} (or {@code system.local}) row.
	 * @param n the node number: host id {@link #hostId(int)}, address {@code 10.0.0.n}
	 * @param datacenter the datacenter
	 * @param rack the rack
	 * @param tokens the tokens joined by {@code "; "}
	 * @return the item
	 */
	static Map<String, AttributeValue> node(int n, String datacenter, String rack, String tokens) {
		return item("peer", "10.0.0." + n, "host_id", hostId(n).toString(), "data_center", datacenter, "rack", rack,
				"rpc_address", "10.0.0." + n, "tokens", tokens);
	}

}
