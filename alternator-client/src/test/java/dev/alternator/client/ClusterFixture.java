package dev.alternator.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.alternator.testsupport.LocalAlternatorCluster;
import dev.alternator.testsupport.LocalAlternatorNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Test helper: a local cluster with one table, and helpers to build configurations, send
 * requests and count what the nodes received.
 */
final class ClusterFixture implements AutoCloseable {

	static final String TABLE = "items";

	static final String ACCESS_KEY = "alternator";

	static final String SECRET_KEY = "secret-hash";

	final LocalAlternatorCluster cluster;

	private ClusterFixture(LocalAlternatorCluster cluster) {
		this.cluster = cluster;
	}

	/**
	 * Starts a cluster whose nodes are given as "dc/rack" strings, verifying signatures.
	 */
	static ClusterFixture start(String... nodes) {
		return start((builder) -> builder.verifySignatures(Map.of(ACCESS_KEY, SECRET_KEY)), nodes);
	}

	/**
	 * Starts a cluster whose nodes are given as "dc/rack" strings, with extra settings
	 * (signature verification, TLS) applied by the customizer.
	 */
	static ClusterFixture start(Consumer<LocalAlternatorCluster.Builder> customizer, String... nodes) {
		LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder().maxLifetime(Duration.ofMinutes(10));
		customizer.accept(builder);
		for (String node : nodes) {
			String[] parts = node.split("/");
			builder.node(parts[0], parts[1]);
		}
		ClusterFixture fixture = new ClusterFixture(builder.start());
		fixture.createTable();
		return fixture;
	}

	private void createTable() {
		try (DynamoDbClient direct = DynamoDbClient.builder()
			.endpointOverride(this.cluster.dynamoDbEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
			.build()) {
			try {
				direct.createTable((t) -> t.tableName(TABLE)
					.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
					.attributeDefinitions(AttributeDefinition.builder()
						.attributeName("pk")
						.attributeType(ScalarAttributeType.S)
						.build())
					.billingMode(BillingMode.PAY_PER_REQUEST));
			}
			catch (ResourceInUseException ex) {
				// already there
			}
			direct.waiter().waitUntilTableExists((t) -> t.tableName(TABLE));
		}
	}

	/**
	 * A configuration with library defaults pointing at the given seeds (node indexes),
	 * signed with the cluster's credentials.
	 */
	AlternatorConfig.Builder config(int... seedIndexes) {
		List<String> seeds = new ArrayList<>();
		for (int index : (seedIndexes.length > 0) ? seedIndexes : new int[] { 0 }) {
			seeds.add(this.cluster.node(index).address());
		}
		return AlternatorConfig.builder()
			.seedHosts(seeds)
			.port(this.cluster.port())
			.credentials(ACCESS_KEY, SECRET_KEY);
	}

	LocalAlternatorNode node(int index) {
		return this.cluster.node(index);
	}

	List<LocalAlternatorNode> nodes() {
		return this.cluster.nodes();
	}

	void resetAll() {
		for (LocalAlternatorNode node : this.cluster.nodes()) {
			node.clearFaults();
			if (!node.isUp()) {
				node.up();
			}
			node.unlisted(false);
			node.resetStats();
		}
	}

	/** API requests each node received, by node index. */
	long[] apiRequests() {
		return this.cluster.nodes().stream().mapToLong((node) -> node.stats().apiRequests()).toArray();
	}

	static String counts(long[] counts) {
		return Arrays.toString(counts);
	}

	static Map<String, AttributeValue> key(String pk) {
		return Map.of("pk", AttributeValue.fromS(pk));
	}

	static void put(DynamoDbClient client, String pk, String value) {
		client.putItem((r) -> r.tableName(TABLE)
			.item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS(value))));
	}

	static void get(DynamoDbClient client, String pk) {
		client.getItem((r) -> r.tableName(TABLE).key(key(pk)));
	}

	static void repeat(int times, Consumer<Integer> action) {
		for (int i = 0; i < times; i++) {
			action.accept(i);
		}
	}

	URI endpoint(int index) {
		return this.cluster.node(index).endpoint();
	}

	@Override
	public void close() {
		this.cluster.close();
	}

}
