package dev.alternator.client.internal.placement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A keyspace's replication as {@code system_schema.keyspaces.replication} states it: the
 * strategy class and its replication factors.
 * <p>
 * {@code NetworkTopologyStrategy} (every Alternator keyspace) has one replication factor
 * per datacenter; {@code SimpleStrategy} one for the whole ring
 * ({@code replication_factor}). Other classes ({@code LocalStrategy},
 * {@code EverywhereStrategy}) are {@linkplain #isSupported() not supported}: the
 * keyspaces of tables a client routes never use them.
 * <p>
 * Immutable and thread-safe; equal strategies give equal vnode placements, so a caller
 * may share one placement among keyspaces (Alternator makes one keyspace per table).
 *
 * @param className the strategy class as stored, e.g.
 * {@code org.apache.cassandra.locator.NetworkTopologyStrategy}
 * @param kind the supported strategy it names, or {@code null} for another class
 * @param replicationFactors per datacenter for {@link Kind#NETWORK_TOPOLOGY}, the single
 * entry {@code replication_factor} for {@link Kind#SIMPLE}, empty otherwise
 */
public record ReplicationStrategy(String className, @Nullable Kind kind, Map<String, Integer> replicationFactors) {

	static final String SCHEMA_KEYSPACES = "system_schema.keyspaces";

	static final String REPLICATION_FACTOR = "replication_factor";

	private static final String CLASS = "class";

	/**
	 * The supported replication strategies.
	 */
	public enum Kind {

		/** Replicas per datacenter, spread over racks. */
		NETWORK_TOPOLOGY,

		/** The next distinct nodes on the ring, whatever their datacenter. */
		SIMPLE

	}

	/**
	 * Create a strategy; the factors are copied.
	 * @param className the strategy class
	 * @param kind the supported kind, or {@code null}
	 * @param replicationFactors the replication factors
	 */
	public ReplicationStrategy {
		replicationFactors = Collections.unmodifiableMap(new LinkedHashMap<>(replicationFactors));
	}

	/**
	 * Parse a keyspace's {@code replication} map.
	 * @param replication the map's entries: {@code class} and the options
	 * @return the strategy
	 * @throws UnparsableValueException when the class is missing or a replication factor
	 * of a supported strategy is not a non-negative integer
	 */
	public static ReplicationStrategy parse(Map<String, String> replication) {
		String className = replication.get(CLASS);
		if (className == null) {
			throw new UnparsableValueException(SCHEMA_KEYSPACES, "replication", replication.toString(),
					"a 'class' entry");
		}
		Kind kind = kindOf(className);
		Map<String, Integer> factors = new LinkedHashMap<>();
		if (kind == Kind.NETWORK_TOPOLOGY) {
			replication.forEach((key, value) -> {
				if (!key.equals(CLASS)) {
					factors.put(key, factor(replication, value));
				}
			});
		}
		else if (kind == Kind.SIMPLE) {
			String value = replication.get(REPLICATION_FACTOR);
			factors.put(REPLICATION_FACTOR, factor(replication, (value != null) ? value : ""));
		}
		return new ReplicationStrategy(className, kind, factors);
	}

	/**
	 * Whether the vnode placement of this strategy is known to this library.
	 * @return whether {@link #kind()} is not {@code null}
	 */
	public boolean isSupported() {
		return this.kind != null;
	}

	/**
	 * The replication factor of a datacenter ({@code NetworkTopologyStrategy}).
	 * @param datacenter the datacenter
	 * @return its replication factor, 0 when the strategy does not name it
	 */
	public int replicationFactor(String datacenter) {
		Integer factor = this.replicationFactors.get(datacenter);
		return (factor != null) ? factor : 0;
	}

	private static @Nullable Kind kindOf(String className) {
		String simpleName = className.substring(className.lastIndexOf('.') + 1);
		return switch (simpleName) {
			case "NetworkTopologyStrategy" -> Kind.NETWORK_TOPOLOGY;
			case "SimpleStrategy" -> Kind.SIMPLE;
			default -> null;
		};
	}

	private static int factor(Map<String, String> replication, String value) {
		try {
			int factor = Integer.parseInt(value.trim());
			if (factor >= 0) {
				return factor;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UnparsableValueException(SCHEMA_KEYSPACES, "replication", replication.toString(),
				"non-negative integer replication factors");
	}

}
