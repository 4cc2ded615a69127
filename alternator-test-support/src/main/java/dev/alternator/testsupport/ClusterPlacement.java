package dev.alternator.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Where the emulated cluster keeps each table's data: node identities (host id, vnode
 * tokens), the tables the nodes have seen (with their {@code TableId} and placement), the
 * vnode ring with {@code NetworkTopologyStrategy}, and tablet maps with their migrations.
 * Everything random is drawn from the placement seed, so a test sees the same host ids,
 * tokens, table ids and tablet replicas on every run.
 * <p>
 * Thread-safe: table state changes and tablet look-ups hold the instance lock; vnode
 * look-ups read an immutable ring, rebuilt after each topology change.
 */
final class ClusterPlacement {

	/**
	 * The stages of a tablet migration, in order; after the last one the migration
	 * finishes ({@code replicas} becomes {@code new_replicas}).
	 */
	static final List<String> MIGRATION_STAGES = List.of("allow_write_both_read_old", "write_both_read_old",
			"streaming", "write_both_read_new", "use_new", "cleanup", "end_migration");

	/** The stages in which reads go to {@code new_replicas}. */
	private static final Set<String> READ_NEW_STAGES = Set.of("write_both_read_new", "use_new", "cleanup",
			"end_migration");

	private final long seed;

	private final int tokensPerNode;

	private final int shardsPerNode;

	private final TablePlacement defaultPlacement;

	private final Map<String, TablePlacement> placements;

	private final Supplier<List<LocalAlternatorNode>> nodes;

	/** Guarded by {@code this}. */
	private final Map<String, TableState> tables = new HashMap<>();

	/**
	 * How many times each table name was created, so a re-created table gets a new id.
	 * Guarded by {@code this}.
	 */
	private final Map<String, Integer> generations = new HashMap<>();

	private final AtomicLong topologyVersion = new AtomicLong();

	private volatile @Nullable Ring ring;

	private volatile boolean systemTablesDenied;

	private volatile Duration extraHopDelay;

	ClusterPlacement(long seed, int tokensPerNode, int shardsPerNode, TablePlacement defaultPlacement,
			Map<String, TablePlacement> placements, Duration extraHopDelay, Supplier<List<LocalAlternatorNode>> nodes) {
		this.seed = seed;
		this.tokensPerNode = tokensPerNode;
		this.shardsPerNode = shardsPerNode;
		this.defaultPlacement = defaultPlacement;
		this.placements = Map.copyOf(placements);
		this.extraHopDelay = extraHopDelay;
		this.nodes = nodes;
	}

	// ---- node identities

	/**
	 * The identity of the node at {@code 127.0.0.<lastOctet>}: a version-4 host id and
	 * sorted distinct vnode tokens, both drawn from the seed and the address.
	 */
	NodeIdentity identity(int lastOctet) {
		SplittableRandom random = new SplittableRandom(mix(this.seed, 0x6e6f6465L + lastOctet));
		UUID hostId = randomUuid(random);
		Set<Long> tokens = new HashSet<>();
		while (tokens.size() < this.tokensPerNode) {
			long token = random.nextLong();
			if (token != Long.MIN_VALUE) {
				tokens.add(token);
			}
		}
		List<Long> sorted = new ArrayList<>(tokens);
		Collections.sort(sorted);
		return new NodeIdentity(hostId, List.copyOf(sorted));
	}

	int shardsPerNode() {
		return this.shardsPerNode;
	}

	// ---- controls

	boolean systemTablesDenied() {
		return this.systemTablesDenied;
	}

	void systemTablesDenied(boolean denied) {
		this.systemTablesDenied = denied;
	}

	Duration extraHopDelay() {
		return this.extraHopDelay;
	}

	void extraHopDelay(Duration delay) {
		this.extraHopDelay = delay;
	}

	// ---- tables

	/**
	 * Records a table a node created: a new id and a fresh placement, replacing any
	 * earlier table of that name.
	 */
	synchronized TableState created(String name, @Nullable String hashKey) {
		int generation = this.generations.merge(name, 1, Integer::sum);
		TableState table = newTable(name, hashKey, generation);
		this.tables.put(name, table);
		return table;
	}

	/**
	 * Records a table a node saw (described or used) without having created it; keeps
	 * what is known already.
	 */
	synchronized TableState seen(String name, @Nullable String hashKey) {
		TableState table = this.tables.get(name);
		if (table == null) {
			int generation = this.generations.merge(name, 1, Integer::sum);
			table = newTable(name, hashKey, generation);
			this.tables.put(name, table);
		}
		else if (table.hashKey == null && hashKey != null) {
			table.hashKey = hashKey;
		}
		return table;
	}

	/**
	 * Forgets a deleted table.
	 * @return the table as it was, {@code null} if it was not known
	 */
	synchronized @Nullable TableState deleted(String name) {
		return this.tables.remove(name);
	}

	synchronized @Nullable TableState table(String name) {
		return this.tables.get(name);
	}

	/**
	 * The known tables, by name.
	 */
	synchronized List<TableState> tables() {
		List<TableState> result = new ArrayList<>(this.tables.values());
		result.sort(Comparator.comparing((TableState table) -> table.name));
		return result;
	}

	synchronized @Nullable String hashKey(String table) {
		TableState state = this.tables.get(table);
		return (state != null) ? state.hashKey : null;
	}

	private TableState newTable(String name, @Nullable String hashKey, int generation) {
		SplittableRandom random = new SplittableRandom(
				mix(mix(this.seed, 0x7461626cL), mix(name.hashCode(), generation * 0x9e3779b97f4a7c15L)));
		UUID id = randomUuid(random);
		TablePlacement placement = this.placements.getOrDefault(name, this.defaultPlacement);
		List<LocalAlternatorNode> owners = tokenOwners();
		Map<String, Integer> factors = replicationFactors(placement, owners);
		TableState table = new TableState(name, hashKey, id, placement, factors);
		if (placement.usesTablets()) {
			table.tablets = allocateTablets(placement.tabletCount(), factors, owners, random);
		}
		return table;
	}

	/**
	 * Alternator's keyspace replication: the explicit factors, or RF 3 (RF 1 when the
	 * cluster has fewer than 3 nodes) in every datacenter with nodes; for tablets each
	 * factor is capped by the datacenter's node count.
	 */
	private Map<String, Integer> replicationFactors(TablePlacement placement, List<LocalAlternatorNode> owners) {
		Map<String, Integer> nodesPerDc = new TreeMap<>();
		for (LocalAlternatorNode node : this.nodes.get()) {
			nodesPerDc.merge(node.datacenter(), 1, Integer::sum);
		}
		Map<String, Integer> factors = new TreeMap<>(placement.replicationFactors());
		if (factors.isEmpty()) {
			int clusterSize = this.nodes.get().size();
			for (String datacenter : nodesPerDc.keySet()) {
				factors.put(datacenter, (clusterSize >= 3) ? 3 : 1);
			}
		}
		if (placement.usesTablets()) {
			Map<String, Integer> ownersPerDc = new HashMap<>();
			for (LocalAlternatorNode node : owners) {
				ownersPerDc.merge(node.datacenter(), 1, Integer::sum);
			}
			factors.replaceAll((datacenter, factor) -> Math.min(factor, ownersPerDc.getOrDefault(datacenter, 0)));
		}
		return Collections.unmodifiableMap(factors);
	}

	/**
	 * Tablet replicas spread over nodes and racks: each replica of a tablet goes to a
	 * datacenter node not yet holding it, in a rack the tablet does not use yet while
	 * there is one, with the fewest tablets of this table so far (ties broken by a seeded
	 * rank); shards are handed out round-robin per node.
	 */
	private Tablet[] allocateTablets(int count, Map<String, Integer> factors, List<LocalAlternatorNode> owners,
			SplittableRandom random) {
		List<LocalAlternatorNode> ranked = new ArrayList<>(owners);
		ranked.sort(Comparator.comparing(LocalAlternatorNode::hostId));
		for (int i = ranked.size() - 1; i > 0; i--) {
			Collections.swap(ranked, i, random.nextInt(i + 1));
		}
		Map<UUID, Integer> load = new HashMap<>();
		int log2 = Integer.numberOfTrailingZeros(count);
		Tablet[] tablets = new Tablet[count];
		for (int i = 0; i < count; i++) {
			List<Replica> replicas = new ArrayList<>();
			for (Map.Entry<String, Integer> factor : factors.entrySet()) {
				Set<String> usedRacks = new HashSet<>();
				Set<UUID> chosen = new HashSet<>();
				for (int r = 0; r < factor.getValue(); r++) {
					LocalAlternatorNode best = null;
					boolean bestNewRack = false;
					int bestLoad = Integer.MAX_VALUE;
					for (LocalAlternatorNode node : ranked) {
						if (!node.datacenter().equals(factor.getKey()) || chosen.contains(node.hostId())) {
							continue;
						}
						boolean newRack = !usedRacks.contains(node.rack());
						int nodeLoad = load.getOrDefault(node.hostId(), 0);
						if (best == null || (newRack && !bestNewRack)
								|| (newRack == bestNewRack && nodeLoad < bestLoad)) {
							best = node;
							bestNewRack = newRack;
							bestLoad = nodeLoad;
						}
					}
					if (best == null) {
						break;
					}
					chosen.add(best.hostId());
					usedRacks.add(best.rack());
					int nodeLoad = load.merge(best.hostId(), 1, Integer::sum);
					replicas.add(new Replica(best.hostId(), (nodeLoad - 1) % this.shardsPerNode));
				}
			}
			tablets[i] = new Tablet(lastTokenOfTablet(log2, i), List.copyOf(replicas));
		}
		return tablets;
	}

	/**
	 * The last token of tablet {@code index} of {@code 2^log2} equal tablets: the token
	 * space split by the top {@code log2} bits.
	 */
	static long lastTokenOfTablet(int log2, int index) {
		long unsigned = (index == (1 << log2) - 1) ? -1L : ((long) (index + 1) << (64 - log2)) - 1;
		// tokens are biased: unsigned 0 is the minimum signed token
		return unsigned ^ Long.MIN_VALUE;
	}

	// ---- replicas

	/**
	 * The replicas that serve reads of a token of a table, in replica order: the tablet's
	 * {@code replicas}, or its {@code new_replicas} in the migration stages that read
	 * from the new ones; or the vnode ring walk.
	 */
	List<UUID> readReplicas(TableState table, long token) {
		synchronized (this) {
			if (table.tablets != null) {
				Tablet tablet = table.tablets[tabletIndex(table.tablets, token)];
				List<Replica> replicas = (tablet.newReplicas != null && tablet.stage != null
						&& READ_NEW_STAGES.contains(tablet.stage)) ? tablet.newReplicas : tablet.replicas;
				List<UUID> result = new ArrayList<>(replicas.size());
				for (Replica replica : replicas) {
					result.add(replica.hostId());
				}
				return result;
			}
		}
		return vnodeReplicas(table.replicationFactors, token);
	}

	static int tabletIndex(Tablet[] tablets, long token) {
		int low = 0;
		int high = tablets.length - 1;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (tablets[middle].lastToken >= token) {
				high = middle;
			}
			else {
				low = middle + 1;
			}
		}
		return low;
	}

	/**
	 * Forgets the cached vnode ring: nodes came, went, or started or stopped
	 * bootstrapping.
	 */
	void topologyChanged() {
		this.topologyVersion.incrementAndGet();
	}

	private Ring ring() {
		Ring current = this.ring;
		long version = this.topologyVersion.get();
		if (current == null || current.version() != version) {
			current = Ring.of(tokenOwners(), version);
			this.ring = current;
		}
		return current;
	}

	/**
	 * {@code NetworkTopologyStrategy}: walk the ring clockwise from the first token at or
	 * after the key's; per datacenter take distinct nodes, a node of an already used rack
	 * only while {@code RF - racks in the DC} repeats remain.
	 */
	private List<UUID> vnodeReplicas(Map<String, Integer> factors, long token) {
		Ring ring = ring();
		if (ring.tokens().length == 0) {
			return List.of();
		}
		Map<String, DcFill> fills = new HashMap<>();
		for (Map.Entry<String, Integer> factor : factors.entrySet()) {
			int nodeCount = ring.ownersPerDc().getOrDefault(factor.getKey(), 0);
			if (factor.getValue() > 0 && nodeCount > 0) {
				fills.put(factor.getKey(), new DcFill(Math.min(factor.getValue(), nodeCount),
						factor.getValue() - ring.racksPerDc().get(factor.getKey())));
			}
		}
		int start = Arrays.binarySearch(ring.tokens(), token);
		if (start < 0) {
			start = -start - 1;
		}
		LinkedHashSet<UUID> replicas = new LinkedHashSet<>();
		Set<String> seenRacks = new HashSet<>();
		int dcsToFill = fills.size();
		LocalAlternatorNode[] nodes = ring.nodes();
		for (int i = 0; i < nodes.length && dcsToFill > 0; i++) {
			LocalAlternatorNode node = nodes[(start + i) % nodes.length];
			DcFill fill = fills.get(node.datacenter());
			if (fill == null || fill.rfLeft == 0) {
				continue;
			}
			if (seenRacks.add(node.datacenter() + "\u0000" + node.rack())) {
				replicas.add(node.hostId());
				fill.rfLeft--;
			}
			else if (fill.rackRepeatsLeft > 0 && replicas.add(node.hostId())) {
				fill.rackRepeatsLeft--;
				fill.rfLeft--;
			}
			if (fill.rfLeft == 0) {
				dcsToFill--;
			}
		}
		return List.copyOf(replicas);
	}

	/**
	 * The current nodes that own tokens (not bootstrapping).
	 */
	private List<LocalAlternatorNode> tokenOwners() {
		List<LocalAlternatorNode> result = new ArrayList<>();
		for (LocalAlternatorNode node : this.nodes.get()) {
			if (!node.isBootstrapping()) {
				result.add(node);
			}
		}
		return result;
	}

	// ---- tablet migrations

	synchronized String startMigration(String tableName, int index, LocalAlternatorNode from, LocalAlternatorNode to) {
		Tablet tablet = tablet(tableName, index);
		if (tablet.stage != null) {
			throw new IllegalStateException(
					"Tablet " + index + " of " + tableName + " is already migrating (stage " + tablet.stage + ")");
		}
		List<Replica> next = new ArrayList<>();
		boolean found = false;
		for (Replica replica : tablet.replicas) {
			if (replica.hostId().equals(to.hostId())) {
				throw new IllegalArgumentException(to + " already holds tablet " + index + " of " + tableName);
			}
			if (replica.hostId().equals(from.hostId())) {
				next.add(new Replica(to.hostId(), index % this.shardsPerNode));
				found = true;
			}
			else {
				next.add(replica);
			}
		}
		if (!found) {
			throw new IllegalArgumentException(from + " does not hold tablet " + index + " of " + tableName);
		}
		tablet.newReplicas = List.copyOf(next);
		tablet.stage = MIGRATION_STAGES.get(0);
		return tablet.stage;
	}

	synchronized @Nullable String advanceMigration(String tableName, int index) {
		Tablet tablet = tablet(tableName, index);
		String stage = tablet.stage;
		if (stage == null) {
			throw new IllegalStateException("Tablet " + index + " of " + tableName + " is not migrating");
		}
		int position = MIGRATION_STAGES.indexOf(stage);
		if (position == MIGRATION_STAGES.size() - 1) {
			finish(tablet);
			return null;
		}
		tablet.stage = MIGRATION_STAGES.get(position + 1);
		return tablet.stage;
	}

	synchronized void finishMigration(String tableName, int index) {
		Tablet tablet = tablet(tableName, index);
		if (tablet.stage == null) {
			throw new IllegalStateException("Tablet " + index + " of " + tableName + " is not migrating");
		}
		finish(tablet);
	}

	private static void finish(Tablet tablet) {
		tablet.replicas = Objects.requireNonNull(tablet.newReplicas);
		tablet.newReplicas = null;
		tablet.stage = null;
	}

	private Tablet tablet(String tableName, int index) {
		TableState table = this.tables.get(tableName);
		if (table == null) {
			throw new IllegalArgumentException("Unknown table " + tableName
					+ ": tables become known when created, described or used through a node");
		}
		if (table.tablets == null) {
			throw new IllegalArgumentException("Table " + tableName + " uses vnodes, not tablets");
		}
		if (index < 0 || index >= table.tablets.length) {
			throw new IndexOutOfBoundsException(
					"Table " + tableName + " has " + table.tablets.length + " tablets, no tablet " + index);
		}
		return table.tablets[index];
	}

	/**
	 * A copy of a table's tablets, for rendering {@code system.tablets}.
	 */
	synchronized List<Tablet> tabletsOf(TableState table) {
		List<Tablet> result = new ArrayList<>();
		if (table.tablets != null) {
			for (Tablet tablet : table.tablets) {
				Tablet copy = new Tablet(tablet.lastToken, tablet.replicas);
				copy.newReplicas = tablet.newReplicas;
				copy.stage = tablet.stage;
				result.add(copy);
			}
		}
		return result;
	}

	// ---- randomness

	private static UUID randomUuid(SplittableRandom random) {
		long most = (random.nextLong() & ~0xf000L) | 0x4000L;
		long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		return new UUID(most, least);
	}

	private static long mix(long a, long b) {
		long z = a * 0x9e3779b97f4a7c15L + b;
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	/**
	 * A node's identity.
	 *
	 * @param hostId the host id
	 * @param tokens the vnode tokens, sorted
	 */
	record NodeIdentity(UUID hostId, List<Long> tokens) {
	}

	/**
	 * A tablet replica.
	 *
	 * @param hostId the node's host id
	 * @param shard the shard
	 */
	record Replica(UUID hostId, int shard) {
	}

	/**
	 * The vnode ring of the token owners at one topology version: tokens sorted, with the
	 * node owning each, and per datacenter the number of owners and racks.
	 */
	private record Ring(long[] tokens, LocalAlternatorNode[] nodes, Map<String, Integer> ownersPerDc,
			Map<String, Integer> racksPerDc, long version) {

		static Ring of(List<LocalAlternatorNode> owners, long version) {
			TreeMap<Long, LocalAlternatorNode> sorted = new TreeMap<>();
			Map<String, Integer> ownersPerDc = new HashMap<>();
			Map<String, Set<String>> racks = new HashMap<>();
			for (LocalAlternatorNode node : owners) {
				for (long token : node.tokens()) {
					sorted.putIfAbsent(token, node);
				}
				ownersPerDc.merge(node.datacenter(), 1, Integer::sum);
				racks.computeIfAbsent(node.datacenter(), (dc) -> new HashSet<>()).add(node.rack());
			}
			long[] tokens = new long[sorted.size()];
			LocalAlternatorNode[] nodes = new LocalAlternatorNode[sorted.size()];
			int i = 0;
			for (Map.Entry<Long, LocalAlternatorNode> entry : sorted.entrySet()) {
				tokens[i] = entry.getKey();
				nodes[i++] = entry.getValue();
			}
			Map<String, Integer> racksPerDc = new HashMap<>();
			racks.forEach((dc, names) -> racksPerDc.put(dc, names.size()));
			return new Ring(tokens, nodes, Map.copyOf(ownersPerDc), Map.copyOf(racksPerDc), version);
		}

	}

	/**
	 * What a datacenter still needs during a ring walk.
	 */
	private static final class DcFill {

		int rfLeft;

		int rackRepeatsLeft;

		DcFill(int rfLeft, int rackRepeatsLeft) {
			this.rfLeft = rfLeft;
			this.rackRepeatsLeft = rackRepeatsLeft;
		}

	}

	/**
	 * A tablet: its range end, replicas and migration. Mutable, guarded by the placement.
	 */
	static final class Tablet {

		final long lastToken;

		List<Replica> replicas;

		@Nullable List<Replica> newReplicas;

		@Nullable String stage;

		Tablet(long lastToken, List<Replica> replicas) {
			this.lastToken = lastToken;
			this.replicas = replicas;
		}

	}

	/**
	 * A table the cluster knows. Its name, id and placement are fixed; the hash key name
	 * is learned when first known.
	 */
	static final class TableState {

		final String name;

		volatile @Nullable String hashKey;

		final UUID id;

		final TablePlacement placement;

		final Map<String, Integer> replicationFactors;

		/** {@code null} for vnodes. Guarded by the placement. */
		Tablet @Nullable [] tablets;

		TableState(String name, @Nullable String hashKey, UUID id, TablePlacement placement,
				Map<String, Integer> replicationFactors) {
			this.name = name;
			this.hashKey = hashKey;
			this.id = id;
			this.placement = placement;
			this.replicationFactors = replicationFactors;
		}

		String keyspace() {
			return "alternator_" + this.name;
		}

		@Override
		public String toString() {
			return "Table{" + this.name + ", id=" + this.id + ", " + this.placement + ", rf=" + this.replicationFactors
					+ ", tablets=" + ((this.tablets != null) ? Arrays.toString(this.tablets) : "none") + "}";
		}

	}

}
