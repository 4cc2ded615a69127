package dev.alternator.client.internal.replica;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.placement.SystemTable;
import dev.alternator.client.internal.placement.TableRead;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Test helper: system tables and table descriptions served from memory, as Alternator
 * renders them (every column a string), with a log of every read ({@code "<ms> <what>"},
 * on the given virtual clock) and per-table failures.
 * <p>
 * The cluster: nodes {@code 127.0.0.1..n} with host ids {@link #hostId(int)}, racks and
 * tokens as added; tables in vnode keyspaces with RF 3 unless made tablet tables.
 */
public final class FakeClusterReads implements ClusterReads {

	private final LongSupplier millis;

	private final List<String> log = new CopyOnWriteArrayList<>();

	private final Map<Integer, Map<String, AttributeValue>> nodes = new LinkedHashMap<>();

	private final Map<String, ClusterReads.TableKeys> tables = new HashMap<>();

	private final Map<String, List<Map<String, AttributeValue>>> tablets = new HashMap<>();

	private final Map<SystemTable, TableRead.Cause> failures = new HashMap<>();

	private final Map<String, RuntimeException> describeFailures = new HashMap<>();

	/**
	 * A fake cluster.
	 * @param millis the virtual time in milliseconds, for the log
	 */
	public FakeClusterReads(LongSupplier millis) {
		this.millis = millis;
	}

	/**
	 * A host id for tests: {@code 00000000-0000-4000-8000-0000000000nn}.
	 * @param n the node number
	 * @return the host id
	 */
	public static UUID hostId(int n) {
		return UUID.fromString(String.format("00000000-0000-4000-8000-%012x", n));
	}

	/**
	 * Adds (or replaces) a node {@code 127.0.0.n}.
	 * @param n the node number
	 * @param datacenter its datacenter
	 * @param rack its rack
	 * @param tokens its tokens
	 * @return this
	 */
	public FakeClusterReads node(int n, String datacenter, String rack, long... tokens) {
		List<String> texts = new ArrayList<>();
		for (long token : tokens) {
			texts.add(Long.toString(token));
		}
		Map<String, AttributeValue> row = new LinkedHashMap<>();
		row.put("host_id", AttributeValue.fromS(hostId(n).toString()));
		row.put("data_center", AttributeValue.fromS(datacenter));
		row.put("rack", AttributeValue.fromS(rack));
		row.put("rpc_address", AttributeValue.fromS("127.0.0." + n));
		row.put("tokens", AttributeValue.fromS(String.join("; ", texts)));
		this.nodes.put(n, row);
		return this;
	}

	/**
	 * Adds a table of a vnode keyspace (RF 3 in {@code dc1}).
	 * @param table the table
	 * @param hashKey its partition key
	 * @return this
	 */
	public FakeClusterReads table(String table, String hashKey) {
		this.tables.put(table, new ClusterReads.TableKeys(hashKey, UUID.nameUUIDFromBytes(table.getBytes())));
		return this;
	}

	/**
	 * Makes a table a tablet table with one tablet per entry: the tablet ending at the
	 * token is on the nodes given.
	 * @param table the table (added with {@link #table})
	 * @param lastTokensAndReplicas last token, then its replica node numbers, per tablet
	 * @return this
	 */
	public FakeClusterReads tablets(String table, long[]... lastTokensAndReplicas) {
		UUID id = this.tables.get(table).tableId();
		List<Map<String, AttributeValue>> rows = new ArrayList<>();
		for (long[] tablet : lastTokensAndReplicas) {
			List<String> replicas = new ArrayList<>();
			for (int i = 1; i < tablet.length; i++) {
				replicas.add(hostId((int) tablet[i]) + ":0");
			}
			rows.add(Map.of("table_id", AttributeValue.fromS(id.toString()), "last_token",
					AttributeValue.fromS(Long.toString(tablet[0])), "replicas",
					AttributeValue.fromS(String.join(", ", replicas))));
		}
		this.tablets.put(table, rows);
		return this;
	}

	/**
	 * Makes every read of a system table fail.
	 * @param table the table
	 * @param cause how, or {@code null} to answer again
	 * @return this
	 */
	public FakeClusterReads fail(SystemTable table, TableRead.@Nullable Cause cause) {
		if (cause == null) {
			this.failures.remove(table);
		}
		else {
			this.failures.put(table, cause);
		}
		return this;
	}

	/**
	 * Makes {@code DescribeTable} of a table answer {@code ResourceNotFoundException}.
	 * @param table the table
	 * @return this
	 */
	public FakeClusterReads unknown(String table) {
		this.describeFailures.put(table,
				ResourceNotFoundException.builder()
					.awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build())
					.message("Requested resource not found")
					.build());
		return this;
	}

	/**
	 * The reads so far, {@code "<ms> <what> <node>"}.
	 * @return the log
	 */
	public List<String> log() {
		return List.copyOf(this.log);
	}

	/** Forgets the reads so far. */
	public void clearLog() {
		this.log.clear();
	}

	@Override
	public TableKeys describe(Node node, String table) {
		this.log.add(this.millis.getAsLong() + " describe " + table + " " + node.address());
		RuntimeException failure = this.describeFailures.get(table);
		if (failure != null) {
			throw failure;
		}
		TableKeys keys = this.tables.get(table);
		if (keys == null) {
			throw new IllegalStateException("no table " + table);
		}
		return keys;
	}

	@Override
	public TableRead scan(Node node, SystemTable table) {
		this.log.add(this.millis.getAsLong() + " " + table.cqlName() + " " + node.address());
		TableRead.Cause cause = this.failures.get(table);
		if (cause != null) {
			return failed(table, cause);
		}
		List<Map<String, AttributeValue>> rows = new ArrayList<>();
		String self = node.address();
		for (Map<String, AttributeValue> row : this.nodes.values()) {
			boolean isSelf = row.get("rpc_address").s().equals(self);
			if ((table == SystemTable.LOCAL) == isSelf) {
				Map<String, AttributeValue> copy = new LinkedHashMap<>(row);
				copy.put((table == SystemTable.LOCAL) ? "key" : "peer",
						AttributeValue.fromS((table == SystemTable.LOCAL) ? "local" : row.get("rpc_address").s()));
				rows.add(copy);
			}
		}
		return new TableRead.Rows(table, rows);
	}

	@Override
	public TableRead query(Node node, SystemTable table, String partitionKey) {
		this.log.add(this.millis.getAsLong() + " " + table.cqlName() + " " + partitionKey + " " + node.address());
		TableRead.Cause cause = this.failures.get(table);
		if (cause != null) {
			return failed(table, cause);
		}
		return switch (table) {
			case KEYSPACES -> new TableRead.Rows(table,
					partitionKey.startsWith("alternator_") && this.tables.containsKey(tableOf(partitionKey)) ? List
						.of(Map.of("keyspace_name", AttributeValue.fromS(partitionKey), "replication",
								AttributeValue.fromS(
										"({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 3})")))
							: List.of());
			case SCYLLA_KEYSPACES -> new TableRead.Rows(table,
					this.tablets.containsKey(tableOf(partitionKey)) ? List.of(Map.of("keyspace_name",
							AttributeValue.fromS(partitionKey), "initial_tablets", AttributeValue.fromS("0")))
							: List.of());
			case TABLETS -> new TableRead.Rows(table, tabletRows(partitionKey));
			default -> throw new IllegalArgumentException(table.toString());
		};
	}

	private List<Map<String, AttributeValue>> tabletRows(String tableId) {
		for (Map.Entry<String, ClusterReads.TableKeys> entry : this.tables.entrySet()) {
			if (String.valueOf(entry.getValue().tableId()).equals(tableId)) {
				return this.tablets.getOrDefault(entry.getKey(), List.of());
			}
		}
		return List.of();
	}

	private static String tableOf(String keyspace) {
		return keyspace.substring("alternator_".length());
	}

	private static TableRead.Failed failed(SystemTable table, TableRead.Cause cause) {
		String message = switch (cause) {
			case ACCESS_DENIED -> "the role may not read " + table.cqlName() + "; to allow it run GRANT SELECT ON "
					+ table.cqlName() + " TO <role> (access denied)";
			case NOT_AVAILABLE ->
				"not a ScyllaDB with system table access: " + table.dynamoDbName() + " cannot be read (not found)";
			default -> "reading " + table.cqlName() + " failed: " + cause;
		};
		return new TableRead.Failed(table, cause, message);
	}

}
