package dev.alternator.client.internal.affinity;

import java.util.List;
import java.util.Map;

import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.internal.common.WriteRequests;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Which requests qualify for key affinity in each {@link KeyAffinityMode}, the same as in
 * the other-language Alternator clients (the {@code java_rmw} / {@code java_any_write}
 * columns of the classification vectors in the test resources).
 * <ul>
 * <li>{@code NONE}: never.</li>
 * <li>{@code ANY_WRITE}: every {@code PutItem}, {@code UpdateItem}, {@code DeleteItem}; a
 * {@code BatchWriteItem} with at least one target.</li>
 * <li>{@code RMW}: {@code PutItem}/{@code DeleteItem} with a non-empty condition
 * expression, a non-empty {@code Expected} map or {@code ReturnValues} other than
 * {@code NONE}; {@code UpdateItem} with a non-empty update or condition expression, a
 * non-empty {@code Expected} map, {@code ReturnValues} {@code ALL_OLD},
 * {@code UPDATED_OLD} or {@code ALL_NEW}, or legacy {@code AttributeUpdates} with an
 * {@code ADD} action or a {@code DELETE} action carrying a value. Never
 * {@code BatchWriteItem}.</li>
 * </ul>
 * Reads never qualify. The condition and legacy-action rules are those of
 * {@link WriteRequests}, which the retry policy's idempotency classification uses too.
 * Stateless and thread-safe.
 */
final class AffinityRules {

	private AffinityRules() {
	}

	/**
	 * Whether a request qualifies for key affinity.
	 * @param mode the configured mode
	 * @param request the typed SDK request
	 * @return whether the request should be routed by its partition key
	 */
	static boolean qualifies(KeyAffinityMode mode, SdkRequest request) {
		if (mode == KeyAffinityMode.NONE) {
			return false;
		}
		boolean anyWrite = mode == KeyAffinityMode.ANY_WRITE;
		if (request instanceof PutItemRequest put) {
			return anyWrite || isReadModifyWrite(put);
		}
		if (request instanceof UpdateItemRequest update) {
			return anyWrite || isReadModifyWrite(update);
		}
		if (request instanceof DeleteItemRequest delete) {
			return anyWrite || isReadModifyWrite(delete);
		}
		if (request instanceof BatchWriteItemRequest batch) {
			return anyWrite && hasTarget(batch);
		}
		return false;
	}

	static boolean isReadModifyWrite(PutItemRequest put) {
		return WriteRequests.isConditional(put) || returnsSomething(put.returnValuesAsString());
	}

	static boolean isReadModifyWrite(DeleteItemRequest delete) {
		return WriteRequests.isConditional(delete) || returnsSomething(delete.returnValuesAsString());
	}

	static boolean isReadModifyWrite(UpdateItemRequest update) {
		if (nonEmpty(update.updateExpression()) || WriteRequests.isConditional(update)) {
			return true;
		}
		String returnValues = update.returnValuesAsString();
		if ("ALL_OLD".equals(returnValues) || "UPDATED_OLD".equals(returnValues) || "ALL_NEW".equals(returnValues)) {
			return true;
		}
		if (update.hasAttributeUpdates()) {
			for (AttributeValueUpdate action : update.attributeUpdates().values()) {
				if (WriteRequests.accumulates(action)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether a batch holds at least one put or delete.
	 * @param batch the batch
	 * @return whether it has a target
	 */
	static boolean hasTarget(BatchWriteItemRequest batch) {
		if (!batch.hasRequestItems()) {
			return false;
		}
		for (Map.Entry<String, List<WriteRequest>> table : batch.requestItems().entrySet()) {
			for (WriteRequest write : table.getValue()) {
				if (write.putRequest() != null || write.deleteRequest() != null) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean returnsSomething(@Nullable String returnValues) {
		return returnValues != null && !returnValues.isEmpty() && !"NONE".equals(returnValues);
	}

	private static boolean nonEmpty(@Nullable String value) {
		return value != null && !value.isEmpty();
	}

}
