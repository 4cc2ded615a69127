package dev.alternator.client.internal.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads ScyllaDB system tables through the DynamoDB API ({@code Scan} of a whole table,
 * {@code Query} of one partition) with any client, page by page.
 * <p>
 * Paging: each page's {@code LastEvaluatedKey} is sent back as the next
 * {@code ExclusiveStartKey}, unchanged. For an internal table it may carry
 * {@code ":scylla:paging:region"} and {@code ":scylla:paging:weight"}; the server writes
 * the weight as a bare JSON number and reads it back only as a number whose value is a
 * JSON string ({@code {"N":"0"}}, its {@code pos_from_json}), which is exactly how the
 * SDK parses and sends an {@code N} value. A page whose last key equals the key it
 * started from ends the read as {@link TableRead.Cause#ERROR} instead of looping.
 * <p>
 * Only the table's {@linkplain SystemTable#columns() columns} are requested. Reads are
 * bounded: at most {@code maxItems} items and {@value #MAX_PAGES} pages, beyond which the
 * read fails as {@link TableRead.Cause#TOO_LARGE}.
 * <p>
 * Failures never escape: {@code AccessDeniedException} becomes
 * {@link TableRead.Cause#ACCESS_DENIED} with the grant needed, an unknown or invalid
 * table ({@code ResourceNotFoundException}, {@code ValidationException})
 * {@link TableRead.Cause#NOT_AVAILABLE}, anything else {@link TableRead.Cause#ERROR}.
 * <p>
 * Thread-safe if the request functions are; holds no state between reads. Runs on the
 * caller's thread and blocks for as long as the functions do.
 */
public final class SystemTableReader {

	/** The most pages one read follows. */
	public static final int MAX_PAGES = 10_000;

	private final Function<ScanRequest, ScanResponse> scan;

	private final Function<QueryRequest, QueryResponse> query;

	private final int maxItems;

	/**
	 * Create a reader.
	 * @param scan sends a {@code Scan} (e.g. {@code dynamoDbClient::scan}, with the
	 * request sent to the node whose view is wanted)
	 * @param query sends a {@code Query}
	 * @param maxItems the most items one read may return
	 */
	public SystemTableReader(Function<ScanRequest, ScanResponse> scan, Function<QueryRequest, QueryResponse> query,
			int maxItems) {
		if (maxItems < 1) {
			throw new IllegalArgumentException("maxItems must be positive: " + maxItems);
		}
		this.scan = scan;
		this.query = query;
		this.maxItems = maxItems;
	}

	/**
	 * Read a whole table.
	 * @param table the table
	 * @return its rows, or why they could not be read
	 */
	public TableRead scan(SystemTable table) {
		return read(table, (startKey) -> {
			ScanRequest.Builder request = ScanRequest.builder().tableName(table.dynamoDbName());
			project(table, request::projectionExpression, request::expressionAttributeNames);
			if (startKey != null) {
				request.exclusiveStartKey(startKey);
			}
			ScanResponse response = this.scan.apply(request.build());
			return new Page(response.items(), response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null);
		});
	}

	/**
	 * Read one partition of a table, e.g. the tablets of one table id or the row of one
	 * keyspace.
	 * @param table the table
	 * @param partitionKey the value of its {@linkplain SystemTable#partitionKey()
	 * partition key}, rendered as the server renders it (a uuid in lower case, a name as
	 * is)
	 * @return the partition's rows, or why they could not be read
	 */
	public TableRead query(SystemTable table, String partitionKey) {
		return read(table, (startKey) -> {
			QueryRequest.Builder request = QueryRequest.builder()
				.tableName(table.dynamoDbName())
				.keyConditionExpression("#c0 = :key")
				.expressionAttributeValues(Map.of(":key", AttributeValue.fromS(partitionKey)));
			project(table, request::projectionExpression, request::expressionAttributeNames);
			if (startKey != null) {
				request.exclusiveStartKey(startKey);
			}
			QueryResponse response = this.query.apply(request.build());
			return new Page(response.items(), response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null);
		});
	}

	private TableRead read(SystemTable table, Function<@Nullable Map<String, AttributeValue>, Page> fetch) {
		List<Map<String, AttributeValue>> items = new ArrayList<>();
		Map<String, AttributeValue> startKey = null;
		try {
			for (int pages = 0; pages < MAX_PAGES; pages++) {
				Page page = fetch.apply(startKey);
				if (items.size() + page.items().size() > this.maxItems) {
					return new TableRead.Failed(table, TableRead.Cause.TOO_LARGE,
							table.cqlName() + " has more than " + this.maxItems + " rows to read");
				}
				items.addAll(page.items());
				Map<String, AttributeValue> lastKey = page.lastKey();
				if (lastKey == null || lastKey.isEmpty()) {
					return new TableRead.Rows(table, items);
				}
				if (lastKey.equals(startKey)) {
					return new TableRead.Failed(table, TableRead.Cause.ERROR,
							"reading " + table.cqlName() + " does not advance: the same page key came back twice");
				}
				startKey = lastKey;
			}
			return new TableRead.Failed(table, TableRead.Cause.TOO_LARGE,
					table.cqlName() + " has more than " + MAX_PAGES + " pages to read");
		}
		catch (RuntimeException ex) {
			return failed(table, ex);
		}
	}

	/**
	 * Classify a failed request.
	 * @param table the table read
	 * @param ex what the request function threw
	 * @return the failure
	 */
	static TableRead.Failed failed(SystemTable table, RuntimeException ex) {
		String code = (ex instanceof AwsServiceException service && service.awsErrorDetails() != null)
				? service.awsErrorDetails().errorCode() : null;
		String detail = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName();
		if ("AccessDeniedException".equals(code)) {
			return new TableRead.Failed(table, TableRead.Cause.ACCESS_DENIED, "the role may not read " + table.cqlName()
					+ "; to allow it run GRANT SELECT ON " + table.cqlName() + " TO <role> (" + detail + ")");
		}
		if ("ResourceNotFoundException".equals(code) || "ValidationException".equals(code)) {
			return new TableRead.Failed(table, TableRead.Cause.NOT_AVAILABLE,
					"not a ScyllaDB with system table access: " + table.dynamoDbName() + " cannot be read (" + detail
							+ ")");
		}
		return new TableRead.Failed(table, TableRead.Cause.ERROR, "reading " + table.cqlName() + " failed: " + detail);
	}

	private static void project(SystemTable table, Function<String, ?> projection,
			Function<Map<String, String>, ?> names) {
		Map<String, String> placeholders = new HashMap<>();
		StringBuilder expression = new StringBuilder();
		List<String> columns = table.columns();
		for (int i = 0; i < columns.size(); i++) {
			expression.append((i > 0) ? ", " : "").append("#c").append(i);
			placeholders.put("#c" + i, columns.get(i));
		}
		projection.apply(expression.toString());
		names.apply(placeholders);
	}

	/**
	 * One page of a read.
	 *
	 * @param items the page's items
	 * @param lastKey the key to continue from, {@code null} or empty after the last page
	 */
	private record Page(List<Map<String, AttributeValue>> items, @Nullable Map<String, AttributeValue> lastKey) {

	}

}
