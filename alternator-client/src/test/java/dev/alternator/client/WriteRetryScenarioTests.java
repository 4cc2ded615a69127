package dev.alternator.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import dev.alternator.testsupport.LocalAlternatorNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write retry policy on the local cluster: a write is applied at most once, whether
 * its node refuses connections (the write is sent again, to the next node), answers 500
 * after applying it, or never answers after applying it (the write fails with
 * {@link AlternatorWriteOutcomeUnknownException}). Reads and unconditional writes in the
 * same runs never fail.
 */
@Timeout(180)
class WriteRetryScenarioTests {

	private static final int CALLS = 30;

	private static ClusterFixture fixture;

	private static final AtomicLong keys = new AtomicLong();

	@BeforeAll
	static void startCluster() {
		fixture = ClusterFixture.start("dc1/r1", "dc1/r1", "dc1/r2");
	}

	@AfterAll
	static void stopCluster() {
		fixture.close();
	}

	@AfterEach
	void resetFaults() {
		fixture.resetAll();
	}

	@Test
	void syncConditionalIncrementsSucceedOnTheNextNodeWhenANodeRefusesConnections() {
		String counter = newKey();
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(fixedNodes());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(nodes).build()) {
			LocalAlternatorNode victim = fixture.node(1).down();
			Tally tally = new Tally();
			for (int i = 0; i < CALLS; i++) {
				tally.run(() -> client.updateItem(increment(counter)));
				tally.runIdempotent(() -> ClusterFixture.get(client, counter));
				tally.runIdempotent(() -> ClusterFixture.put(client, newKey(), "v"));
			}
			assertThat(tally.unknown).isZero();
			assertThat(tally.idempotentFailures).isZero();
			assertThat(tally.acknowledged).isEqualTo(CALLS);
			assertThat(value(client, counter)).isEqualTo(CALLS);
			assertThat(nodes.nodeAttempts(victim.address(), AttemptOutcome.CONNECTION_FAILURE))
				.as("attempts refused by the killed node")
				.isPositive();
			assertThat(nodes.writesNotRetried()).isZero();
		}
	}

	@Test
	void syncConditionalIncrementsSurviveANodeKilledWhileItsConnectionsArePooled() {
		String counter = newKey();
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(fixedNodes());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(nodes).build()) {
			Tally tally = new Tally();
			for (int i = 0; i < 9; i++) {
				// every node now has an idle pooled connection
				tally.run(() -> client.updateItem(increment(counter)));
			}
			LocalAlternatorNode victim = fixture.node(0).down();
			for (int i = 0; i < CALLS; i++) {
				tally.run(() -> client.updateItem(increment(counter)));
			}
			// A write refused by a reset pooled connection is sent again. On a busy
			// machine a
			// write can cross the reset on the loopback: it is then refused only when the
			// answer is read ("Connection reset"), which the client cannot tell from a
			// node
			// that died after applying it, so it is reported, never resent.
			assertThat(tally.unknownCauses).as("writes reported outcome-unknown")
				.allMatch((cause) -> cause.endsWith(": Connection reset"));
			assertThat(tally.acknowledged + tally.unknown).isEqualTo(9 + CALLS);
			assertThat(value(client, counter)).isBetween(tally.acknowledged, 9L + CALLS);
			assertThat(nodes.nodeAttempts(victim.address(), AttemptOutcome.CONNECTION_FAILURE)).isPositive();
		}
	}

	@Test
	void asyncConditionalIncrementsSucceedOnTheNextNodeWhenANodeRefusesConnections() {
		String counter = newKey();
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(fixedNodes());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder().nodeDirectory(nodes).build()) {
			LocalAlternatorNode victim = fixture.node(2).down();
			Tally tally = new Tally();
			for (int i = 0; i < CALLS; i++) {
				tally.run(() -> client.updateItem(increment(counter)).join());
				tally.runIdempotent(
						() -> client.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key(counter)))
							.join());
			}
			assertThat(tally.unknown).isZero();
			assertThat(tally.idempotentFailures).isZero();
			assertThat(value(client, counter)).isEqualTo(CALLS);
			assertThat(nodes.nodeAttempts(victim.address(), AttemptOutcome.CONNECTION_FAILURE)).isPositive();
		}
	}

	@Test
	void syncIncrementsAnswered500AfterBeingAppliedAreReportedAndAppliedOnce() {
		String counter = newKey();
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(roundRobin().build());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(nodes).build()) {
			LocalAlternatorNode victim = fixture.node(0).failAfterApplying(500);
			Tally tally = new Tally();
			for (int i = 0; i < CALLS; i++) {
				tally.run(() -> client.updateItem(increment(counter)));
				tally.run(() -> client.putItem(putIfAbsent(newKey())));
				tally.runIdempotent(() -> ClusterFixture.get(client, counter));
				tally.runIdempotent(() -> ClusterFixture.put(client, newKey(), "v"));
			}
			long incrementsUnknown = tally.unknownAt.getOrDefault("UpdateItem", 0L);
			System.out.printf("apply-then-500 (SAFE): acknowledged=%d, outcome-unknown=%d, condition-failed=%d%n",
					tally.acknowledged, tally.unknown, tally.conditionFailed);
			assertThat(incrementsUnknown).as("increments whose outcome is unknown").isPositive();
			// failAfterApplying applies every request it fails: each unknown one once
			assertThat(value(client, counter)).isEqualTo(CALLS);
			assertThat(tally.conditionFailed).as("conditions failed by our own resends").isZero();
			assertThat(tally.idempotentFailures).isZero();
			assertThat(nodes.nodeWritesNotRetried(victim.address())).isEqualTo(tally.unknown);
		}
	}

	@Test
	void asyncIncrementsAnswered500AfterBeingAppliedAreReportedAndAppliedOnce() {
		String counter = newKey();
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(roundRobin().build());
				DynamoDbAsyncClient client = AlternatorDynamoDbAsyncClient.builder().nodeDirectory(nodes).build()) {
			fixture.node(1).failAfterApplying(500);
			Tally tally = new Tally();
			for (int i = 0; i < CALLS; i++) {
				tally.run(() -> client.updateItem(increment(counter)).join());
				tally.runIdempotent(() -> client
					.putItem(
							(r) -> r.tableName(ClusterFixture.TABLE).item(Map.of("pk", AttributeValue.fromS(newKey()))))
					.join());
			}
			assertThat(tally.unknown).isPositive();
			assertThat(tally.acknowledged + tally.unknown).isEqualTo(CALLS);
			assertThat(value(client, counter)).isEqualTo(CALLS);
			assertThat(tally.idempotentFailures).isZero();
		}
	}

	@Test
	void syncIncrementsWhoseNodeHangsAfterApplyingAreReportedAndAppliedOnce() {
		String counter = newKey();
		AlternatorConfig config = roundRobin().attemptTimeout(Duration.ofMillis(500)).build();
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(nodes).build()) {
			fixture.node(2).hangAfterApplying(true);
			Tally tally = new Tally();
			for (int i = 0; i < 12; i++) {
				tally.run(() -> client.updateItem(increment(counter)));
				tally.runIdempotent(() -> ClusterFixture.get(client, counter));
			}
			assertThat(tally.unknown).isPositive();
			assertThat(value(client, counter)).isEqualTo(12);
			assertThat(tally.idempotentFailures).isZero();
		}
	}

	@Test
	void sdkPolicyAppliesIncrementsAnswered500MoreThanOnceAndFailsItsOwnConditions() {
		String counter = newKey();
		AlternatorConfig config = roundRobin().writeRetryPolicy(WriteRetryPolicy.SDK).build();
		try (AlternatorNodeDirectory nodes = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(nodes).build()) {
			fixture.node(0).failAfterApplying(500);
			Tally tally = new Tally();
			for (int i = 0; i < CALLS; i++) {
				tally.run(() -> client.updateItem(increment(counter)));
				tally.run(() -> client.putItem(putIfAbsent(newKey())));
			}
			System.out.printf("apply-then-500 (SDK): acknowledged=%d, counter=%d, condition-failed=%d%n",
					tally.acknowledged, value(client, counter), tally.conditionFailed);
			assertThat(value(client, counter)).as("increments applied twice").isGreaterThan(CALLS);
			assertThat(tally.conditionFailed).as("puts that failed their own condition").isPositive();
		}
	}

	/**
	 * Discovery through node 0, round-robin: the failing node keeps its full share until
	 * it is quarantined, so that writes reach it (latency-aware routing would demote it
	 * after two failures and the scenario would depend on which calls came first), and
	 * without replica-aware routing (its rotation over a key's replicas starts at an
	 * offset from the key's token, so which calls reach the failing node would depend on
	 * when the placement was read).
	 */
	private static AlternatorConfig.Builder roundRobin() {
		return fixture.config(0).loadBalancing(LoadBalancing.ROUND_ROBIN).replicaAwareRouting(false);
	}

	/**
	 * The three nodes as seeds, without discovery: a killed node stays in the list (the
	 * cluster stops listing it), so its refused attempts stay counted.
	 */
	private static AlternatorConfig fixedNodes() {
		return fixture.config(0, 1, 2).discoveryEnabled(false).build();
	}

	private static String newKey() {
		return "write-retry-" + keys.incrementAndGet();
	}

	/**
	 * A conditional increment: {@code ADD n :one} while {@code n} stays below a bound.
	 */
	private static UpdateItemRequest increment(String pk) {
		return UpdateItemRequest.builder()
			.tableName(ClusterFixture.TABLE)
			.key(ClusterFixture.key(pk))
			.updateExpression("ADD n :one")
			.conditionExpression("attribute_not_exists(n) OR n < :max")
			.expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":max", AttributeValue.fromN("1000")))
			.build();
	}

	private static PutItemRequest putIfAbsent(String pk) {
		return PutItemRequest.builder()
			.tableName(ClusterFixture.TABLE)
			.item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS("first")))
			.conditionExpression("attribute_not_exists(pk)")
			.build();
	}

	private static long value(DynamoDbClient client, String pk) {
		Map<String, AttributeValue> item = client
			.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key(pk)).consistentRead(true))
			.item();
		return Long.parseLong(item.get("n").n());
	}

	private static long value(DynamoDbAsyncClient client, String pk) {
		Map<String, AttributeValue> item = client
			.getItem((r) -> r.tableName(ClusterFixture.TABLE).key(ClusterFixture.key(pk)).consistentRead(true))
			.join()
			.item();
		return Long.parseLong(item.get("n").n());
	}

	/** Outcomes of the calls of one run. */
	private static final class Tally {

		long acknowledged;

		long unknown;

		long conditionFailed;

		long idempotentFailures;

		final Map<String, Long> unknownAt = new java.util.HashMap<>();

		final List<String> unknownCauses = new java.util.ArrayList<>();

		void run(Runnable write) {
			try {
				write.run();
				this.acknowledged++;
			}
			catch (RuntimeException ex) {
				Throwable failure = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				if (failure instanceof AlternatorWriteOutcomeUnknownException unknownOutcome) {
					this.unknown++;
					String operation = unknownOutcome.getMessage()
						.substring(0, unknownOutcome.getMessage().indexOf(' '));
					this.unknownAt.merge(operation, 1L, Long::sum);
					this.unknownCauses.add(String.valueOf(unknownOutcome.getCause()));
				}
				else if (failure instanceof ConditionalCheckFailedException) {
					this.conditionFailed++;
				}
				else {
					throw ex;
				}
			}
		}

		void runIdempotent(Runnable call) {
			try {
				call.run();
			}
			catch (RuntimeException ex) {
				this.idempotentFailures++;
			}
		}

	}

}
