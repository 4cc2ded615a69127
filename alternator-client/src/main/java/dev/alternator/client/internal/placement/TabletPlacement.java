package dev.alternator.client.internal.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replica placement of a tablet table: its rows of {@code system.tablets}.
 * <p>
 * Tablet {@code i} owns the tokens {@code (last_token[i-1], last_token[i]]}, the first
 * from the minimum token; a token above the largest {@code last_token} (which is normally
 * {@link Long#MAX_VALUE}) belongs to the last tablet. A lookup is a binary search for the
 * first {@code last_token >= token}.
 * <p>
 * The replicas of a tablet are its {@code replicas}, except while a migration has moved
 * reads to the new ones: in the stages {@code write_both_read_new}, {@code use_new},
 * {@code cleanup} and {@code end_migration} they are its {@code new_replicas}. Replicas
 * are named by host id and resolved to nodes through the {@link ClusterTopology}; a host
 * id the topology does not know is left out (and counted, see
 * {@link #unresolvedReplicas()}). Shards are dropped: they do not change which node to
 * send a request to.
 * <p>
 * A co-located table (its rows carry a {@code base_table}) is placed by the rows of its
 * base table ({@link #read}).
 * <p>
 * Memory: at most {@value #MAX_TABLETS} tablets per table (a {@code long} and a reference
 * each, replica lists shared between tablets with the same replicas); a table with more
 * is rejected as unparsable rather than held.
 * <p>
 * Immutable and thread-safe.
 */
public final class TabletPlacement implements ReplicaPlacement {

	/** The most tablets one table's placement holds. */
	public static final int MAX_TABLETS = 1 << 16;

	static final String TABLETS = "system.tablets";

	private static final Set<String> READ_NEW_STAGES = Set.of("write_both_read_new", "use_new", "cleanup",
			"end_migration");

	private final UUID tableId;

	private final long[] lastTokens;

	private final List<List<ClusterNode>> tabletReplicas;

	private final int unresolvedReplicas;

	private TabletPlacement(UUID tableId, long[] lastTokens, List<List<ClusterNode>> tabletReplicas,
			int unresolvedReplicas) {
		this.tableId = tableId;
		this.lastTokens = lastTokens;
		this.tabletReplicas = List.copyOf(tabletReplicas);
		this.unresolvedReplicas = unresolvedReplicas;
	}

	/**
	 * Read the placement of a table, following a co-located table to its base table.
	 * @param tableId the table's id ({@code DescribeTable}'s {@code TableId})
	 * @param rowsOfTable the rows of {@code system.tablets} of a table id (a query on the
	 * partition key, or any superset: rows of other tables are ignored)
	 * @param topology the cluster's nodes, to resolve host ids
	 * @return the placement
	 * @throws UnparsableValueException when a row renders a column unexpectedly, the
	 * table has no tablets, or more than {@link #MAX_TABLETS}
	 */
	public static TabletPlacement read(UUID tableId, Function<UUID, List<Map<String, AttributeValue>>> rowsOfTable,
			ClusterTopology topology) {
		List<Map<String, AttributeValue>> rows = rowsOfTable.apply(tableId);
		UUID baseTable = baseTable(tableId, rows);
		if (baseTable != null) {
			return parse(baseTable, rowsOfTable.apply(baseTable), topology);
		}
		return parse(tableId, rows, topology);
	}

	/**
	 * Parse the rows of one table.
	 * @param tableId the table whose rows to use
	 * @param rows rows of {@code system.tablets}; rows of other tables, and a partition's
	 * static-only row, are ignored
	 * @param topology the cluster's nodes, to resolve host ids
	 * @return the placement
	 * @throws UnparsableValueException when a row renders a column unexpectedly, the
	 * table has no tablets, or more than {@link #MAX_TABLETS}
	 */
	public static TabletPlacement parse(UUID tableId, List<Map<String, AttributeValue>> rows,
			ClusterTopology topology) {
		List<long[]> tokens = new ArrayList<>();
		List<List<TabletReplica>> replicaLists = new ArrayList<>();
		for (Map<String, AttributeValue> item : rows) {
			SystemRow row = new SystemRow(TABLETS, item);
			if (!tableId.equals(row.requiredUuid("table_id")) || !item.containsKey("last_token")) {
				continue;
			}
			if (tokens.size() == MAX_TABLETS) {
				throw new UnparsableValueException(TABLETS, "last_token", "more than " + MAX_TABLETS + " tablets",
						"at most " + MAX_TABLETS + " tablets of table " + tableId);
			}
			tokens.add(new long[] { row.requiredBigint("last_token"), tokens.size() });
			replicaLists.add(readReplicas(row));
		}
		if (tokens.isEmpty()) {
			throw new UnparsableValueException(TABLETS, "table_id", tableId.toString(), "at least one tablet");
		}
		tokens.sort((a, b) -> Long.compare(a[0], b[0]));
		long[] lastTokens = new long[tokens.size()];
		List<List<ClusterNode>> tabletReplicas = new ArrayList<>(tokens.size());
		Map<List<ClusterNode>, List<ClusterNode>> shared = new HashMap<>();
		int unresolved = 0;
		for (int i = 0; i < lastTokens.length; i++) {
			lastTokens[i] = tokens.get(i)[0];
			if (i > 0 && lastTokens[i] == lastTokens[i - 1]) {
				throw new UnparsableValueException(TABLETS, "last_token", Long.toString(lastTokens[i]),
						"distinct last tokens");
			}
			List<ClusterNode> nodes = new ArrayList<>();
			for (TabletReplica replica : replicaLists.get((int) tokens.get(i)[1])) {
				ClusterNode node = topology.node(replica.hostId());
				if (node == null) {
					unresolved++;
				}
				else if (!nodes.contains(node)) {
					nodes.add(node);
				}
			}
			tabletReplicas.add(shared.computeIfAbsent(List.copyOf(nodes), (key) -> key));
		}
		return new TabletPlacement(tableId, lastTokens, tabletReplicas, unresolved);
	}

	/**
	 * The base table of a co-located table.
	 * @param tableId the table
	 * @param rows its rows of {@code system.tablets}
	 * @return the base table, or {@code null} when the table is not co-located
	 */
	static @Nullable UUID baseTable(UUID tableId, List<Map<String, AttributeValue>> rows) {
		for (Map<String, AttributeValue> item : rows) {
			SystemRow row = new SystemRow(TABLETS, item);
			if (tableId.equals(row.requiredUuid("table_id"))) {
				UUID base = row.uuid("base_table");
				if (base != null && !base.equals(tableId)) {
					return base;
				}
			}
		}
		return null;
	}

	private static List<TabletReplica> readReplicas(SystemRow row) {
		String stage = row.text("stage");
		if (stage != null && READ_NEW_STAGES.contains(stage.trim())) {
			List<TabletReplica> next = row.replicas("new_replicas");
			if (!next.isEmpty()) {
				return next;
			}
		}
		return row.replicas("replicas");
	}

	@Override
	public Kind kind() {
		return Kind.TABLETS;
	}

	@Override
	public List<ClusterNode> replicas(long token) {
		int index = Arrays.binarySearch(this.lastTokens, token);
		if (index < 0) {
			index = Math.min(-index - 1, this.lastTokens.length - 1);
		}
		return this.tabletReplicas.get(index);
	}

	/**
	 * The table whose tablets place this one: the table itself, or its base table when
	 * co-located.
	 * @return the table id of the rows used
	 */
	public UUID tableId() {
		return this.tableId;
	}

	/**
	 * The number of tablets.
	 * @return the tablet count, at least 1
	 */
	public int tabletCount() {
		return this.lastTokens.length;
	}

	/**
	 * Replicas (over all tablets) whose host id is not in the topology, e.g. a node that
	 * joined after the topology was read; their tablets have fewer known replicas.
	 * @return the number of unresolved replica entries
	 */
	public int unresolvedReplicas() {
		return this.unresolvedReplicas;
	}

	@Override
	public String toString() {
		return "tablets (" + this.lastTokens.length + " of table " + this.tableId + ")";
	}

}
