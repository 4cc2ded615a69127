package dev.alternator.client.internal.replica;

import java.util.UUID;
import java.util.function.Function;

import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodePin;
import dev.alternator.client.internal.placement.SystemTable;
import dev.alternator.client.internal.placement.SystemTableReader;
import dev.alternator.client.internal.placement.TableRead;
import dev.alternator.client.internal.placement.TabletPlacement;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The reads replica-aware routing makes, each on one given node: a table's key and id
 * ({@code DescribeTable}), and system tables (they are node-local, and a paged read must
 * stay on the node that served its first page). Pinned to a node, these background reads
 * neither take turns of the requests' rotation nor count as their activity. Every method
 * blocks for as long as its requests take: call them from a background thread only.
 * <p>
 * Implementations are thread-safe.
 */
public interface ClusterReads {

	/**
	 * The most items one system-table read returns: a table's tablets (at most
	 * {@link TabletPlacement#MAX_TABLETS}) and their partition's static row, or the peers
	 * of a large cluster.
	 */
	int MAX_ITEMS = TabletPlacement.MAX_TABLETS + 1024;

	/**
	 * Describes a table on one node.
	 * @param node the node to ask
	 * @param table the table name
	 * @return its partition-key attribute and id
	 * @throws RuntimeException the SDK's exception when the request failed
	 */
	TableKeys describe(Node node, String table);

	/**
	 * Reads a whole system table on one node.
	 * @param node the node whose view to read
	 * @param table the table
	 * @return its rows, or why they could not be read
	 */
	TableRead scan(Node node, SystemTable table);

	/**
	 * Reads one partition of a system table on one node.
	 * @param node the node whose view to read
	 * @param table the table
	 * @param partitionKey the partition key, rendered as the server renders it
	 * @return the partition's rows, or why they could not be read
	 */
	TableRead query(Node node, SystemTable table, String partitionKey);

	/**
	 * Reads through the SDK: each request carries {@link NodePin#NODE} so that the
	 * routing sends every attempt of it to the node given.
	 * @param describe sends a {@code DescribeTable}
	 * @param scan sends a {@code Scan}
	 * @param query sends a {@code Query}
	 * @return the reads
	 */
	static ClusterReads over(Function<DescribeTableRequest, DescribeTableResponse> describe,
			Function<ScanRequest, ScanResponse> scan, Function<QueryRequest, QueryResponse> query) {
		return new ClusterReads() {

			@Override
			public TableKeys describe(Node node, String table) {
				return TableKeys.of(
						describe
							.apply(DescribeTableRequest.builder()
								.tableName(table)
								.overrideConfiguration((override) -> override.putExecutionAttribute(NodePin.NODE, node))
								.build())
							.table());
			}

			@Override
			public TableRead scan(Node node, SystemTable table) {
				return reader(node).scan(table);
			}

			@Override
			public TableRead query(Node node, SystemTable table, String partitionKey) {
				return reader(node).query(table, partitionKey);
			}

			private SystemTableReader reader(Node node) {
				return new SystemTableReader(
						(request) -> scan.apply(request.toBuilder()
							.overrideConfiguration((override) -> override.putExecutionAttribute(NodePin.NODE, node))
							.build()),
						(request) -> query.apply(request.toBuilder()
							.overrideConfiguration((override) -> override.putExecutionAttribute(NodePin.NODE, node))
							.build()),
						MAX_ITEMS);
			}

		};
	}

	/**
	 * What replica-aware routing needs of a table's description.
	 *
	 * @param hashKey the partition-key attribute, or {@code null} when the key schema has
	 * none
	 * @param tableId the table's id ({@code system.tablets.table_id}), or {@code null}
	 * when the server did not return a valid one
	 */
	record TableKeys(@Nullable String hashKey, @Nullable UUID tableId) {

		/**
		 * The keys of a description.
		 * @param description the description
		 * @return its keys
		 */
		static TableKeys of(TableDescription description) {
			String hashKey = null;
			for (KeySchemaElement element : description.keySchema()) {
				if (element.keyType() == KeyType.HASH) {
					hashKey = element.attributeName();
				}
			}
			UUID tableId = null;
			String id = description.tableId();
			if (id != null) {
				try {
					tableId = UUID.fromString(id);
				}
				catch (IllegalArgumentException ex) {
					// not a ScyllaDB table id: tablets cannot be looked up
				}
			}
			return new TableKeys(hashKey, tableId);
		}

	}

}
