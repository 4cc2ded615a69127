package dev.alternator.client.internal.replica;

import java.util.List;
import java.util.Map;

import dev.alternator.client.internal.placement.CqlNames;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Which requests address one partition of a base table, and the partition-key value they
 * address: {@code GetItem}, {@code UpdateItem} and {@code DeleteItem} (their
 * {@code Key}), {@code PutItem} (its {@code Item}), and {@code Query} without
 * {@code IndexName} whose key condition has an equality on the table's partition key — a
 * {@code KeyConditionExpression} such as {@code #pk = :v} or {@code pk = :v AND #sk > :s}
 * (names and values through {@code ExpressionAttributeNames} and
 * {@code ExpressionAttributeValues}, either side of the {@code =}), or legacy
 * {@code KeyConditions} with {@code EQ}. A query of an index addresses the index's own
 * partitions, which the base table's placement does not describe: it has no key here.
 * ScyllaDB's internal tables ({@code .scylla.alternator.*}) are never routed by key.
 * <p>
 * The request path calls this for every such request: it neither allocates nor copies, it
 * only scans the expression and looks placeholders up in place.
 * <p>
 * Stateless and thread-safe.
 */
final class ReplicaKeys {

	private ReplicaKeys() {
	}

	/**
	 * The table of a single-partition request.
	 * @param request the typed SDK request
	 * @return the table, or {@code null} for another operation, a missing name or an
	 * internal table
	 */
	static @Nullable String table(SdkRequest request) {
		String table;
		if (request instanceof GetItemRequest get) {
			table = get.tableName();
		}
		else if (request instanceof PutItemRequest put) {
			table = put.tableName();
		}
		else if (request instanceof UpdateItemRequest update) {
			table = update.tableName();
		}
		else if (request instanceof DeleteItemRequest delete) {
			table = delete.tableName();
		}
		else if (request instanceof QueryRequest query) {
			table = query.tableName();
		}
		else {
			return null;
		}
		if (table == null || table.startsWith(CqlNames.INTERNAL_TABLE_PREFIX)) {
			return null;
		}
		return table;
	}

	/**
	 * The partition-key value a request addresses.
	 * @param request a request whose {@link #table(SdkRequest)} is not {@code null}
	 * @param hashKey the table's partition-key attribute
	 * @return the value, or {@code null} when the request does not address one partition
	 * of the base table by that key
	 */
	static @Nullable AttributeValue partitionKey(SdkRequest request, String hashKey) {
		if (request instanceof GetItemRequest get) {
			return get.key().get(hashKey);
		}
		if (request instanceof PutItemRequest put) {
			return put.item().get(hashKey);
		}
		if (request instanceof UpdateItemRequest update) {
			return update.key().get(hashKey);
		}
		if (request instanceof DeleteItemRequest delete) {
			return delete.key().get(hashKey);
		}
		if (request instanceof QueryRequest query) {
			return (query.indexName() == null) ? queried(query, hashKey) : null;
		}
		return null;
	}

	private static @Nullable AttributeValue queried(QueryRequest query, String hashKey) {
		String expression = query.keyConditionExpression();
		if (expression != null) {
			return equality(expression, query.expressionAttributeNames(), query.expressionAttributeValues(), hashKey);
		}
		Condition condition = query.keyConditions().get(hashKey);
		if (condition == null || condition.comparisonOperator() != ComparisonOperator.EQ) {
			return null;
		}
		List<AttributeValue> values = condition.attributeValueList();
		return (values.size() == 1) ? values.get(0) : null;
	}

	/**
	 * The value a key condition expression sets the partition key equal to: for every
	 * {@code =} that is not part of {@code <=}, {@code >=} or {@code <>}, the operands
	 * next to it — an attribute name or {@code #placeholder} on one side, a
	 * {@code :placeholder} on the other.
	 * @param expression the key condition expression
	 * @param names the expression's attribute names
	 * @param values the expression's attribute values
	 * @param hashKey the partition-key attribute
	 * @return the value, or {@code null} when no equality on the partition key is found
	 */
	static @Nullable AttributeValue equality(String expression, Map<String, String> names,
			Map<String, AttributeValue> values, String hashKey) {
		int length = expression.length();
		for (int eq = expression.indexOf('='); eq >= 0; eq = expression.indexOf('=', eq + 1)) {
			char before = (eq > 0) ? expression.charAt(eq - 1) : ' ';
			if (before == '<' || before == '>' || before == '!' || before == '=') {
				continue;
			}
			if (eq + 1 < length && expression.charAt(eq + 1) == '=') {
				continue;
			}
			int leftEnd = skipSpacesBack(expression, eq);
			int leftStart = operandStart(expression, leftEnd);
			int rightStart = skipSpaces(expression, eq + 1);
			int rightEnd = operandEnd(expression, rightStart);
			AttributeValue value = match(expression, leftStart, leftEnd, rightStart, rightEnd, names, values, hashKey);
			if (value == null) {
				value = match(expression, rightStart, rightEnd, leftStart, leftEnd, names, values, hashKey);
			}
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	/**
	 * The value when {@code [nameStart, nameEnd)} names the key and the other is a value.
	 */
	private static @Nullable AttributeValue match(String expression, int nameStart, int nameEnd, int valueStart,
			int valueEnd, Map<String, String> names, Map<String, AttributeValue> values, String hashKey) {
		if (nameEnd <= nameStart || valueEnd - valueStart < 2 || expression.charAt(valueStart) != ':') {
			return null;
		}
		if (!namesKey(expression, nameStart, nameEnd, names, hashKey)) {
			return null;
		}
		for (Map.Entry<String, AttributeValue> entry : values.entrySet()) {
			if (regionIs(expression, valueStart, valueEnd, entry.getKey())) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static boolean namesKey(String expression, int start, int end, Map<String, String> names, String hashKey) {
		char first = expression.charAt(start);
		if (first == ':') {
			return false;
		}
		if (first != '#') {
			return regionIs(expression, start, end, hashKey);
		}
		for (Map.Entry<String, String> entry : names.entrySet()) {
			if (regionIs(expression, start, end, entry.getKey())) {
				return hashKey.equals(entry.getValue());
			}
		}
		return false;
	}

	private static boolean regionIs(String expression, int start, int end, String text) {
		return text.length() == end - start && expression.regionMatches(start, text, 0, text.length());
	}

	private static int skipSpacesBack(String expression, int end) {
		int i = end;
		while (i > 0 && Character.isWhitespace(expression.charAt(i - 1))) {
			i--;
		}
		return i;
	}

	private static int skipSpaces(String expression, int start) {
		int i = start;
		while (i < expression.length() && Character.isWhitespace(expression.charAt(i))) {
			i++;
		}
		return i;
	}

	private static int operandStart(String expression, int end) {
		int i = end;
		while (i > 0 && isOperandChar(expression.charAt(i - 1))) {
			i--;
		}
		return i;
	}

	private static int operandEnd(String expression, int start) {
		int i = start;
		while (i < expression.length() && isOperandChar(expression.charAt(i))) {
			i++;
		}
		return i;
	}

	/**
	 * Characters of an operand: a name, a {@code #name} or {@code :value} placeholder
	 * (letters, digits, {@code _}, {@code -}, {@code .}); everything else — spaces,
	 * parentheses, operators — ends it.
	 */
	private static boolean isOperandChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '#' || c == ':' || c == '-' || c == '.';
	}

}
