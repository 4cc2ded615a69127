package dev.alternator.testsupport;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * What the nodes read from DynamoDB requests and answers to emulate data placement: the
 * partition key of a single-key request and its token, the hash key of a table
 * description, and the {@code TableId} put into {@code CreateTable} and
 * {@code DescribeTable} answers. Stateless and thread-safe.
 */
final class KeyRequests {

	/** The operations on one partition key, when not on an index. */
	static final Set<String> SINGLE_KEY_OPERATIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query");

	private static final Pattern EQUALITY = Pattern.compile(
			"^\\(*\\s*(?:(#?[A-Za-z0-9_.\\-]+)\\s*=\\s*(:[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)\\s*=\\s*(#?[A-Za-z0-9_.\\-]+))\\s*\\)*$");

	private KeyRequests() {
	}

	static @Nullable String tableName(JsonNode request) {
		return request.field("TableName").filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
	}

	/**
	 * The typed value ({@code {"S":"..."}}) of the hash key a single-key request is for;
	 * {@code null} when the request is not for one base-table partition key.
	 */
	static @Nullable JsonNode hashKeyValue(String operation, JsonNode request, String hashKey) {
		return switch (operation) {
			case "GetItem", "UpdateItem", "DeleteItem" ->
				request.field("Key").flatMap((key) -> key.field(hashKey)).orElse(null);
			case "PutItem" -> request.field("Item").flatMap((item) -> item.field(hashKey)).orElse(null);
			case "Query" -> (request.field("IndexName").isPresent()) ? null : queriedHashKey(request, hashKey);
			default -> null;
		};
	}

	private static @Nullable JsonNode queriedHashKey(JsonNode request, String hashKey) {
		List<@Nullable Equality> parts = keyConditionEqualities(request);
		if (parts == null) {
			return keyConditionsEquality(request, hashKey);
		}
		for (Equality part : parts) {
			if (part != null && part.name().equals(hashKey)) {
				return request.field("ExpressionAttributeValues")
					.flatMap((values) -> values.field(part.placeholder()))
					.orElse(null);
			}
		}
		return null;
	}

	/**
	 * One part of a {@code KeyConditionExpression} split at {@code AND} that is an
	 * equality between an attribute and a value placeholder, either way round.
	 *
	 * @param name the attribute name, {@code #name} placeholders resolved
	 * @param placeholder the value placeholder ({@code :v})
	 */
	record Equality(String name, String placeholder) {

	}

	/**
	 * The parts of a query's {@code KeyConditionExpression}: an {@link Equality} each, or
	 * {@code null} for a part that is not one (a range condition on the sort key).
	 * @param request the query
	 * @return the parts, or {@code null} when the query has no key condition expression
	 */
	static @Nullable List<@Nullable Equality> keyConditionEqualities(JsonNode request) {
		String expression = request.field("KeyConditionExpression")
			.filter(JsonNode::isString)
			.map(JsonNode::asString)
			.orElse(null);
		if (expression == null) {
			return null;
		}
		List<@Nullable Equality> parts = new ArrayList<>();
		for (String part : expression.split("(?i)\\s+and\\s+")) {
			Matcher matcher = EQUALITY.matcher(part.strip());
			if (!matcher.matches()) {
				parts.add(null);
				continue;
			}
			String rawName = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(4);
			String placeholder = (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
			parts.add(new Equality(attributeName(request, rawName), placeholder));
		}
		return parts;
	}

	/**
	 * The value of a legacy {@code KeyConditions} equality ({@code EQ} with one value) on
	 * an attribute.
	 * @param request the query
	 * @param attribute the attribute
	 * @return the typed value, or {@code null} when there is no such equality
	 */
	static @Nullable JsonNode keyConditionsEquality(JsonNode request, String attribute) {
		JsonNode condition = request.field("KeyConditions")
			.flatMap((conditions) -> conditions.field(attribute))
			.orElse(null);
		if (condition == null || !"EQ".equals(
				condition.field("ComparisonOperator").filter(JsonNode::isString).map(JsonNode::asString).orElse(""))) {
			return null;
		}
		List<JsonNode> values = condition.field("AttributeValueList")
			.filter(JsonNode::isArray)
			.map(JsonNode::asArray)
			.orElse(List.of());
		return (values.size() == 1) ? values.get(0) : null;
	}

	/**
	 * An attribute name of an expression, a {@code #name} placeholder resolved through
	 * {@code ExpressionAttributeNames} (left as it is when not defined there).
	 */
	static String attributeName(JsonNode request, String name) {
		if (!name.startsWith("#")) {
			return name;
		}
		return request.field("ExpressionAttributeNames")
			.flatMap((names) -> names.field(name))
			.filter(JsonNode::isString)
			.map(JsonNode::asString)
			.orElse(name);
	}

	/**
	 * The token of a typed key value ({@code S}, {@code N} or {@code B}); {@code null}
	 * when it is not a valid key value.
	 */
	static @Nullable Long token(JsonNode typedValue) {
		if (!typedValue.isObject() || typedValue.asObject().size() != 1) {
			return null;
		}
		Map.Entry<String, JsonNode> member = typedValue.asObject().entrySet().iterator().next();
		if (!member.getValue().isString()) {
			return null;
		}
		String value = member.getValue().asString();
		try {
			return switch (member.getKey()) {
				case "S" -> AlternatorTokens.stringKeyToken(value);
				case "N" -> AlternatorTokens.numberKeyToken(value);
				case "B" -> AlternatorTokens.binaryKeyToken(Base64.getDecoder().decode(value));
				default -> null;
			};
		}
		catch (IllegalArgumentException ex) {
			// not a number, not base64
			return null;
		}
	}

	/**
	 * The hash key attribute of a table description ({@code KeySchema}).
	 */
	static @Nullable String hashKey(JsonNode description) {
		for (JsonNode element : description.field("KeySchema")
			.filter(JsonNode::isArray)
			.map(JsonNode::asArray)
			.orElse(List.of())) {
			if ("HASH".equals(element.field("KeyType").filter(JsonNode::isString).map(JsonNode::asString).orElse(""))) {
				return element.field("AttributeName").filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
			}
		}
		return null;
	}

	/**
	 * The answer with {@code <wrapper>.TableId} set to the table's id, the rest as it
	 * was.
	 */
	static byte[] withTableId(JsonNode answer, String wrapper, UUID tableId) {
		try (JsonWriter writer = JsonWriter.create()) {
			writer.writeStartObject();
			for (Map.Entry<String, JsonNode> field : answer.asObject().entrySet()) {
				writer.writeFieldName(field.getKey());
				if (field.getKey().equals(wrapper) && field.getValue().isObject()) {
					writer.writeStartObject();
					for (Map.Entry<String, JsonNode> inner : field.getValue().asObject().entrySet()) {
						if (!inner.getKey().equals("TableId")) {
							writer.writeFieldName(inner.getKey());
							write(writer, inner.getValue());
						}
					}
					writer.writeFieldName("TableId");
					writer.writeValue(tableId.toString());
					writer.writeEndObject();
				}
				else {
					write(writer, field.getValue());
				}
			}
			writer.writeEndObject();
			return writer.getBytes();
		}
	}

	private static void write(JsonWriter writer, JsonNode node) {
		if (node.isObject()) {
			writer.writeStartObject();
			for (Map.Entry<String, JsonNode> field : node.asObject().entrySet()) {
				writer.writeFieldName(field.getKey());
				write(writer, field.getValue());
			}
			writer.writeEndObject();
		}
		else if (node.isArray()) {
			writer.writeStartArray();
			for (JsonNode element : node.asArray()) {
				write(writer, element);
			}
			writer.writeEndArray();
		}
		else if (node.isString()) {
			writer.writeValue(node.asString());
		}
		else if (node.isNumber()) {
			writer.writeNumber(node.asNumber());
		}
		else if (node.isBoolean()) {
			writer.writeValue(node.asBoolean());
		}
		else {
			writer.writeNull();
		}
	}

}
