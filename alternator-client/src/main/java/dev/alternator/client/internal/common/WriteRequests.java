package dev.alternator.client.internal.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What a DynamoDB request does to the items it names, as far as routing and retries are
 * concerned: whether it is conditional, whether its update reads the item's current
 * state, and whether applying it twice leaves the same state as applying it once.
 * <p>
 * <b>Idempotent</b> ({@link #isIdempotent(SdkRequest)}): every request that is not one of
 * the writes below (reads, table and control operations); {@code PutItem} and
 * {@code DeleteItem} without a condition; {@code UpdateItem} without a condition whose
 * {@code UpdateExpression} has only {@code SET path = :value} and {@code REMOVE} actions
 * and whose legacy {@code AttributeUpdates} has no {@linkplain #accumulates accumulating}
 * action; {@code TransactWriteItems} and {@code ExecuteTransaction} with a
 * {@code ClientRequestToken}; PartiQL statements that all are {@code SELECT}s. <b>Not
 * idempotent</b>: a write with a condition ({@code ConditionExpression} or
 * {@code Expected}), because a resend evaluates the condition against the first attempt's
 * result; {@code UpdateItem} with {@code ADD} or {@code DELETE} clauses, or a {@code SET}
 * whose value is anything but one {@code :value} (arithmetic, {@code list_append},
 * {@code if_not_exists}, another attribute's value); {@code BatchWriteItem}; transactions
 * without a token; other PartiQL statements.
 * <p>
 * Thread-safe (stateless).
 */
public final class WriteRequests {

	/**
	 * Clause keywords of an update expression. They are reserved words, so an attribute
	 * with such a name is written as a {@code #name} placeholder and a bare word is
	 * always a clause.
	 */
	private static final Pattern CLAUSE = Pattern.compile("(?<![#:\\w.])(SET|REMOVE|ADD|DELETE)(?![\\w])",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern VALUE_PLACEHOLDER = Pattern.compile(":[A-Za-z0-9_]+");

	private WriteRequests() {
	}

	/**
	 * Whether applying a request twice leaves the same state as applying it once (see the
	 * class description).
	 * @param request the typed SDK request
	 * @return whether it is idempotent
	 */
	public static boolean isIdempotent(SdkRequest request) {
		if (request instanceof PutItemRequest put) {
			return !isConditional(put);
		}
		if (request instanceof DeleteItemRequest delete) {
			return !isConditional(delete);
		}
		if (request instanceof UpdateItemRequest update) {
			return !isConditional(update) && !readsCurrentState(update);
		}
		if (request instanceof BatchWriteItemRequest) {
			return false;
		}
		if (request instanceof TransactWriteItemsRequest transaction) {
			return nonEmpty(transaction.clientRequestToken());
		}
		if (request instanceof ExecuteTransactionRequest transaction) {
			return nonEmpty(transaction.clientRequestToken());
		}
		if (request instanceof ExecuteStatementRequest statement) {
			return isSelect(statement.statement());
		}
		if (request instanceof BatchExecuteStatementRequest batch) {
			if (!batch.hasStatements()) {
				return true;
			}
			for (BatchStatementRequest statement : batch.statements()) {
				if (!isSelect(statement.statement())) {
					return false;
				}
			}
			return true;
		}
		return true;
	}

	/**
	 * Whether a put has a condition: a non-empty {@code ConditionExpression} or
	 * {@code Expected} map.
	 * @param put the request
	 * @return whether it is conditional
	 */
	public static boolean isConditional(PutItemRequest put) {
		return nonEmpty(put.conditionExpression()) || (put.hasExpected() && !put.expected().isEmpty());
	}

	/**
	 * Whether a delete has a condition.
	 * @param delete the request
	 * @return whether it is conditional
	 */
	public static boolean isConditional(DeleteItemRequest delete) {
		return nonEmpty(delete.conditionExpression()) || (delete.hasExpected() && !delete.expected().isEmpty());
	}

	/**
	 * Whether an update has a condition.
	 * @param update the request
	 * @return whether it is conditional
	 */
	public static boolean isConditional(UpdateItemRequest update) {
		return nonEmpty(update.conditionExpression()) || (update.hasExpected() && !update.expected().isEmpty());
	}

	/**
	 * Whether a legacy {@code AttributeUpdates} action combines its value with the
	 * attribute's current one: {@code ADD} (numbers and sets) or {@code DELETE} with a
	 * value (removes set elements). {@code PUT} and {@code DELETE} without a value do
	 * not.
	 * @param action the action
	 * @return whether it accumulates
	 */
	public static boolean accumulates(AttributeValueUpdate action) {
		String name = action.actionAsString();
		return "ADD".equals(name) || ("DELETE".equals(name) && action.value() != null);
	}

	/**
	 * Whether an update's result depends on the item's current state: an
	 * {@code UpdateExpression} that is not only {@code SET path = :value} and
	 * {@code REMOVE} actions, or an accumulating legacy action.
	 * @param update the request
	 * @return whether it reads the current state
	 */
	static boolean readsCurrentState(UpdateItemRequest update) {
		String expression = update.updateExpression();
		if (nonEmpty(expression) && !onlySetsValuesOrRemoves(expression)) {
			return true;
		}
		if (update.hasAttributeUpdates()) {
			for (AttributeValueUpdate action : update.attributeUpdates().values()) {
				if (accumulates(action)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether an update expression has only {@code SET path = :value} and {@code REMOVE}
	 * actions.
	 * @param expression the update expression
	 * @return whether the update leaves the same state when applied twice
	 */
	static boolean onlySetsValuesOrRemoves(String expression) {
		Matcher clauses = CLAUSE.matcher(expression);
		List<int[]> starts = new ArrayList<>();
		while (clauses.find()) {
			starts.add(new int[] { clauses.start(), clauses.end() });
		}
		if (starts.isEmpty()) {
			// not an expression we can read: assume the worst
			return expression.isBlank();
		}
		if (!expression.substring(0, starts.get(0)[0]).isBlank()) {
			return false;
		}
		for (int i = 0; i < starts.size(); i++) {
			String keyword = expression.substring(starts.get(i)[0], starts.get(i)[1]).toUpperCase(Locale.ROOT);
			int end = (i + 1 < starts.size()) ? starts.get(i + 1)[0] : expression.length();
			String body = expression.substring(starts.get(i)[1], end);
			if (keyword.equals("ADD") || keyword.equals("DELETE")) {
				return false;
			}
			if (keyword.equals("SET")) {
				for (String action : topLevelParts(body)) {
					int equals = action.indexOf('=');
					if (equals < 0 || !VALUE_PLACEHOLDER.matcher(action.substring(equals + 1).trim()).matches()) {
						return false;
					}
				}
			}
		}
		return true;
	}

	/** Splits a clause body at the commas outside parentheses and brackets. */
	private static List<String> topLevelParts(String body) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int from = 0;
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c == '(' || c == '[') {
				depth++;
			}
			else if (c == ')' || c == ']') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				parts.add(body.substring(from, i));
				from = i + 1;
			}
		}
		parts.add(body.substring(from));
		return parts;
	}

	private static boolean isSelect(@Nullable String statement) {
		return statement != null && statement.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
	}

	private static boolean nonEmpty(@Nullable String value) {
		return value != null && !value.isEmpty();
	}

}
