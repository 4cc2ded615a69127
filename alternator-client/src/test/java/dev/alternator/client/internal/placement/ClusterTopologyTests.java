package dev.alternator.client.internal.placement;

import java.util.List;
import java.util.Map;

import dev.alternator.client.internal.common.Host;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static dev.alternator.client.internal.placement.Rows.hostId;
import static dev.alternator.client.internal.placement.Rows.item;
import static dev.alternator.client.internal.placement.Rows.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ClusterTopology}: nodes from {@code system.local} and
 * {@code system.peers}, matched to {@code /localnodes} addresses.
 */
class ClusterTopologyTests {

	private static final List<Map<String, AttributeValue>> LOCAL = List
		.of(item("key", "local", "host_id", hostId(1).toString(), "data_center", "dc1", "rack", "r1", "rpc_address",
				"10.0.0.1", "tokens", "-100; 50; 7"));

	@Test
	void nodesComeFromLocalThenPeers() {
		ClusterTopology topology = ClusterTopology.parse(LOCAL,
				List.of(node(2, "dc1", "r2", "-5"), node(3, "dc2", "r1", "9; 10")));
		assertThat(topology.nodes()).extracting(ClusterNode::hostId).containsExactly(hostId(1), hostId(2), hostId(3));
		ClusterNode local = topology.nodes().get(0);
		assertThat(local.rpcAddress()).isEqualTo(Host.parse("10.0.0.1"));
		assertThat(local.datacenter()).isEqualTo("dc1");
		assertThat(local.rack()).isEqualTo("r1");
		assertThat(local.tokens()).containsExactly(-100L, 7L, 50L);
		assertThat(topology.tokenCount()).isEqualTo(6);
	}

	@Test
	void rowsWithoutTokensAreSkipped() {
		Map<String, AttributeValue> bootstrapping = item("peer", "10.0.0.4", "host_id", hostId(4).toString(),
				"data_center", "dc1", "rack", "r1", "rpc_address", "10.0.0.4");
		Map<String, AttributeValue> replacing = node(5, "dc1", "r1", "");
		Map<String, AttributeValue> partial = item("peer", "10.0.0.6");
		ClusterTopology topology = ClusterTopology.parse(LOCAL, List.of(bootstrapping, replacing, partial));
		assertThat(topology.nodes()).extracting(ClusterNode::hostId).containsExactly(hostId(1));
		assertThat(topology.node(hostId(4))).isNull();
	}

	@Test
	void nodesAreFoundByHostIdAndByAddress() {
		ClusterTopology topology = ClusterTopology.parse(LOCAL, List.of(node(2, "dc1", "r2", "-5")));
		assertThat(topology.node(hostId(2)).rpcAddress()).isEqualTo(Host.parse("10.0.0.2"));
		assertThat(topology.address(hostId(2))).isEqualTo(Host.parse("10.0.0.2"));
		assertThat(topology.address(hostId(9))).isNull();
		assertThat(topology.nodeAt(Host.parse("10.0.0.2")).hostId()).isEqualTo(hostId(2));
		assertThat(topology.nodeAt(Host.parse("10.0.0.9"))).isNull();
	}

	@Test
	void ipv6AddressesMatchWhateverTheirSpelling() {
		Map<String, AttributeValue> peer = item("peer", "2001:db8::2", "host_id", hostId(2).toString(), "data_center",
				"dc1", "rack", "r1", "rpc_address", "2001:db8:0:0:0:0:0:2", "tokens", "1");
		ClusterTopology topology = ClusterTopology.parse(LOCAL, List.of(peer));
		assertThat(topology.nodeAt(Host.parse("2001:db8::2")).hostId()).isEqualTo(hostId(2));
		assertThat(topology.nodeAt(Host.parse("[2001:DB8::2]")).hostId()).isEqualTo(hostId(2));
	}

	@Test
	void missingDatacenterIsNamed() {
		Map<String, AttributeValue> peer = item("peer", "10.0.0.2", "host_id", hostId(2).toString(), "rack", "r1",
				"rpc_address", "10.0.0.2", "tokens", "1");
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> ClusterTopology.parse(LOCAL, List.of(peer)))
			.withMessage("unparsable system.peers.data_center: missing (expected a value)");
	}

	@Test
	void tokensThatAreNotNumbersAreUnparsable() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> ClusterTopology.parse(LOCAL, List.of(node(2, "dc1", "r1", "1; x"))))
			.withMessage("unparsable system.peers.tokens: 'x' (expected decimal int64 tokens)");
	}

	@Test
	void duplicateHostIdsOrAddressesAreUnparsable() {
		Map<String, AttributeValue> sameAddress = item("peer", "10.0.0.1", "host_id", hostId(7).toString(),
				"data_center", "dc1", "rack", "r1", "rpc_address", "10.0.0.1", "tokens", "1");
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> ClusterTopology.parse(LOCAL, List.of(node(1, "dc1", "r1", "3"))))
			.withMessageContaining("host_id");
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> ClusterTopology.parse(LOCAL, List.of(sameAddress)))
			.withMessageContaining("rpc_address");
	}

	@Test
	void localTableMustHaveOneRow() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> ClusterTopology.parse(List.of(), List.of(node(2, "dc1", "r1", "3"))))
			.withMessage("unparsable system.local.key: '0 rows' (expected one row)");
	}

	@Test
	void tokensAreBounded() {
		StringBuilder tokens = new StringBuilder("0");
		for (int i = 1; i <= ClusterTopology.MAX_TOKENS; i++) {
			tokens.append("; ").append(i);
		}
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> ClusterTopology.parse(LOCAL, List.of(node(2, "dc1", "r1", tokens.toString()))))
			.withMessageContaining("at most " + ClusterTopology.MAX_TOKENS + " tokens");
	}

}
