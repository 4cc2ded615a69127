package dev.alternator.testsupport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Answers {@code Scan} and {@code Query} on the ScyllaDB system tables that Alternator
 * exposes as {@code .scylla.alternator.<keyspace>.
 *
<table>
 * }, from the receiving node's point of view ({@code system.local} is that node,
 * {@code system.peers} the others), rendered as the server renders CQL values of
 * non-Alternator tables (see {@link CqlText}): every non-key type as {@code S} text
 * except {@code boolean}, which is {@code BOOL} with the <em>string</em>
 * {@code "true"}/{@code "false"}; null columns are absent.
 * <p>
 * Rows come in partition token order. Paging follows the server: with {@code Limit} N, a
 * page of N rows carries a {@code LastEvaluatedKey} with the row's key columns (as
 * {@code S}) and, for tables without clustering key, {@code ":scylla:paging:region"}
 * ({@code S}) and {@code ":scylla:paging:weight"} ({@code N} with a JSON number); an
 * {@code ExclusiveStartKey} must carry the weight as {@code N} with a string.
 * <p>
 * Stateless and thread-safe.
 */
final class SystemTables {

	/** The table name prefix that reaches internal tables. */
	static final String PREFIX = ".scylla.alternator.";

	static final String PAGING_REGION = ":scylla:paging:region";

	static final String PAGING_WEIGHT = ":scylla:paging:weight";

	/** Keyspaces the server treats as internal (readable through the prefix). */
	private static final Set<String> INTERNAL_KEYSPACES = Set.of("system", "system_schema", "system_auth",
			"system_distributed", "system_distributed_everywhere", "system_traces", "system_replicated_keys");

	private static final String RELEASE_VERSION = "3.0.8";

	private static final String NTS = "org.apache.cassandra.locator.NetworkTopologyStrategy";

	private static final Set<String> REGIONS = Set.of("partition_start", "static_row", "clustered", "partition_end");

	private static final Comparator<Row> ROW_ORDER = Comparator.comparingLong(Row::token)
		.thenComparing(Row::partitionKey, Arrays::compareUnsigned)
		.thenComparing((Row row) -> (row.clusteringKey() != null) ? row.clusteringKey() : Long.MIN_VALUE);

	private static final Map<String, Table> TABLES = Map.of("system.local",
			new Table("system.local", "key", KeyType.TEXT, null, SystemTables::local), "system.peers",
			new Table("system.peers", "peer", KeyType.INET, null, SystemTables::peers), "system.tablets",
			new Table("system.tablets", "table_id", KeyType.UUID, "last_token", SystemTables::tablets),
			"system_schema.keyspaces",
			new Table("system_schema.keyspaces", "keyspace_name", KeyType.TEXT, null, SystemTables::keyspaces),
			"system_schema.scylla_keyspaces", new Table("system_schema.scylla_keyspaces", "keyspace_name", KeyType.TEXT,
					null, SystemTables::scyllaKeyspaces));

	private SystemTables() {
	}

	static boolean isInternalName(String tableName) {
		return tableName.startsWith(PREFIX);
	}

	/**
	 * Answers a request whose {@code TableName} has the internal prefix, like the server.
	 * @param operation the operation, e.g. {@code Scan}
	 * @param request the parsed request body
	 * @param self the receiving node
	 * @param role the requesting role as the server would name it
	 * @param clientAddress the client's address
	 * @return the answer body
	 * @throws ApiError the server's error
	 */
	static byte[] answer(String operation, JsonNode request, LocalAlternatorNode self, String role,
			String clientAddress) throws ApiError {
		String tableName = request.field("TableName").filter(JsonNode::isString).map(JsonNode::asString).orElse("");
		switch (operation) {
			case "CreateTable" -> throw validation("Prefix " + PREFIX + " is reserved for accessing internal tables");
			case "PutItem", "UpdateItem", "DeleteItem" -> {
				if (table(tableName) != null) {
					throw notFound("Table " + tableName + " is an internal table, and writing to it is forbidden"
							+ " by the alternator_allow_system_table_write configuration");
				}
				throw notFound("Requested resource not found: Table: " + tableName + " not found");
			}
			case "Scan", "Query" -> {
				Table table = table(tableName);
				if (table == null) {
					throw notFound("Requested resource not found: Table: " + tableName + " not found");
				}
				return read(operation, table, request, self, role, clientAddress);
			}
			default -> throw notFound("Requested resource not found: Table: " + tableName + " not found");
		}
	}

	/**
	 * The table a prefixed name reaches, {@code null} when the keyspace is not internal
	 * (the name is then an ordinary, missing table).
	 * @throws ApiError for an unknown table of an internal keyspace
	 */
	private static @Nullable Table table(String tableName) throws ApiError {
		String rest = tableName.substring(PREFIX.length());
		int dot = rest.indexOf('.');
		if (dot < 0 || !INTERNAL_KEYSPACES.contains(rest.substring(0, dot))) {
			return null;
		}
		Table table = TABLES.get(rest);
		if (table == null) {
			throw notFound("Requested resource not found: Internal table: " + rest + " not found");
		}
		return table;
	}

	private static byte[] read(String operation, Table table, JsonNode request, LocalAlternatorNode self, String role,
			String clientAddress) throws ApiError {
		for (String unsupported : List.of("IndexName", "FilterExpression", "ScanFilter", "QueryFilter",
				"ConditionalOperator")) {
			if (request.field(unsupported).isPresent()) {
				throw validation(unsupported + " on system tables is not supported by the local Alternator cluster");
			}
		}
		if (request.field("ScanIndexForward").filter(JsonNode::isBoolean).map((n) -> !n.asBoolean()).orElse(false)) {
			throw validation(
					"ScanIndexForward=false on system tables is not supported by the local Alternator cluster");
		}
		long limit = Long.MAX_VALUE;
		JsonNode limitNode = request.field("Limit").orElse(null);
		if (limitNode != null) {
			limit = parseLong(limitNode.isNumber() ? limitNode.asNumber() : "x", "Limit");
			if (limit <= 0) {
				throw validation("Limit must be greater than 0");
			}
		}
		long[] segmentRange = segmentRange(request);
		String select = request.field("Select").filter(JsonNode::isString).map(JsonNode::asString).orElse("");
		boolean count = select.equals("COUNT");
		Set<String> projection = projection(request);
		byte[] queriedKey = (operation.equals("Query")) ? queriedPartition(table, request) : null;
		Position start = request.field("ExclusiveStartKey").isPresent()
				? startPosition(table, request.field("ExclusiveStartKey").get()) : null;
		if (self.cluster().placement().systemTablesDenied()) {
			throw new ApiError(400, Json.DYNAMODB_ERROR_PREFIX, "AccessDeniedException", "SELECT access on table "
					+ table.name() + " is denied to role " + role + ", client address " + clientAddress);
		}
		List<Row> rows = new ArrayList<>(table.rows().apply(self, table));
		rows.sort(ROW_ORDER);
		List<Row> page = new ArrayList<>();
		for (Row row : rows) {
			if (queriedKey != null && !Arrays.equals(queriedKey, row.partitionKey())) {
				continue;
			}
			if (segmentRange != null && (row.token() < segmentRange[0] || row.token() > segmentRange[1])) {
				continue;
			}
			if (start != null && !start.isBefore(row)) {
				continue;
			}
			page.add(row);
			if (page.size() == limit) {
				break;
			}
		}
		try (JsonWriter writer = JsonWriter.create()) {
			writer.writeStartObject();
			if (!count) {
				writer.writeFieldName("Items");
				writer.writeStartArray();
				for (Row row : page) {
					writeItem(writer, row.attributes(), projection);
				}
				writer.writeEndArray();
			}
			writer.writeFieldName("Count");
			writer.writeValue(page.size());
			writer.writeFieldName("ScannedCount");
			writer.writeValue(page.size());
			if (page.size() == limit) {
				writeLastEvaluatedKey(writer, table, page.get(page.size() - 1));
			}
			writer.writeEndObject();
			return writer.getBytes();
		}
	}

	private static void writeItem(JsonWriter writer, Map<String, Cell> attributes, @Nullable Set<String> projection) {
		writer.writeStartObject();
		for (Map.Entry<String, Cell> attribute : attributes.entrySet()) {
			if (projection == null || projection.contains(attribute.getKey())) {
				writer.writeFieldName(attribute.getKey());
				writer.writeStartObject();
				writer.writeFieldName(attribute.getValue().type());
				writer.writeValue(attribute.getValue().value());
				writer.writeEndObject();
			}
		}
		writer.writeEndObject();
	}

	/**
	 * The key of the last row of a page: its key columns as {@code S}; for a table
	 * without clustering key the position in the partition too, its weight as a JSON
	 * number.
	 */
	private static void writeLastEvaluatedKey(JsonWriter writer, Table table, Row last) {
		writer.writeFieldName("LastEvaluatedKey");
		writer.writeStartObject();
		writer.writeFieldName(table.partitionKeyName());
		writer.writeStartObject();
		writer.writeFieldName("S");
		writer.writeValue(last.partitionKeyText());
		writer.writeEndObject();
		if (table.clusteringKeyName() != null) {
			writer.writeFieldName(table.clusteringKeyName());
			writer.writeStartObject();
			writer.writeFieldName("S");
			writer.writeValue(String.valueOf(last.clusteringKey()));
			writer.writeEndObject();
		}
		else {
			writer.writeFieldName(PAGING_REGION);
			writer.writeStartObject();
			writer.writeFieldName("S");
			writer.writeValue("partition_start");
			writer.writeEndObject();
			writer.writeFieldName(PAGING_WEIGHT);
			writer.writeStartObject();
			writer.writeFieldName("N");
			writer.writeValue(0);
			writer.writeEndObject();
		}
		writer.writeEndObject();
	}

	// ---- request parsing

	private static long @Nullable [] segmentRange(JsonNode request) throws ApiError {
		JsonNode segmentNode = request.field("Segment").orElse(null);
		JsonNode totalNode = request.field("TotalSegments").orElse(null);
		if (segmentNode == null && totalNode == null) {
			return null;
		}
		if (segmentNode == null || totalNode == null) {
			throw validation("Both Segment and TotalSegments attributes need to be present for a parallel scan");
		}
		long segment = parseLong(segmentNode.isNumber() ? segmentNode.asNumber() : "x", "Segment");
		long total = parseLong(totalNode.isNumber() ? totalNode.asNumber() : "x", "TotalSegments");
		if (segment < 0 || segment >= total) {
			throw validation("Segment must be non-negative and less than TotalSegments");
		}
		if (total > 1_000_000) {
			throw validation("TotalSegments must be non-negative and less or equal to 1000000");
		}
		// segment i covers [MIN + i * delta, MIN + (i + 1) * delta], open-ended at both
		// ends of the ring
		long delta = Long.divideUnsigned(-1L, total);
		long from = (segment == 0) ? Long.MIN_VALUE : Long.MIN_VALUE + delta * segment;
		long to = (segment == total - 1) ? Long.MAX_VALUE : Long.MIN_VALUE + delta * (segment + 1);
		return new long[] { from, to };
	}

	private static @Nullable Set<String> projection(JsonNode request) {
		JsonNode attributesToGet = request.field("AttributesToGet").orElse(null);
		if (attributesToGet != null && attributesToGet.isArray()) {
			Set<String> result = new HashSet<>();
			for (JsonNode name : attributesToGet.asArray()) {
				result.add(name.asString());
			}
			return result;
		}
		String expression = request.field("ProjectionExpression")
			.filter(JsonNode::isString)
			.map(JsonNode::asString)
			.orElse(null);
		if (expression == null) {
			return null;
		}
		Set<String> result = new HashSet<>();
		for (String part : expression.split(",")) {
			result.add(KeyRequests.attributeName(request, part.strip()));
		}
		return result;
	}

	/**
	 * The partition a {@code Query} reads: an equality on the partition key, in
	 * {@code KeyConditionExpression} (nothing else) or {@code KeyConditions}.
	 */
	private static byte[] queriedPartition(Table table, JsonNode request) throws ApiError {
		String partitionKey = table.partitionKeyName();
		JsonNode value = null;
		List<KeyRequests.@Nullable Equality> parts = KeyRequests.keyConditionEqualities(request);
		if (parts != null) {
			for (KeyRequests.Equality part : parts) {
				if (part == null || !part.name().equals(partitionKey)) {
					throw validation("Only an equality on the partition key is supported in KeyConditionExpression"
							+ " on system tables by the local Alternator cluster, got: "
							+ request.field("KeyConditionExpression").map(JsonNode::text).orElse(""));
				}
				value = request.field("ExpressionAttributeValues")
					.flatMap((values) -> values.field(part.placeholder()))
					.orElseThrow(() -> validation("Value " + part.placeholder() + " is not defined"));
			}
		}
		else {
			value = KeyRequests.keyConditionsEquality(request, partitionKey);
		}
		if (value == null) {
			throw validation("Query on a system table needs an equality on its partition key " + partitionKey);
		}
		return serializedKey(table, keyText(value, partitionKey));
	}

	private static byte[] serializedKey(Table table, String text) throws ApiError {
		try {
			return table.partitionKeyType().serialize(text);
		}
		catch (IllegalArgumentException ex) {
			throw validation("Invalid value for key column " + table.partitionKeyName() + ": " + text);
		}
	}

	private static @Nullable Position startPosition(Table table, JsonNode key) throws ApiError {
		if (!key.isObject()) {
			throw validation("Malformed ExclusiveStartKey: " + key);
		}
		JsonNode region = key.field(PAGING_REGION).orElse(null);
		JsonNode weight = key.field(PAGING_WEIGHT).orElse(null);
		if ((region == null) != (weight == null)) {
			throw validation("Malformed value object: region and weight has to be either both missing or both present");
		}
		JsonNode partition = key.field(table.partitionKeyName())
			.orElseThrow(() -> validation("Key column " + table.partitionKeyName() + " not found"));
		byte[] partitionKey = serializedKey(table, keyText(partition, table.partitionKeyName()));
		Long clusteringKey = null;
		if (table.clusteringKeyName() != null) {
			JsonNode clustering = key.field(table.clusteringKeyName()).orElse(null);
			if (clustering == null && region == null) {
				throw validation("Key column " + table.clusteringKeyName() + " not found");
			}
			if (clustering != null) {
				clusteringKey = parseLong(keyText(clustering, table.clusteringKeyName()), table.clusteringKeyName());
			}
		}
		boolean afterPartition = table.clusteringKeyName() == null;
		if (region != null) {
			String regionText = typedString(region, "S", PAGING_REGION, "key region");
			String weightText = typedString(Objects.requireNonNull(weight), "N", PAGING_WEIGHT, "key weight");
			if (!REGIONS.contains(regionText)) {
				throw ApiError
					.internal("Internal server error: std::runtime_error (Invalid value for partition_region: "
							+ regionText + ")");
			}
			if (!weightText.equals("-1") && !weightText.equals("0") && !weightText.equals("1")) {
				throw ApiError.internal(
						"Internal server error: std::runtime_error (Invalid value for weight: " + weightText + ")");
			}
			if (!regionText.equals("clustered")) {
				afterPartition = true;
			}
		}
		return new Position(AlternatorTokens.token(partitionKey), partitionKey, afterPartition, clusteringKey);
	}

	private static String keyText(JsonNode typed, String column) throws ApiError {
		return typedString(typed, "S", column, "key column");
	}

	/**
	 * The string of a typed value ({@code {"S":"..."}}) as the server checks a key: one
	 * member, of the expected type, with a string value.
	 */
	private static String typedString(JsonNode typed, String type, String name, String what) throws ApiError {
		if (!typed.isObject() || typed.asObject().size() != 1) {
			throw validation("Malformed value object for " + what + " " + name + ": " + typed);
		}
		Map.Entry<String, JsonNode> member = typed.asObject().entrySet().iterator().next();
		if (!member.getKey().equals(type)) {
			throw validation("Type mismatch: expected type " + type + " for " + what + " " + name + ", got type "
					+ member.getKey());
		}
		if (!member.getValue().isString()) {
			throw validation("Malformed value object for " + what + " " + name + ": " + typed);
		}
		return member.getValue().asString();
	}

	private static long parseLong(String text, String name) throws ApiError {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw validation("Invalid " + name + ": " + text);
		}
	}

	private static ApiError validation(String message) {
		return ApiError.dynamoDb(400, "ValidationException", message);
	}

	private static ApiError notFound(String message) {
		return ApiError.dynamoDb(400, "ResourceNotFoundException", message);
	}

	// ---- the tables' rows

	private static List<Row> local(LocalAlternatorNode self, Table table) {
		Map<String, Cell> attributes = new LinkedHashMap<>();
		attributes.put("key", text("local"));
		attributes.put("bootstrapped", text(self.isBootstrapping() ? "IN_PROGRESS" : "COMPLETED"));
		attributes.put("broadcast_address", text(self.address()));
		attributes.put("cluster_name", text("alternator-local"));
		attributes.put("data_center", text(self.datacenter()));
		attributes.put("host_id", text(self.hostId().toString()));
		attributes.put("listen_address", text(self.address()));
		attributes.put("partitioner", text("org.apache.cassandra.dht.Murmur3Partitioner"));
		attributes.put("rack", text(self.rack()));
		attributes.put("release_version", text(RELEASE_VERSION));
		attributes.put("rpc_address", text(self.address()));
		if (!self.isBootstrapping()) {
			attributes.put("tokens", text(tokenSet(self)));
		}
		return List.of(row(table, "local", null, attributes));
	}

	private static List<Row> peers(LocalAlternatorNode self, Table table) {
		List<Row> rows = new ArrayList<>();
		for (LocalAlternatorNode node : self.cluster().nodes()) {
			if (node == self) {
				continue;
			}
			Map<String, Cell> attributes = new LinkedHashMap<>();
			attributes.put("peer", text(node.address()));
			attributes.put("data_center", text(node.datacenter()));
			attributes.put("host_id", text(node.hostId().toString()));
			attributes.put("rack", text(node.rack()));
			attributes.put("release_version", text(RELEASE_VERSION));
			attributes.put("rpc_address", text(node.address()));
			if (!node.isBootstrapping()) {
				attributes.put("tokens", text(tokenSet(node)));
			}
			rows.add(row(table, node.address(), null, attributes));
		}
		return rows;
	}

	private static List<Row> tablets(LocalAlternatorNode self, Table table) {
		ClusterPlacement placement = self.cluster().placement();
		List<Row> rows = new ArrayList<>();
		for (ClusterPlacement.TableState state : placement.tables()) {
			List<ClusterPlacement.Tablet> tablets = placement.tabletsOf(state);
			for (ClusterPlacement.Tablet tablet : tablets) {
				Map<String, Cell> attributes = new LinkedHashMap<>();
				attributes.put("table_id", text(state.id.toString()));
				attributes.put("last_token", text(Long.toString(tablet.lastToken)));
				attributes.put("keyspace_name", text(state.keyspace()));
				attributes.put("resize_seq_number", text("0"));
				attributes.put("resize_type", text("none"));
				attributes.put("table_name", text(state.name));
				attributes.put("tablet_count", text(Integer.toString(tablets.size())));
				if (tablet.newReplicas != null) {
					attributes.put("new_replicas", text(replicaList(tablet.newReplicas)));
				}
				attributes.put("replicas", text(replicaList(tablet.replicas)));
				if (tablet.stage != null) {
					attributes.put("stage", text(tablet.stage));
					attributes.put("transition", text("migration"));
				}
				rows.add(row(table, state.id.toString(), tablet.lastToken, attributes));
			}
		}
		return rows;
	}

	private static List<Row> keyspaces(LocalAlternatorNode self, Table table) {
		List<Row> rows = new ArrayList<>();
		rows.add(keyspace(table, "system", Map.of("class", "org.apache.cassandra.locator.LocalStrategy")));
		rows.add(keyspace(table, "system_schema", Map.of("class", "org.apache.cassandra.locator.LocalStrategy")));
		rows.add(keyspace(table, "system_distributed",
				Map.of("class", "org.apache.cassandra.locator.SimpleStrategy", "replication_factor", "3")));
		for (ClusterPlacement.TableState state : self.cluster().placement().tables()) {
			Map<String, String> replication = new LinkedHashMap<>();
			replication.put("class", NTS);
			state.replicationFactors.forEach((dc, factor) -> replication.put(dc, Integer.toString(factor)));
			rows.add(keyspace(table, state.keyspace(), replication));
		}
		return rows;
	}

	private static Row keyspace(Table table, String name, Map<String, String> replication) {
		Map<String, Cell> attributes = new LinkedHashMap<>();
		attributes.put("keyspace_name", text(name));
		attributes.put("durable_writes", new Cell("BOOL", "true"));
		attributes.put("replication", text(CqlText.frozenTextMap(replication)));
		return row(table, name, null, attributes);
	}

	/**
	 * A keyspace with tablets has a row with {@code initial_tablets} (0: the count is
	 * chosen by the server); a vnode keyspace with default storage has no row.
	 */
	private static List<Row> scyllaKeyspaces(LocalAlternatorNode self, Table table) {
		List<Row> rows = new ArrayList<>();
		for (ClusterPlacement.TableState state : self.cluster().placement().tables()) {
			if (state.placement.usesTablets()) {
				Map<String, Cell> attributes = new LinkedHashMap<>();
				attributes.put("keyspace_name", text(state.keyspace()));
				attributes.put("initial_tablets", text("0"));
				rows.add(row(table, state.keyspace(), null, attributes));
			}
		}
		return rows;
	}

	private static String tokenSet(LocalAlternatorNode node) {
		List<String> tokens = new ArrayList<>();
		for (long token : node.tokens()) {
			tokens.add(Long.toString(token));
		}
		return CqlText.textSet(tokens);
	}

	private static String replicaList(List<ClusterPlacement.Replica> replicas) {
		List<String> tuples = new ArrayList<>();
		for (ClusterPlacement.Replica replica : replicas) {
			tuples.add(CqlText.tuple(List.of(replica.hostId().toString(), Integer.toString(replica.shard()))));
		}
		return CqlText.list(tuples);
	}

	private static Cell text(String value) {
		return new Cell("S", value);
	}

	private static Row row(Table table, String partitionKeyText, @Nullable Long clusteringKey,
			Map<String, Cell> attributes) {
		byte[] partitionKey = table.partitionKeyType().serialize(partitionKeyText);
		return new Row(partitionKey, AlternatorTokens.token(partitionKey), partitionKeyText, clusteringKey, attributes);
	}

	// ---- types

	/**
	 * The CQL type of a partition key column and its serialization, for token order.
	 */
	enum KeyType {

		TEXT, UUID, INET;

		byte[] serialize(String text) {
			return switch (this) {
				case TEXT -> text.getBytes(StandardCharsets.UTF_8);
				case UUID -> {
					java.util.UUID uuid = java.util.UUID.fromString(text);
					yield ByteBuffer.allocate(16)
						.putLong(uuid.getMostSignificantBits())
						.putLong(uuid.getLeastSignificantBits())
						.array();
				}
				case INET -> {
					if (!text.contains(":") && !text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
						// an address literal only: never a name lookup
						throw new IllegalArgumentException("not an address: " + text);
					}
					try {
						yield InetAddress.getByName(text).getAddress();
					}
					catch (UnknownHostException ex) {
						throw new IllegalArgumentException(ex);
					}
				}
			};
		}

	}

	/**
	 * One system table: its name, key columns and rows.
	 */
	private record Table(String name, String partitionKeyName, KeyType partitionKeyType,
			@Nullable String clusteringKeyName, BiFunction<LocalAlternatorNode, Table, List<Row>> rows) {

	}

	/**
	 * An attribute: its type ({@code S} or {@code BOOL}) and its text.
	 */
	private record Cell(String type, String value) {

	}

	private record Row(byte[] partitionKey, long token, String partitionKeyText, @Nullable Long clusteringKey,
			Map<String, Cell> attributes) {

	}

	/**
	 * Where a page starts: after a whole partition, or after a clustering row of it.
	 */
	private record Position(long token, byte[] partitionKey, boolean afterPartition, @Nullable Long clusteringKey) {

		boolean isBefore(Row row) {
			int partition = Long.compare(this.token, row.token());
			if (partition == 0) {
				partition = Arrays.compareUnsigned(this.partitionKey, row.partitionKey());
			}
			if (partition != 0) {
				return partition < 0;
			}
			if (this.afterPartition) {
				return false;
			}
			return this.clusteringKey == null
					|| (row.clusteringKey() != null && this.clusteringKey < row.clusteringKey());
		}

	}

}
