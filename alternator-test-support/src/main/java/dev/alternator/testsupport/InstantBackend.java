package dev.alternator.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * An in-memory stand-in for dynalite that answers valid DynamoDB responses at once, so
 * that load runs measure the client, not the storage. It implements what a load run uses:
 * {@code CreateTable}, {@code DescribeTable}, {@code ListTables}, {@code PutItem},
 * {@code GetItem}, {@code DeleteItem}; items are kept by their partition key (the table's
 * {@code HASH} attribute), without conditions or expressions. Other operations answer
 * {@code {}}.
 * <p>
 * Thread-safe.
 */
final class InstantBackend implements ApiBackend {

	private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

	private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

	private final JsonNodeParser parser = JsonNodeParser.create();

	/** Table name to its HASH attribute. */
	private final Map<String, String> hashKeys = new ConcurrentHashMap<>();

	/** Table name + key value to the item's JSON. */
	private final Map<String, String> items = new ConcurrentHashMap<>();

	@Override
	public DynaliteForwarder.Reply post(List<Header> headers, byte[] body) {
		String target = "";
		for (Header header : headers) {
			if (header.is("X-Amz-Target")) {
				target = header.value();
			}
		}
		String operation = target.substring(target.indexOf('.') + 1);
		JsonNode request = this.parser.parse(body);
		String table = text(request.field("TableName").orElse(null));
		String answer = switch (operation) {
			case "CreateTable" -> createTable(table, request);
			case "DescribeTable" -> describeTable(table);
			case "ListTables" -> "{\"TableNames\":"
					+ new String(Json.stringArray(List.copyOf(this.hashKeys.keySet())), StandardCharsets.UTF_8) + "}";
			case "PutItem" -> putItem(table, request);
			case "GetItem" -> getItem(table, request);
			case "DeleteItem" -> deleteItem(table, request);
			default -> null;
		};
		if (answer == null && !this.hashKeys.containsKey(table) && isItemOperation(operation)) {
			return new DynaliteForwarder.Reply(400, CONTENT_TYPE,
					Json.error(Json.DYNAMODB_ERROR_PREFIX, "ResourceNotFoundException", "Requested resource not found"),
					true);
		}
		return new DynaliteForwarder.Reply(200, CONTENT_TYPE,
				(answer != null) ? answer.getBytes(StandardCharsets.UTF_8) : EMPTY, true);
	}

	private static boolean isItemOperation(String operation) {
		return operation.equals("PutItem") || operation.equals("GetItem") || operation.equals("DeleteItem")
				|| operation.equals("DescribeTable");
	}

	private String createTable(String table, JsonNode request) {
		String hash = "pk";
		for (JsonNode element : request.field("KeySchema").map(JsonNode::asArray).orElse(List.of())) {
			if ("HASH".equals(text(element.field("KeyType").orElse(null)))) {
				hash = text(element.field("AttributeName").orElse(null));
			}
		}
		this.hashKeys.put(table, hash);
		return "{\"TableDescription\":" + description(table, hash) + "}";
	}

	private @Nullable String describeTable(String table) {
		String hash = this.hashKeys.get(table);
		return (hash != null) ? "{\"Table\":" + description(table, hash) + "}" : null;
	}

	private static String description(String table, String hash) {
		return "{\"TableName\":\"" + table + "\",\"TableStatus\":\"ACTIVE\",\"KeySchema\":[{\"AttributeName\":\"" + hash
				+ "\",\"KeyType\":\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"" + hash
				+ "\",\"AttributeType\":\"S\"}],\"ItemCount\":0}";
	}

	private @Nullable String putItem(String table, JsonNode request) {
		String hash = this.hashKeys.get(table);
		JsonNode item = request.field("Item").orElse(null);
		if (hash == null || item == null) {
			return null;
		}
		this.items.put(table + "\u0000" + item.field(hash).map(JsonNode::toString).orElse(""), item.toString());
		return "{}";
	}

	private @Nullable String getItem(String table, JsonNode request) {
		String hash = this.hashKeys.get(table);
		if (hash == null) {
			return null;
		}
		String key = request.field("Key").flatMap((k) -> k.field(hash)).map(JsonNode::toString).orElse("");
		String item = this.items.get(table + "\u0000" + key);
		return (item != null) ? "{\"Item\":" + item + "}" : "{}";
	}

	private @Nullable String deleteItem(String table, JsonNode request) {
		String hash = this.hashKeys.get(table);
		if (hash == null) {
			return null;
		}
		String key = request.field("Key").flatMap((k) -> k.field(hash)).map(JsonNode::toString).orElse("");
		this.items.remove(table + "\u0000" + key);
		return "{}";
	}

	private static String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.asString() : "";
	}

	@Override
	public void close() {
		this.items.clear();
	}

}
