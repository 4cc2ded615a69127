package dev.alternator.client;

import java.util.function.Consumer;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;

/**
 * Per-request options of the load-balanced clients, set on a request's override
 * configuration:
 *
 * <pre>{@code
 * client.updateItem(r -> r.tableName("counters")
 *         .key(key)
 *         .updateExpression("ADD n :one")
 *         .expressionAttributeValues(values)
 *         .overrideConfiguration(AlternatorRequestOptions.idempotent()));
 * }</pre>
 *
 * <b>Which calls are idempotent</b> when not marked: reads ({@code GetItem},
 * {@code BatchGetItem}, {@code Query}, {@code Scan}, {@code DescribeTable}, ...) and
 * every operation that is not a data write; {@code PutItem} and {@code DeleteItem}
 * without a condition ({@code ConditionExpression} or {@code Expected});
 * {@code UpdateItem} without a condition whose update only sets attributes to values
 * ({@code SET a = :v}) or removes them ({@code REMOVE a}), or whose legacy
 * {@code AttributeUpdates} only {@code PUT} values or {@code DELETE} attributes;
 * {@code TransactWriteItems} and {@code ExecuteTransaction} with a
 * {@code ClientRequestToken} (the server then applies a resend once); PartiQL
 * {@code SELECT} statements. <b>Not idempotent</b>: any write with a condition;
 * {@code UpdateItem} with {@code ADD}, {@code DELETE} (of set elements), arithmetic
 * ({@code SET a = a + :v}), {@code list_append}, {@code if_not_exists} or a value copied
 * from another attribute; legacy {@code ADD} or {@code DELETE} of values;
 * {@code BatchWriteItem}; transactions without a token; other PartiQL statements.
 * <p>
 * Thread-safe (stateless).
 *
 * @since 0.1.0
 * @see WriteRetryPolicy
 */
public final class AlternatorRequestOptions {

	/**
	 * Execution attribute that marks one call idempotent ({@code true}: retried after any
	 * retryable failure) or not ({@code false}: retried only after failures before
	 * sending), whatever its classification and the {@link WriteRetryPolicy}.
	 */
	public static final ExecutionAttribute<Boolean> IDEMPOTENT = new ExecutionAttribute<>("AlternatorIdempotent");

	private AlternatorRequestOptions() {
	}

	/**
	 * Marks a call idempotent: it is retried on the next node after any retryable
	 * failure, as the SDK would.
	 * @return a consumer for the request builder's {@code overrideConfiguration}
	 */
	public static Consumer<AwsRequestOverrideConfiguration.Builder> idempotent() {
		return (override) -> override.putExecutionAttribute(IDEMPOTENT, Boolean.TRUE);
	}

	/**
	 * Marks a call not idempotent: it is retried only after failures known to be before
	 * its request was sent, and otherwise fails with
	 * {@link AlternatorWriteOutcomeUnknownException}, with either policy.
	 * @return a consumer for the request builder's {@code overrideConfiguration}
	 */
	public static Consumer<AwsRequestOverrideConfiguration.Builder> notIdempotent() {
		return (override) -> override.putExecutionAttribute(IDEMPOTENT, Boolean.FALSE);
	}

}
