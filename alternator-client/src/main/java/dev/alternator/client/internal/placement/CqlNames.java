package dev.alternator.client.internal.placement;

/**
 * How Alternator names things in CQL: a DynamoDB table {@code T} is the CQL table
 * {@code T} in the keyspace {@code alternator_T}; its global secondary index {@code G} is
 * the materialized view {@code T:G} and its local secondary index {@code L} the view
 * {@code T!:L}, both in the table's keyspace. ScyllaDB's internal tables are read through
 * the DynamoDB API under the table name {@code .scylla.alternator.<keyspace>.
 *
<table>
 * }.
 * <p>
 * Stateless and thread-safe.
 */
public final class CqlNames {

	/** The prefix of the DynamoDB name of a ScyllaDB internal table. */
	public static final String INTERNAL_TABLE_PREFIX = ".scylla.alternator.";

	private static final String KEYSPACE_PREFIX = "alternator_";

	private CqlNames() {
	}

	/**
	 * The keyspace of a DynamoDB table.
	 * @param table the DynamoDB table name
	 * @return {@code alternator_<table>}
	 */
	public static String keyspace(String table) {
		return KEYSPACE_PREFIX + table;
	}

	/**
	 * The CQL table of a DynamoDB table.
	 * @param table the DynamoDB table name
	 * @return the same name
	 */
	public static String table(String table) {
		return table;
	}

	/**
	 * The CQL view of a global secondary index.
	 * @param table the DynamoDB table name
	 * @param index the index name
	 * @return {@code <table>:<index>}
	 */
	public static String globalIndexView(String table, String index) {
		return table + ":" + index;
	}

	/**
	 * The CQL view of a local secondary index.
	 * @param table the DynamoDB table name
	 * @param index the index name
	 * @return {@code <table>!:<index>}
	 */
	public static String localIndexView(String table, String index) {
		return table + "!:" + index;
	}

	/**
	 * The DynamoDB table name that reads a ScyllaDB internal table.
	 * @param keyspace an internal keyspace, e.g. {@code system}
	 * @param table the table, e.g. {@code peers}
	 * @return {@code .scylla.alternator.<keyspace>.<table>}
	 */
	public static String internalTable(String keyspace, String table) {
		return INTERNAL_TABLE_PREFIX + keyspace + "." + table;
	}

}
