package dev.alternator.client.internal.placement;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.alternator.client.internal.common.Host;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import static dev.alternator.client.internal.placement.Rows.hostId;
import static dev.alternator.client.internal.placement.Rows.item;
import static dev.alternator.client.internal.placement.Rows.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts together, as routing will use them: read the system tables through fake
 * {@code Scan}/{@code Query} functions, build the topology and a table's placement, and
 * find the replicas of a key.
 */
class PlacementReadingTests {

	private static final UUID TABLE_ID = UUID.fromString("8f2b0c9e-0000-11ee-8000-0000000000aa");

	private final Map<String, List<Map<String, AttributeValue>>> tables = Map.of(SystemTable.LOCAL.dynamoDbName(),
			List.of(item("key", "local", "host_id", hostId(1).toString(), "data_center", "dc1", "rack", "r1",
					"rpc_address", "10.0.0.1", "tokens", "-6000000000000000000; 3000000000000000000")),
			SystemTable.PEERS.dynamoDbName(),
			List.of(node(2, "dc1", "r2", "-3000000000000000000; 6000000000000000000"),
					node(3, "dc1", "r3", "0; 9000000000000000000"), node(4, "dc1", "r1", "")),
			SystemTable.KEYSPACES.dynamoDbName(),
			List.of(item("keyspace_name", "alternator_vnodes", "replication",
					"({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 2})"),
					item("keyspace_name", "alternator_tablets", "replication",
							"({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 3})")),
			SystemTable.SCYLLA_KEYSPACES.dynamoDbName(),
			List.of(item("keyspace_name", "alternator_tablets", "initial_tablets", "0")),
			SystemTable.TABLETS.dynamoDbName(),
			List.of(item("table_id", TABLE_ID.toString(), "last_token", "0", "replicas",
					hostId(3) + ":0, " + hostId(1) + ":1, " + hostId(2) + ":0"),
					item("table_id", TABLE_ID.toString(), "last_token", Long.toString(Long.MAX_VALUE), "replicas",
							hostId(2) + ":1, " + hostId(3) + ":1, " + hostId(1) + ":0")));

	private final SystemTableReader reader = new SystemTableReader(this::scan, this::query, 10_000);

	@Test
	void vnodeTableKeyHasItsRingReplicas() {
		ClusterTopology topology = topology();
		KeyspaceSchema schema = keyspace("alternator_vnodes");
		assertThat(schema.tablets()).isFalse();
		ReplicaPlacement placement = VnodePlacement.of(topology, schema.replication());

		// token("hello") = -3758069500696749310: the range ending at -3000000000000000000
		List<ClusterNode> replicas = placement.replicas(PartitionToken.of(AttributeValue.fromS("hello")));

		assertThat(replicas).extracting(ClusterNode::rpcAddress)
			.containsExactly(Host.parse("10.0.0.2"), Host.parse("10.0.0.3"));
		assertThat(topology.nodeAt(Host.parse("10.0.0.4"))).as("bootstrapping").isNull();
	}

	@Test
	void tabletTableKeyHasItsTabletsReplicas() {
		ClusterTopology topology = topology();
		KeyspaceSchema schema = keyspace("alternator_tablets");
		assertThat(schema.tablets()).isTrue();
		ReplicaPlacement placement = TabletPlacement.read(TABLE_ID,
				(id) -> rows(this.reader.query(SystemTable.TABLETS, id.toString())), topology);

		assertThat(placement.replicas(PartitionToken.ofString("hello"))).extracting(ClusterNode::hostId)
			.containsExactly(hostId(3), hostId(1), hostId(2));
		assertThat(placement.replicas(PartitionToken.ofNumber("42"))).extracting(ClusterNode::hostId)
			.containsExactly(hostId(2), hostId(3), hostId(1));
	}

	private ClusterTopology topology() {
		return ClusterTopology.parse(rows(this.reader.scan(SystemTable.LOCAL)),
				rows(this.reader.scan(SystemTable.PEERS)));
	}

	private KeyspaceSchema keyspace(String name) {
		List<Map<String, AttributeValue>> keyspace = rows(this.reader.query(SystemTable.KEYSPACES, name));
		List<Map<String, AttributeValue>> scylla = rows(this.reader.query(SystemTable.SCYLLA_KEYSPACES, name));
		return KeyspaceSchema.parse(keyspace.get(0), scylla.isEmpty() ? null : scylla.get(0));
	}

	private static List<Map<String, AttributeValue>> rows(TableRead read) {
		assertThat(read).isInstanceOf(TableRead.Rows.class);
		return ((TableRead.Rows) read).items();
	}

	private ScanResponse scan(ScanRequest request) {
		return ScanResponse.builder().items(this.tables.get(request.tableName())).build();
	}

	private QueryResponse query(QueryRequest request) {
		String column = request.expressionAttributeNames().get("#c0");
		AttributeValue key = request.expressionAttributeValues().get(":key");
		return QueryResponse.builder()
			.items(this.tables.get(request.tableName()).stream().filter((row) -> key.equals(row.get(column))).toList())
			.build();
	}

}
