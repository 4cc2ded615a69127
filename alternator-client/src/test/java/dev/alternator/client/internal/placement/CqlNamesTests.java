package dev.alternator.client.internal.placement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CqlNames} and {@link SystemTable} names.
 */
class CqlNamesTests {

	@Test
	void tableLivesInItsOwnKeyspace() {
		assertThat(CqlNames.keyspace("orders")).isEqualTo("alternator_orders");
		assertThat(CqlNames.table("orders")).isEqualTo("orders");
	}

	@Test
	void indexesAreViewsOfTheTable() {
		assertThat(CqlNames.globalIndexView("orders", "byCustomer")).isEqualTo("orders:byCustomer");
		assertThat(CqlNames.localIndexView("orders", "byDate")).isEqualTo("orders!:byDate");
	}

	@Test
	void systemTablesAreReadByTheirInternalNames() {
		assertThat(SystemTable.LOCAL.dynamoDbName()).isEqualTo(".scylla.alternator.system.local");
		assertThat(SystemTable.PEERS.dynamoDbName()).isEqualTo(".scylla.alternator.system.peers");
		assertThat(SystemTable.TABLETS.dynamoDbName()).isEqualTo(".scylla.alternator.system.tablets");
		assertThat(SystemTable.KEYSPACES.dynamoDbName()).isEqualTo(".scylla.alternator.system_schema.keyspaces");
		assertThat(SystemTable.SCYLLA_KEYSPACES.dynamoDbName())
			.isEqualTo(".scylla.alternator.system_schema.scylla_keyspaces");
		assertThat(SystemTable.TABLETS.cqlName()).isEqualTo("system.tablets");
		assertThat(SystemTable.TABLETS.partitionKey()).isEqualTo("table_id");
		assertThat(SystemTable.KEYSPACES.partitionKey()).isEqualTo("keyspace_name");
	}

}
