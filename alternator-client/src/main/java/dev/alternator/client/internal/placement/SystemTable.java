package dev.alternator.client.internal.placement;

import java.util.List;

/**
 * The ScyllaDB system tables placement reads, with the columns it needs (reading only
 * those keeps pages small and skips columns whose rendering it does not parse).
 */
public enum SystemTable {

	/** This node: its host id, datacenter, rack, address and tokens. */
	LOCAL("system", "local", List.of("key", "host_id", "data_center", "rack", "rpc_address", "tokens")),

	/** The other nodes, as the answering node knows them. */
	PEERS("system", "peers", List.of("peer", "host_id", "data_center", "rack", "rpc_address", "tokens")),

	/** Tablets per table: token ranges, replicas, migration stage, co-location. */
	TABLETS("system", "tablets",
			List.of("table_id", "last_token", "replicas", "new_replicas", "stage", "base_table", "tablet_count")),

	/** Keyspaces and their replication. */
	KEYSPACES("system_schema", "keyspaces", List.of("keyspace_name", "replication")),

	/** ScyllaDB's keyspace options: whether a keyspace uses tablets. */
	SCYLLA_KEYSPACES("system_schema", "scylla_keyspaces", List.of("keyspace_name", "initial_tablets"));

	private final String keyspace;

	private final String table;

	private final List<String> columns;

	SystemTable(String keyspace, String table, List<String> columns) {
		this.keyspace = keyspace;
		this.table = table;
		this.columns = columns;
	}

	/**
	 * The CQL name, for messages and grants.
	 * @return e.g. {@code system.peers}
	 */
	public String cqlName() {
		return this.keyspace + "." + this.table;
	}

	/**
	 * The name a DynamoDB request reads it by.
	 * @return e.g. {@code .scylla.alternator.system.peers}
	 */
	public String dynamoDbName() {
		return CqlNames.internalTable(this.keyspace, this.table);
	}

	/**
	 * The columns placement reads; the first is the partition key.
	 * @return the column names
	 */
	public List<String> columns() {
		return this.columns;
	}

	/**
	 * The partition-key column.
	 * @return the column name
	 */
	public String partitionKey() {
		return this.columns.get(0);
	}

}
