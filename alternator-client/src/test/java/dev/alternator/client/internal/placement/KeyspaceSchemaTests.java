package dev.alternator.client.internal.placement;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static dev.alternator.client.internal.placement.Rows.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link KeyspaceSchema} and {@link ReplicationStrategy}: a keyspace's rows of
 * {@code system_schema.keyspaces} and {@code system_schema.scylla_keyspaces}.
 */
class KeyspaceSchemaTests {

	private static final Map<String, AttributeValue> ALTERNATOR_KEYSPACE = item("keyspace_name", "alternator_orders",
			"replication", "({class : org.apache.cassandra.locator.NetworkTopologyStrategy}, {dc1 : 3}, {dc2 : 0})");

	@Test
	void networkTopologyStrategyHasAFactorPerDatacenter() {
		KeyspaceSchema schema = KeyspaceSchema.parse(ALTERNATOR_KEYSPACE, null);
		assertThat(schema.name()).isEqualTo("alternator_orders");
		assertThat(schema.tablets()).isFalse();
		ReplicationStrategy replication = schema.replication();
		assertThat(replication.kind()).isEqualTo(ReplicationStrategy.Kind.NETWORK_TOPOLOGY);
		assertThat(replication.isSupported()).isTrue();
		assertThat(replication.replicationFactors()).containsExactly(entry("dc1", 3), entry("dc2", 0));
		assertThat(replication.replicationFactor("dc1")).isEqualTo(3);
		assertThat(replication.replicationFactor("dc9")).isZero();
	}

	@Test
	void initialTabletsMeansTablets() {
		assertThat(KeyspaceSchema
			.parse(ALTERNATOR_KEYSPACE, item("keyspace_name", "alternator_orders", "initial_tablets", "0"))
			.tablets()).isTrue();
		assertThat(KeyspaceSchema
			.parse(ALTERNATOR_KEYSPACE, item("keyspace_name", "alternator_orders", "storage_type", "LOCAL"))
			.tablets()).isFalse();
	}

	@Test
	void scyllaKeyspaceRowOfAnotherKeyspaceIsRejected() {
		assertThatExceptionOfType(UnparsableValueException.class).isThrownBy(() -> KeyspaceSchema
			.parse(ALTERNATOR_KEYSPACE, item("keyspace_name", "alternator_other", "initial_tablets", "0")));
	}

	@Test
	void simpleStrategyHasOneFactor() {
		ReplicationStrategy replication = KeyspaceSchema
			.parse(item("keyspace_name", "ks", "replication", "({class : SimpleStrategy}, {replication_factor : 2})"),
					null)
			.replication();
		assertThat(replication.kind()).isEqualTo(ReplicationStrategy.Kind.SIMPLE);
		assertThat(replication.replicationFactor(ReplicationStrategy.REPLICATION_FACTOR)).isEqualTo(2);
	}

	@Test
	void otherStrategiesAreUnsupported() {
		ReplicationStrategy replication = KeyspaceSchema
			.parse(item("keyspace_name", "system", "replication",
					"({class : org.apache.cassandra.locator.LocalStrategy})"), null)
			.replication();
		assertThat(replication.isSupported()).isFalse();
		assertThat(replication.className()).isEqualTo("org.apache.cassandra.locator.LocalStrategy");
		assertThat(replication.replicationFactors()).isEmpty();
	}

	@Test
	void badReplicationFactorsAreUnparsable() {
		assertThatExceptionOfType(UnparsableValueException.class).isThrownBy(() -> KeyspaceSchema.parse(
				item("keyspace_name", "ks", "replication", "({class : NetworkTopologyStrategy}, {dc1 : three})"), null))
			.withMessageStartingWith("unparsable system_schema.keyspaces.replication: ");
		assertThatExceptionOfType(UnparsableValueException.class).isThrownBy(() -> KeyspaceSchema
			.parse(item("keyspace_name", "ks", "replication", "({class : SimpleStrategy})"), null));
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> KeyspaceSchema.parse(item("keyspace_name", "ks", "replication", "({dc1 : 3})"), null))
			.withMessageContaining("'class'");
	}

}
