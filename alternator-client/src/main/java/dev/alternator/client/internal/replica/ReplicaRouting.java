package dev.alternator.client.internal.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

import dev.alternator.client.ReplicaRoutingStatus;
import dev.alternator.client.internal.common.Host;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.Ticker;
import dev.alternator.client.internal.node.Membership;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;
import dev.alternator.client.internal.placement.ClusterNode;
import dev.alternator.client.internal.placement.ClusterTopology;
import dev.alternator.client.internal.placement.CqlNames;
import dev.alternator.client.internal.placement.KeyspaceSchema;
import dev.alternator.client.internal.placement.PartitionToken;
import dev.alternator.client.internal.placement.ReplicaPlacement;
import dev.alternator.client.internal.placement.ReplicationStrategy;
import dev.alternator.client.internal.placement.SystemTable;
import dev.alternator.client.internal.placement.TableRead;
import dev.alternator.client.internal.placement.TabletPlacement;
import dev.alternator.client.internal.placement.UnparsableValueException;
import dev.alternator.client.internal.placement.VnodePlacement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replica-aware routing: plans that start at a replica of the request's key, from each
 * used table's placement read in the background.
 * <p>
 * <b>Request path</b> ({@link #plan}): a single-key request ({@link ReplicaKeys}) looks
 * its table up in a map, computes its key's token and walks the key's replicas (a shared
 * immutable list) to those in the routing list ({@link ReplicaPlan}). It never blocks and
 * takes no lock; the first request to a table only registers it and asks for a background
 * cycle. Anything not known yet routes as without replica-aware routing (a miss). Nothing
 * is read while the routing list is still the seed list: replicas are matched to the
 * nodes {@code /localnodes} lists, by {@code rpc_address}.
 * <p>
 * <b>Background</b>: cycles run one at a time on the worker; the timer only decides when.
 * Every read is pinned to one node, the one the topology was read on while it is listed
 * and active ({@link ClusterReads}): system tables are node-local, and pinned reads take
 * no turn of the requests' rotation. A cycle reads the cluster's topology
 * ({@code system.local} and {@code system.peers}) when it is due, then each used table
 * that is due: its partition key and id ({@code DescribeTable}), its keyspace's
 * replication ({@code system_schema.keyspaces}, {@code scylla_keyspaces}) and, for a
 * tablets keyspace, its {@code system.tablets} rows. Topology and tables are read again
 * every refresh interval while some table is used; a table not used for a whole interval
 * is no longer refreshed until it is used again. A vnode placement is rebuilt only when
 * the topology changed (and shared by the tables of equal replication); a topology change
 * makes every used table due at once. A node that discovery lists but the topology read
 * does not have (one that just joined) makes the topology read again at once, then after
 * 1 s, 2 s, 4 s… while it stays missing.
 * <p>
 * <b>Failures</b> — access denied, not a ScyllaDB, unparsable rows, unknown table, a node
 * missing from the tables — leave the table (or all tables, for the topology) on its
 * previous placement or on none (requests are misses), log one INFO line per cause with
 * the fix (DEBUG afterwards), and are retried after a backoff of 1 s doubling to at most
 * 5 min, ±20 % jitter.
 * <p>
 * <b>Memory</b>: at most {@value #MAX_TABLES} tables are tracked; when full, tables not
 * used for a refresh interval are forgotten, least recently used first, and a new table
 * is a miss until there is room.
 * <p>
 * Thread-safe: request-path state is volatile snapshots and adders; the rest is touched
 * by the worker only (one cycle at a time).
 */
public final class ReplicaRouting implements AutoCloseable {

	/** The most tables whose placement is kept. */
	public static final int MAX_TABLES = 256;

	static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

	static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

	static final double JITTER = 0.2;

	/** The most distinct causes of failure logged at INFO; later ones go to DEBUG. */
	static final int MAX_LOGGED_CAUSES = 256;

	private static final Logger logger = Logging.LOGGER;

	private static final String NOT_FOUND = "describe:ResourceNotFoundException";

	private final ClusterReads reads;

	private final Membership membership;

	private final Ticker ticker;

	private final RandomGenerator random;

	private final ScheduledExecutorService timer;

	private final Executor worker;

	private final long refreshNanos;

	private final int maxTables;

	private final Map<String, Table> tables = new ConcurrentHashMap<>();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final AtomicBoolean cycleQueued = new AtomicBoolean();

	private final AtomicBoolean nodeMapQueued = new AtomicBoolean();

	private final Object scheduling = new Object();

	private final Object nodeMapLock = new Object();

	// guarded by scheduling
	private @Nullable ScheduledFuture<?> nextCycle;

	private volatile @Nullable NodeMap nodeMap;

	private volatile @Nullable Cluster cluster;

	private volatile @Nullable String topologyProblem;

	private volatile boolean wantsRoom;

	private volatile long roomSoughtAt;

	private volatile boolean closed;

	private volatile boolean paused;

	/** Whether the routing list has nodes the last topology read does not have. */
	private volatile boolean listedNodesMissing;

	// worker only
	private long topologyDueAt;

	/** Topology reads in a row made because listed nodes were missing from it. */
	private int missingRereads;

	/** When the next such read is due, if one is scheduled. */
	private boolean missingRereadScheduled;

	private long missingRereadDueAt;

	private int topologyFailures;

	private int sourceTurn;

	private final Map<ReplicationStrategy, VnodePlacement> vnodes = new HashMap<>();

	private final Set<String> loggedCauses = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the routing; nothing runs before the first single-key request.
	 * @param reads the reads it makes
	 * @param membership the routing list
	 * @param ticker time source
	 * @param random jitter source (used by the worker only)
	 * @param refreshInterval how often topology and used tables are read again
	 * @param timer decides when cycles run; never used for I/O
	 * @param worker runs the cycles (and their blocking reads)
	 */
	public ReplicaRouting(ClusterReads reads, Membership membership, Ticker ticker, RandomGenerator random,
			Duration refreshInterval, ScheduledExecutorService timer, Executor worker) {
		this(reads, membership, ticker, random, refreshInterval, timer, worker, MAX_TABLES);
	}

	/**
	 * Creates the routing with another bound on its tables (tests).
	 * @param reads the reads it makes
	 * @param membership the routing list
	 * @param ticker time source
	 * @param random jitter source
	 * @param refreshInterval how often topology and used tables are read again
	 * @param timer decides when cycles run
	 * @param worker runs the cycles
	 * @param maxTables the most tables tracked
	 */
	ReplicaRouting(ClusterReads reads, Membership membership, Ticker ticker, RandomGenerator random,
			Duration refreshInterval, ScheduledExecutorService timer, Executor worker, int maxTables) {
		this.roomSoughtAt = ticker.now() - refreshInterval.toNanos();
		this.reads = reads;
		this.membership = membership;
		this.ticker = ticker;
		this.random = random;
		this.refreshNanos = refreshInterval.toNanos();
		this.timer = timer;
		this.worker = worker;
		this.maxTables = maxTables;
	}

	// ---- request path

	/**
	 * The plan of a call that starts at a replica of its key.
	 * @param request the typed SDK request
	 * @param topology the routing list the call uses
	 * @param counter the rotation counter's value for this call
	 * @return the plan, or {@code null} when the call should route as without
	 * replica-aware routing (not a single-key request, or a miss)
	 */
	public @Nullable QueryPlan plan(SdkRequest request, Topology topology, int counter) {
		String name = ReplicaKeys.table(request);
		if (name == null) {
			return null;
		}
		Table table = (topology.fromSeeds() || this.closed) ? null : track(name);
		QueryPlan plan = (table != null) ? route(table, request, topology, counter) : null;
		if (plan != null) {
			this.hits.increment();
			table.hits.increment();
		}
		else {
			this.misses.increment();
			if (table != null) {
				table.misses.increment();
			}
		}
		return plan;
	}

	private @Nullable Table track(String name) {
		Table table = this.tables.get(name);
		if (table == null) {
			if (this.tables.size() >= this.maxTables) {
				// full: ask for room at most once per refresh interval
				long now = this.ticker.now();
				if (!this.wantsRoom && now - this.roomSoughtAt >= this.refreshNanos) {
					this.roomSoughtAt = now;
					this.wantsRoom = true;
					requestCycle();
				}
				return null;
			}
			Table fresh = new Table(name, this.ticker.now());
			table = this.tables.putIfAbsent(name, fresh);
			if (table == null) {
				requestCycle();
				return fresh;
			}
		}
		if (!table.used) {
			// written before idle is read; the cycle writes idle before it reads used, so
			// one of the two sees the other and an idle table in use is refreshed
			table.used = true;
			if (table.idle) {
				requestCycle();
			}
		}
		return table;
	}

	private @Nullable QueryPlan route(Table table, SdkRequest request, Topology topology, int counter) {
		Loaded loaded = table.loaded;
		if (loaded == null) {
			return null;
		}
		AttributeValue value = ReplicaKeys.partitionKey(request, loaded.hashKey());
		if (value == null) {
			return null;
		}
		long token = PartitionToken.of(value);
		if (token == PartitionToken.NONE) {
			return null;
		}
		NodeMap map = this.nodeMap;
		if (map == null || map.topology() != topology) {
			rebuildNodeMapSoon();
			return null;
		}
		return ReplicaPlan.of(topology, loaded.placement().replicas(token), map.indexByHostId(),
				topology.scope().rack(), counter + rotationOffset(token));
	}

	/**
	 * Where a key's rotation over its replicas starts, from its token. Calls to one key
	 * still take its replicas in turn; but a workload whose calls to a table recur every
	 * n-th turn of the shared counter (tables used in turn, n a multiple of the replica
	 * count) would otherwise send every key to the same position of its replica list, and
	 * that order is the server's: the same few nodes may come first for many tablets.
	 * @param token the key's token
	 * @return the offset added to the call's turn
	 */
	static int rotationOffset(long token) {
		return (int) (token ^ (token >>> 32));
	}

	// ---- counters and status

	/**
	 * Single-key requests by whether their first attempt went to a replica.
	 * @param hit {@code true} for requests that started at a replica
	 * @return the count
	 */
	public long count(boolean hit) {
		return (hit ? this.hits : this.misses).sum();
	}

	/**
	 * The tracked tables, by name.
	 * @return a status per table
	 */
	public List<ReplicaRoutingStatus> statuses() {
		List<Table> snapshot = new ArrayList<>(this.tables.values());
		snapshot.sort(Comparator.comparing((table) -> table.name));
		String clusterProblem = this.topologyProblem;
		List<ReplicaRoutingStatus> statuses = new ArrayList<>(snapshot.size());
		for (Table table : snapshot) {
			Loaded loaded = table.loaded;
			ReplicaRoutingStatus.Placement placement = ReplicaRoutingStatus.Placement.UNAVAILABLE;
			if (loaded != null) {
				placement = (loaded.placement().kind() == ReplicaPlacement.Kind.TABLETS)
						? ReplicaRoutingStatus.Placement.TABLETS : ReplicaRoutingStatus.Placement.VNODES;
			}
			String reason = table.reason;
			if (reason == null) {
				reason = (clusterProblem != null) ? clusterProblem : (loaded == null) ? "placement not read yet" : null;
			}
			Long refreshed = table.refreshedAt;
			Instant lastRefresh = (refreshed != null) ? this.ticker.toInstant(refreshed) : null;
			statuses.add(new ReplicaRoutingStatus(table.name, placement, reason, lastRefresh, table.hits.sum(),
					table.misses.sum()));
		}
		return List.copyOf(statuses);
	}

	/**
	 * How many tables are tracked, for tests.
	 * @return the count
	 */
	int trackedTables() {
		return this.tables.size();
	}

	/**
	 * The placement requests to a table use, for tests.
	 * @param name the table
	 * @return the placement, or {@code null} when none is known
	 */
	@Nullable ReplicaPlacement placement(String name) {
		Table table = this.tables.get(name);
		Loaded loaded = (table != null) ? table.loaded : null;
		return (loaded != null) ? loaded.placement() : null;
	}

	// ---- background

	private void requestCycle() {
		if (this.closed || !this.cycleQueued.compareAndSet(false, true)) {
			return;
		}
		try {
			this.worker.execute(this::cycle);
		}
		catch (RejectedExecutionException ex) {
			this.cycleQueued.set(false);
		}
	}

	private void scheduleCycle(long delayNanos) {
		synchronized (this.scheduling) {
			if (this.closed) {
				return;
			}
			if (this.nextCycle != null) {
				this.nextCycle.cancel(false);
			}
			try {
				this.nextCycle = this.timer.schedule(this::requestCycle, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				this.nextCycle = null;
			}
		}
	}

	/** One cycle: runs on the worker, one at a time. */
	private void cycle() {
		this.cycleQueued.set(false);
		if (this.closed) {
			return;
		}
		try {
			runCycle();
		}
		catch (RuntimeException ex) {
			// a defect must not stop the refreshes: the next cycle runs after a backoff
			logger.warn("Replica-aware routing: reading placement failed unexpectedly", ex);
			this.topologyFailures++;
			scheduleCycle(backoffNanos(this.topologyFailures));
		}
	}

	private void runCycle() {
		if (this.paused) {
			// the directory is stopped: no read until it resumes (which asks for a cycle)
			return;
		}
		long now = this.ticker.now();
		if (this.wantsRoom) {
			this.wantsRoom = false;
			makeRoom(now);
		}
		boolean active = false;
		for (Table table : this.tables.values()) {
			if (table.used) {
				table.used = false;
				table.lastUsedAt = now;
				table.idle = false;
			}
			else if (!table.idle && now - table.lastUsedAt >= this.refreshNanos) {
				table.idle = true;
				if (table.used) {
					table.idle = false;
				}
			}
			active |= !table.idle;
		}
		if (!active) {
			// nothing to refresh: the next use of a table asks for a cycle
			return;
		}
		if (this.cluster == null || now - this.topologyDueAt >= 0
				|| (this.missingRereadScheduled && now - this.missingRereadDueAt >= 0)) {
			this.missingRereadScheduled = false;
			readTopology(now);
		}
		Cluster current = this.cluster;
		long next = this.topologyDueAt;
		if (current != null) {
			for (Table table : this.tables.values()) {
				if (this.closed) {
					return;
				}
				if (table.idle) {
					continue;
				}
				if (now - table.dueAt >= 0) {
					load(table, current, now);
				}
				if (table.dueAt - next < 0) {
					next = table.dueAt;
				}
			}
		}
		rebuildNodeMap();
		if (this.listedNodesMissing && this.cluster != null) {
			// a node listed by discovery but not in the topology read (a node that just
			// joined, or one that came back): read the topology again at once, then
			// with backoff while it stays missing
			if (!this.missingRereadScheduled) {
				this.missingRereadScheduled = true;
				this.missingRereadDueAt = now + ((this.missingRereads == 0) ? 0 : backoffNanos(this.missingRereads));
				this.missingRereads++;
			}
			if (this.missingRereadDueAt - next < 0) {
				next = this.missingRereadDueAt;
			}
		}
		else {
			this.missingRereads = 0;
			this.missingRereadScheduled = false;
		}
		scheduleCycle(next - this.ticker.now());
	}

	/** Forgets tables not used for a refresh interval, least recently used first. */
	private void makeRoom(long now) {
		List<Table> idle = new ArrayList<>();
		for (Table table : this.tables.values()) {
			if (!table.used && now - table.lastUsedAt >= this.refreshNanos) {
				idle.add(table);
			}
		}
		idle.sort(Comparator.comparingLong((table) -> table.lastUsedAt - now));
		int room = Math.max(1, this.maxTables / 8);
		for (Table table : idle) {
			if (this.tables.size() <= this.maxTables - room) {
				break;
			}
			this.tables.remove(table.name, table);
		}
	}

	private void readTopology(long now) {
		Node source = pickSource();
		if (source == null) {
			topologyFailed(now, new Problem("no-node", "no node to read the cluster's topology from"));
			return;
		}
		TableRead local = this.reads.scan(source, SystemTable.LOCAL);
		if (local instanceof TableRead.Failed failed) {
			topologyFailed(now, problem(failed));
			return;
		}
		TableRead peers = this.reads.scan(source, SystemTable.PEERS);
		if (peers instanceof TableRead.Failed failed) {
			topologyFailed(now, problem(failed));
			return;
		}
		ClusterTopology topology;
		try {
			topology = ClusterTopology.parse(((TableRead.Rows) local).items(), ((TableRead.Rows) peers).items());
		}
		catch (UnparsableValueException ex) {
			topologyFailed(now, unparsable(ex));
			return;
		}
		Cluster previous = this.cluster;
		if (previous == null || !sameTopology(previous.topology(), topology)) {
			this.vnodes.clear();
			this.cluster = new Cluster(topology, source);
			// every used table follows the new topology at once
			for (Table table : this.tables.values()) {
				table.dueAt = now;
			}
			logger.debug("Replica-aware routing: cluster topology read from {}: {}", source, topology);
		}
		else if (previous.source() != source) {
			this.cluster = new Cluster(previous.topology(), source);
		}
		this.topologyFailures = 0;
		this.topologyProblem = null;
		this.topologyDueAt = now + this.refreshNanos;
	}

	private void topologyFailed(long now, Problem problem) {
		this.topologyFailures++;
		this.sourceTurn++;
		this.topologyProblem = problem.message();
		this.topologyDueAt = now + backoffNanos(this.topologyFailures);
		report("cannot read the cluster's topology", problem);
	}

	/**
	 * The node to read system tables on: the one the topology was read on while it is
	 * listed and active (after a failed topology read, the next one in the list).
	 */
	private @Nullable Node pickSource() {
		Cluster current = this.cluster;
		if (current != null && this.topologyFailures == 0 && current.source().isActive()
				&& this.membership.isListed(current.source())) {
			return current.source();
		}
		Topology topology = this.membership.topology();
		int n = topology.size();
		if (n == 0) {
			return null;
		}
		for (int i = 0; i < n; i++) {
			Node node = topology.node(Math.floorMod(this.sourceTurn + i, n));
			if (node.isActive()) {
				return node;
			}
		}
		return topology.node(Math.floorMod(this.sourceTurn, n));
	}

	private void load(Table table, Cluster current, long now) {
		Problem problem;
		try {
			problem = read(table, current, now);
		}
		catch (UnparsableValueException ex) {
			problem = unparsable(ex);
		}
		catch (RuntimeException ex) {
			problem = describeFailed(table.name, ex);
			if (problem.cause().equals(NOT_FOUND)) {
				table.loaded = null;
			}
		}
		if (problem == null) {
			return;
		}
		table.failures++;
		table.reason = problem.message();
		table.dueAt = now + backoffNanos(table.failures);
		report("cannot read the placement of table " + table.name, problem);
	}

	/** Reads a table's placement; returns why it could not, or {@code null}. */
	private @Nullable Problem read(Table table, Cluster current, long now) {
		Node source = pickSource();
		if (source == null) {
			return new Problem("no-node", "no node to read the placement of table " + table.name + " from");
		}
		ClusterReads.TableKeys keys = this.reads.describe(source, table.name);
		String hashKey = keys.hashKey();
		if (hashKey == null) {
			table.loaded = null;
			return new Problem("no-hash-key", "the key schema of table " + table.name + " has no HASH key");
		}
		String keyspace = CqlNames.keyspace(table.name);
		TableRead keyspaceRead = this.reads.query(source, SystemTable.KEYSPACES, keyspace);
		if (keyspaceRead instanceof TableRead.Failed failed) {
			return problem(failed);
		}
		List<Map<String, AttributeValue>> keyspaceRows = ((TableRead.Rows) keyspaceRead).items();
		if (keyspaceRows.isEmpty()) {
			return new Problem("no-keyspace", "keyspace " + keyspace + " is not in " + SystemTable.KEYSPACES.cqlName()
					+ " (not an Alternator table?)");
		}
		TableRead scyllaRead = this.reads.query(source, SystemTable.SCYLLA_KEYSPACES, keyspace);
		if (scyllaRead instanceof TableRead.Failed failed) {
			return problem(failed);
		}
		List<Map<String, AttributeValue>> scyllaRows = ((TableRead.Rows) scyllaRead).items();
		KeyspaceSchema schema = KeyspaceSchema.parse(keyspaceRows.get(0),
				scyllaRows.isEmpty() ? null : scyllaRows.get(0));
		ReplicaPlacement placement;
		if (schema.tablets()) {
			UUID tableId = keys.tableId();
			if (tableId == null) {
				return new Problem("no-table-id",
						"DescribeTable of tablets table " + table.name + " returned no valid TableId");
			}
			Problem[] failure = new Problem[1];
			TabletPlacement tablets = TabletPlacement.read(tableId, (id) -> {
				TableRead rows = this.reads.query(source, SystemTable.TABLETS, id.toString());
				if (rows instanceof TableRead.Failed failed) {
					failure[0] = problem(failed);
					return List.of();
				}
				return ((TableRead.Rows) rows).items();
			}, current.topology());
			placement = tablets;
			if (failure[0] != null) {
				return failure[0];
			}
		}
		else {
			ReplicationStrategy replication = schema.replication();
			if (!replication.isSupported()) {
				return new Problem("strategy:" + replication.className(), "keyspace " + keyspace
						+ " uses the replication strategy " + replication.className() + ", which is not supported");
			}
			placement = this.vnodes.computeIfAbsent(replication,
					(strategy) -> VnodePlacement.of(current.topology(), strategy));
		}
		table.loaded = new Loaded(hashKey, placement);
		table.failures = 0;
		table.reason = null;
		table.refreshedAt = now;
		table.dueAt = now + this.refreshNanos;
		logger.debug("Replica-aware routing: table {} is placed by {}", table.name, placement);
		return null;
	}

	/**
	 * Rebuilds the routing list's positions by host id when the routing list or the
	 * cluster's topology changed, and records each listed node's datacenter and rack.
	 * Runs on the worker or, after a change of the routing list, on the timer (no I/O).
	 */
	private void rebuildNodeMap() {
		this.nodeMapQueued.set(false);
		Cluster current = this.cluster;
		if (current == null) {
			return;
		}
		synchronized (this.nodeMapLock) {
			Topology topology = this.membership.topology();
			NodeMap map = this.nodeMap;
			if (map != null && map.topology() == topology && map.cluster() == current.topology()) {
				return;
			}
			Map<UUID, Integer> indexByHostId = new HashMap<>();
			List<String> unknown = new ArrayList<>();
			for (int i = 0; i < topology.size(); i++) {
				Node node = topology.node(i);
				ClusterNode clusterNode = clusterNode(current.topology(), node);
				if (clusterNode == null) {
					unknown.add(node.address());
					continue;
				}
				indexByHostId.put(clusterNode.hostId(), i);
				node.locate(clusterNode.datacenter(), clusterNode.rack());
			}
			this.nodeMap = new NodeMap(topology, current.topology(), Map.copyOf(indexByHostId));
			boolean missing = !unknown.isEmpty() && !topology.fromSeeds();
			boolean wasMissing = this.listedNodesMissing;
			this.listedNodesMissing = missing;
			if (missing && !wasMissing) {
				// the worker reads the topology again (no I/O here: this may be the
				// timer)
				requestCycle();
			}
			if (missing) {
				report("cannot route to every node",
						new Problem("unknown-nodes",
								unknown.size() + " of the " + topology.size()
										+ " listed nodes are not in system.local/system.peers by rpc_address (e.g. "
										+ unknown.subList(0, Math.min(3, unknown.size()))
										+ "): requests whose replicas are there start elsewhere"),
						"");
			}
		}
	}

	private void rebuildNodeMapSoon() {
		if (this.closed || this.cluster == null || !this.nodeMapQueued.compareAndSet(false, true)) {
			return;
		}
		try {
			this.timer.execute(this::rebuildNodeMap);
		}
		catch (RejectedExecutionException ex) {
			this.nodeMapQueued.set(false);
		}
	}

	private static @Nullable ClusterNode clusterNode(ClusterTopology topology, Node node) {
		try {
			return topology.nodeAt(Host.parse(node.address()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Whether two reads of the topology describe the same nodes and tokens. */
	static boolean sameTopology(ClusterTopology a, ClusterTopology b) {
		List<ClusterNode> left = a.nodes();
		List<ClusterNode> right = b.nodes();
		if (left.size() != right.size() || a.tokenCount() != b.tokenCount()) {
			return false;
		}
		Map<UUID, ClusterNode> byHostId = new HashMap<>();
		for (ClusterNode node : left) {
			byHostId.put(node.hostId(), node);
		}
		for (ClusterNode node : right) {
			ClusterNode other = byHostId.get(node.hostId());
			if (other == null || !other.rpcAddress().equals(node.rpcAddress())
					|| !other.datacenter().equals(node.datacenter()) || !other.rack().equals(node.rack())
					|| !java.util.Arrays.equals(other.tokens(), node.tokens())) {
				return false;
			}
		}
		return true;
	}

	// ---- failures

	private static Problem problem(TableRead.Failed failed) {
		String message = failed.message();
		if (failed.cause() == TableRead.Cause.NOT_AVAILABLE) {
			message += "; to skip these reads turn replica-aware routing off";
		}
		else if (failed.cause() == TableRead.Cause.ACCESS_DENIED) {
			message += "; or turn replica-aware routing off";
		}
		return new Problem(failed.cause() + ":" + failed.table().cqlName(), message);
	}

	private static Problem unparsable(UnparsableValueException ex) {
		return new Problem("unparsable:" + ex.table() + "." + ex.column(), String.valueOf(ex.getMessage()));
	}

	private static Problem describeFailed(String table, RuntimeException ex) {
		String code = (ex instanceof AwsServiceException service && service.awsErrorDetails() != null)
				? service.awsErrorDetails().errorCode() : null;
		if ("ResourceNotFoundException".equals(code)) {
			return new Problem(NOT_FOUND, "table " + table + " does not exist");
		}
		return new Problem("describe:" + ((code != null) ? code : ex.getClass().getName()),
				"DescribeTable of " + table + " failed: " + ex);
	}

	/** Logs a problem: once at INFO per cause, then at DEBUG. */
	private void report(String what, Problem problem) {
		report(what, problem, "; requests route without it meanwhile, retried with backoff");
	}

	/** Logs a problem, with its consequence: once at INFO per cause, then at DEBUG. */
	private void report(String what, Problem problem, String consequence) {
		if (this.closed) {
			// a read interrupted by closing the directory is no problem to report
			logger.debug("Replica-aware routing {} after closing: {}", what, problem.message());
			return;
		}
		if (this.loggedCauses.size() < MAX_LOGGED_CAUSES && this.loggedCauses.add(problem.cause())) {
			logger.info("Replica-aware routing {}: {}{}", what, problem.message(), consequence);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Replica-aware routing {}: {}", what, problem.message());
		}
	}

	/**
	 * The delay after {@code failures} failures in a row: 1 s × 2^(failures−1), at most 5
	 * min, ±20 % jitter.
	 * @param failures failures in a row, at least 1
	 * @return nanoseconds
	 */
	long backoffNanos(int failures) {
		long base = Math.min(MAX_BACKOFF.toNanos(), INITIAL_BACKOFF.toNanos() << Math.min(failures - 1, 20));
		double factor = 1 + JITTER * (2 * this.random.nextDouble() - 1);
		return (long) (base * factor);
	}

	/**
	 * Pauses or resumes the background reads, with the directory's discovery and probes:
	 * while paused, requests keep using the placements already read.
	 * @param paused whether to pause
	 */
	public void paused(boolean paused) {
		this.paused = paused;
		if (!paused) {
			requestCycle();
		}
	}

	/**
	 * Stops the refreshes: no cycle starts after this returns (one running ends with its
	 * current read). The threads belong to the directory, which stops them.
	 */
	@Override
	public void close() {
		synchronized (this.scheduling) {
			this.closed = true;
			if (this.nextCycle != null) {
				this.nextCycle.cancel(false);
				this.nextCycle = null;
			}
		}
	}

	/**
	 * A tracked table. Request path: {@link #used}, {@link #idle}, {@link #loaded}, the
	 * counters. The rest is the worker's.
	 */
	private static final class Table {

		final String name;

		final LongAdder hits = new LongAdder();

		final LongAdder misses = new LongAdder();

		/** Set by a request, cleared by the cycle that sees it. */
		volatile boolean used = true;

		/** Not used for a refresh interval: not refreshed until used again. */
		volatile boolean idle;

		volatile @Nullable Loaded loaded;

		volatile @Nullable String reason;

		volatile @Nullable Long refreshedAt;

		long lastUsedAt;

		long dueAt;

		int failures;

		Table(String name, long now) {
			this.name = name;
			this.lastUsedAt = now;
			this.dueAt = now;
		}

	}

	/**
	 * What requests to a table use.
	 *
	 * @param hashKey the partition-key attribute
	 * @param placement the placement
	 */
	private record Loaded(String hashKey, ReplicaPlacement placement) {

	}

	/**
	 * The cluster's topology and the node it was read on.
	 *
	 * @param topology the topology
	 * @param source the node
	 */
	private record Cluster(ClusterTopology topology, Node source) {

	}

	/**
	 * The routing list's positions by host id, for one routing list and one topology.
	 *
	 * @param topology the routing list
	 * @param cluster the topology
	 * @param indexByHostId the position of each listed node found in the topology
	 */
	private record NodeMap(Topology topology, ClusterTopology cluster, Map<UUID, Integer> indexByHostId) {

	}

	/**
	 * Why something could not be read.
	 *
	 * @param cause the kind of failure: one INFO line each
	 * @param message what happened and, where known, the fix
	 */
	private record Problem(String cause, String message) {

	}

}
