package dev.alternator.testsupport;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the emulated cluster places the data of one table: on the vnode token ring with
 * {@code NetworkTopologyStrategy}, or in tablets. Chosen per table with
 * {@link LocalAlternatorCluster.Builder#placement(String, TablePlacement)} or for every
 * table with {@link LocalAlternatorCluster.Builder#defaultPlacement(TablePlacement)}.
 * <p>
 * Replication factors are per datacenter. Without explicit factors, a table gets what
 * Alternator gives a new table's keyspace: RF 3 in every datacenter that has nodes, or RF
 * 1 when the whole cluster has fewer than 3 nodes; for tablets each factor is capped by
 * the datacenter's node count.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TablePlacement {

	/** Most tablets a table may have. */
	public static final int MAX_TABLET_COUNT = 1024;

	/** Highest replication factor accepted for one datacenter. */
	public static final int MAX_REPLICATION_FACTOR = 16;

	private static final TablePlacement DEFAULT_VNODES = new TablePlacement(0, Map.of());

	private final int tabletCount;

	private final Map<String, Integer> replicationFactors;

	private TablePlacement(int tabletCount, Map<String, Integer> replicationFactors) {
		this.tabletCount = tabletCount;
		this.replicationFactors = replicationFactors;
	}

	/**
	 * Vnodes with Alternator's default replication factors.
	 * @return the placement
	 */
	public static TablePlacement vnodes() {
		return DEFAULT_VNODES;
	}

	/**
	 * Vnodes with explicit replication factors.
	 * @param replicationFactors replication factor by datacenter name, each from 0 to
	 * {@value #MAX_REPLICATION_FACTOR}, at least one positive
	 * @return the placement
	 */
	public static TablePlacement vnodes(Map<String, Integer> replicationFactors) {
		return new TablePlacement(0, validated(replicationFactors));
	}

	/**
	 * Tablets with Alternator's default replication factors.
	 * @param tabletCount a power of two from 1 to {@value #MAX_TABLET_COUNT}
	 * @return the placement
	 */
	public static TablePlacement tablets(int tabletCount) {
		return new TablePlacement(validatedTabletCount(tabletCount), Map.of());
	}

	/**
	 * Tablets with explicit replication factors.
	 * @param tabletCount a power of two from 1 to {@value #MAX_TABLET_COUNT}
	 * @param replicationFactors replication factor by datacenter name, each from 0 to
	 * {@value #MAX_REPLICATION_FACTOR}, at least one positive; capped by the datacenter's
	 * node count when the table's tablets are allocated
	 * @return the placement
	 */
	public static TablePlacement tablets(int tabletCount, Map<String, Integer> replicationFactors) {
		return new TablePlacement(validatedTabletCount(tabletCount), validated(replicationFactors));
	}

	/**
	 * Whether the table uses tablets (else vnodes).
	 * @return whether tablets are used
	 */
	public boolean usesTablets() {
		return this.tabletCount > 0;
	}

	/**
	 * The number of tablets.
	 * @return the tablet count, {@code 0} for vnodes
	 */
	public int tabletCount() {
		return this.tabletCount;
	}

	/**
	 * The explicit replication factors.
	 * @return replication factor by datacenter, sorted by name; empty for Alternator's
	 * defaults
	 */
	public Map<String, Integer> replicationFactors() {
		return this.replicationFactors;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TablePlacement that && this.tabletCount == that.tabletCount
				&& this.replicationFactors.equals(that.replicationFactors);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.tabletCount, this.replicationFactors);
	}

	@Override
	public String toString() {
		return ((usesTablets()) ? "tablets(" + this.tabletCount + ")" : "vnodes")
				+ ((this.replicationFactors.isEmpty()) ? "" : " rf=" + this.replicationFactors);
	}

	private static int validatedTabletCount(int tabletCount) {
		if (tabletCount < 1 || tabletCount > MAX_TABLET_COUNT || Integer.bitCount(tabletCount) != 1) {
			throw new IllegalArgumentException(
					"tabletCount must be a power of two from 1 to " + MAX_TABLET_COUNT + ", got " + tabletCount);
		}
		return tabletCount;
	}

	private static Map<String, Integer> validated(Map<String, Integer> replicationFactors) {
		Objects.requireNonNull(replicationFactors, "replicationFactors");
		boolean positive = false;
		for (Map.Entry<String, Integer> entry : replicationFactors.entrySet()) {
			Objects.requireNonNull(entry.getKey(), "datacenter");
			int factor = Objects.requireNonNull(entry.getValue(), "replication factor");
			if (factor < 0 || factor > MAX_REPLICATION_FACTOR) {
				throw new IllegalArgumentException("replication factor of " + entry.getKey() + " must be between 0 and "
						+ MAX_REPLICATION_FACTOR + ", got " + factor);
			}
			positive |= factor > 0;
		}
		if (!positive) {
			throw new IllegalArgumentException(
					"at least one datacenter needs a positive replication factor, got " + replicationFactors);
		}
		return Collections.unmodifiableMap(new TreeMap<>(replicationFactors));
	}

}
