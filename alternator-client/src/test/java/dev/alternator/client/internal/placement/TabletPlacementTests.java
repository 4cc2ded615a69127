package dev.alternator.client.internal.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static dev.alternator.client.internal.placement.Rows.hostId;
import static dev.alternator.client.internal.placement.Rows.item;
import static dev.alternator.client.internal.placement.VnodePlacementTests.node;
import static dev.alternator.client.internal.placement.VnodePlacementTests.topology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TabletPlacement}: tablet lookup at range edges, migration stages,
 * co-located tables and bounds.
 */
class TabletPlacementTests {

	private static final UUID TABLE = UUID.fromString("8f2b0c9e-0000-11ee-8000-000000000001");

	private static final UUID BASE = UUID.fromString("8f2b0c9e-0000-11ee-8000-000000000002");

	private static final ClusterTopology TOPOLOGY = topology(node(1, "dc1", "r1", 0), node(2, "dc1", "r2", 1),
			node(3, "dc1", "r3", 2), node(4, "dc1", "r1", 3));

	@Test
	void tokenBelongsToTheFirstTabletWhoseLastTokenIsNotBelowIt() {
		TabletPlacement placement = TabletPlacement.parse(TABLE,
				List.of(tablet(TABLE, -100, "1:0, 2:0"), tablet(TABLE, 0, "2:1, 3:1"), tablet(TABLE, 100, "3:0, 4:0"),
						tablet(TABLE, Long.MAX_VALUE, "4:1, 1:1")),
				TOPOLOGY);
		assertThat(ids(placement.replicas(Long.MIN_VALUE + 1))).as("below the first").containsExactly(1, 2);
		assertThat(ids(placement.replicas(-100))).as("equal to a last token").containsExactly(1, 2);
		assertThat(ids(placement.replicas(-99))).containsExactly(2, 3);
		assertThat(ids(placement.replicas(0))).containsExactly(2, 3);
		assertThat(ids(placement.replicas(1))).containsExactly(3, 4);
		assertThat(ids(placement.replicas(101))).containsExactly(4, 1);
		assertThat(ids(placement.replicas(Long.MAX_VALUE))).containsExactly(4, 1);
		assertThat(placement.kind()).isEqualTo(ReplicaPlacement.Kind.TABLETS);
		assertThat(placement.tabletCount()).isEqualTo(4);
	}

	@Test
	void tokenAboveTheLastLastTokenBelongsToTheLastTablet() {
		TabletPlacement placement = TabletPlacement.parse(TABLE,
				List.of(tablet(TABLE, 100, "3:0"), tablet(TABLE, -100, "1:0")), TOPOLOGY);
		assertThat(ids(placement.replicas(500))).containsExactly(3);
		assertThat(ids(placement.replicas(Long.MAX_VALUE))).containsExactly(3);
		assertThat(ids(placement.replicas(-500))).containsExactly(1);
	}

	@Test
	void singleTabletOwnsEverything() {
		TabletPlacement placement = TabletPlacement.parse(TABLE, List.of(tablet(TABLE, Long.MAX_VALUE, "2:0")),
				TOPOLOGY);
		assertThat(ids(placement.replicas(Long.MIN_VALUE + 1))).containsExactly(2);
		assertThat(ids(placement.replicas(0))).containsExactly(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "write_both_read_new", "use_new", "cleanup", "end_migration" })
	void readsUseNewReplicasOnceAMigrationMovedThem(String stage) {
		TabletPlacement placement = TabletPlacement.parse(TABLE,
				List.of(migrating(TABLE, Long.MAX_VALUE, "1:0, 2:0", "1:0, 4:3", stage)), TOPOLOGY);
		assertThat(ids(placement.replicas(0))).containsExactly(1, 4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "allow_write_both_read_old", "write_both_read_old", "write_both_read_old_fallback_cleanup",
			"streaming", "rebuild_repair", "repair", "end_repair", "cleanup_target", "revert_migration", "restore",
			"some_future_stage" })
	void readsUseOldReplicasUntilThen(String stage) {
		TabletPlacement placement = TabletPlacement.parse(TABLE,
				List.of(migrating(TABLE, Long.MAX_VALUE, "1:0, 2:0", "1:0, 4:3", stage)), TOPOLOGY);
		assertThat(ids(placement.replicas(0))).containsExactly(1, 2);
	}

	@Test
	void readNewStageWithoutNewReplicasKeepsTheReplicas() {
		TabletPlacement placement = TabletPlacement.parse(TABLE, List
			.of(item("table_id", TABLE.toString(), "last_token", "9", "replicas", replicas("3:0"), "stage", "use_new")),
				TOPOLOGY);
		assertThat(ids(placement.replicas(0))).containsExactly(3);
	}

	@Test
	void coLocatedTableIsPlacedByItsBaseTable() {
		Map<String, AttributeValue> staticRow = item("table_id", TABLE.toString(), "tablet_count", "2", "base_table",
				BASE.toString());
		List<UUID> asked = new ArrayList<>();
		TabletPlacement placement = TabletPlacement.read(TABLE, (id) -> {
			asked.add(id);
			return id.equals(TABLE) ? List.of(staticRow)
					: List.of(tablet(BASE, 0, "1:0"), tablet(BASE, Long.MAX_VALUE, "2:0"));
		}, TOPOLOGY);
		assertThat(asked).containsExactly(TABLE, BASE);
		assertThat(placement.tableId()).isEqualTo(BASE);
		assertThat(ids(placement.replicas(-1))).containsExactly(1);
		assertThat(ids(placement.replicas(1))).containsExactly(2);
	}

	@Test
	void tableThatIsItsOwnBaseIsPlacedByItsRows() {
		Map<String, AttributeValue> row = item("table_id", TABLE.toString(), "last_token", "5", "replicas",
				replicas("1:0"), "base_table", TABLE.toString());
		TabletPlacement placement = TabletPlacement.read(TABLE, (id) -> List.of(row), TOPOLOGY);
		assertThat(placement.tableId()).isEqualTo(TABLE);
	}

	@Test
	void rowsOfOtherTablesAndStaticRowsAreIgnored() {
		TabletPlacement placement = TabletPlacement.parse(TABLE, List.of(tablet(BASE, 0, "1:0"),
				item("table_id", TABLE.toString(), "tablet_count", "1"), tablet(TABLE, Long.MAX_VALUE, "3:0")),
				TOPOLOGY);
		assertThat(placement.tabletCount()).isEqualTo(1);
		assertThat(ids(placement.replicas(0))).containsExactly(3);
	}

	@Test
	void replicasUnknownToTheTopologyAreLeftOutAndCounted() {
		TabletPlacement placement = TabletPlacement.parse(TABLE,
				List.of(tablet(TABLE, 0, "9:0, 2:0"), tablet(TABLE, Long.MAX_VALUE, "9:0, 8:0")), TOPOLOGY);
		assertThat(ids(placement.replicas(0))).containsExactly(2);
		assertThat(placement.replicas(1)).isEmpty();
		assertThat(placement.unresolvedReplicas()).isEqualTo(3);
	}

	@Test
	void tabletsWithTheSameReplicasShareOneList() {
		TabletPlacement placement = TabletPlacement.parse(TABLE,
				List.of(tablet(TABLE, 0, "1:0, 2:0"), tablet(TABLE, Long.MAX_VALUE, "1:5, 2:7")), TOPOLOGY);
		assertThat(placement.replicas(0)).isSameAs(placement.replicas(1));
	}

	@Test
	void tableWithoutTabletsIsUnparsable() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> TabletPlacement.parse(TABLE, List.of(tablet(BASE, 0, "1:0")), TOPOLOGY))
			.withMessage("unparsable system.tablets.table_id: '" + TABLE + "' (expected at least one tablet)");
	}

	@Test
	void duplicateLastTokensAreUnparsable() {
		assertThatExceptionOfType(UnparsableValueException.class).isThrownBy(() -> TabletPlacement.parse(TABLE,
				List.of(tablet(TABLE, 0, "1:0"), tablet(TABLE, 0, "2:0")), TOPOLOGY));
	}

	@Test
	void unparsableReplicasNameTheColumn() {
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> TabletPlacement.parse(TABLE,
					List.of(item("table_id", TABLE.toString(), "last_token", "0", "replicas", "nonsense")), TOPOLOGY))
			.withMessageStartingWith("unparsable system.tablets.replicas: 'nonsense'");
	}

	@Test
	void tabletsPerTableAreBounded() {
		List<Map<String, AttributeValue>> rows = new ArrayList<>();
		for (int i = 0; i <= TabletPlacement.MAX_TABLETS; i++) {
			rows.add(tablet(TABLE, i, "1:0"));
		}
		assertThatExceptionOfType(UnparsableValueException.class)
			.isThrownBy(() -> TabletPlacement.parse(TABLE, rows, TOPOLOGY))
			.withMessageContaining("at most " + TabletPlacement.MAX_TABLETS + " tablets");
		assertThat(TabletPlacement.parse(TABLE, rows.subList(0, TabletPlacement.MAX_TABLETS), TOPOLOGY).tabletCount())
			.isEqualTo(TabletPlacement.MAX_TABLETS);
	}

	private static Map<String, AttributeValue> tablet(UUID table, long lastToken, String replicas) {
		return item("table_id", table.toString(), "last_token", Long.toString(lastToken), "replicas",
				replicas(replicas));
	}

	private static Map<String, AttributeValue> migrating(UUID table, long lastToken, String replicas,
			String newReplicas, String stage) {
		return item("table_id", table.toString(), "last_token", Long.toString(lastToken), "replicas",
				replicas(replicas), "new_replicas", replicas(newReplicas), "stage", stage, "transition", "migration");
	}

	/**
	 * The server's rendering of replicas given as {@code node:shard, node:shard}.
	 */
	private static String replicas(String shorthand) {
		List<String> tuples = new ArrayList<>();
		for (String replica : shorthand.split(", ")) {
			String[] parts = replica.split(":");
			tuples.add(hostId(Integer.parseInt(parts[0])) + ":" + parts[1]);
		}
		return String.join(", ", tuples);
	}

	private static List<Integer> ids(List<ClusterNode> nodes) {
		return nodes.stream().map((node) -> (int) node.hostId().getLeastSignificantBits()).toList();
	}

}
