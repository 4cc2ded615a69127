package dev.alternator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * A local emulated ScyllaDB Alternator cluster for tests and demos: N nodes on the
 * loopback addresses {@code 127.0.0.1}, {@code 127.0.0.2}, … sharing one port, each with
 * a datacenter and a rack, all backed by one shared
 * <a href="https://github.com/architect/dynalite">dynalite</a> server (DynamoDB
 * semantics, in memory). <pre class="code">
 * try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
 *         .node("dc1", "rack1")
 *         .node("dc1", "rack2")
 *         .node("dc2", "rack1")
 *         .start()) {
 *     URI endpoint = cluster.node(0).endpoint();
 *     cluster.node(1).down();
 * }
 * </pre>
 * <p>
 * Each node answers like an Alternator node ({@code GET /}, {@code GET /localnodes},
 * {@code POST /}) and has fault switches, counters and a request log: see
 * {@link LocalAlternatorNode}.
 * <p>
 * <b>Requirements.</b>
 * <ul>
 * <li>Every {@code 127.0.0.x} address used must be a local loopback address. Linux routes
 * all of {@code 127.0.0.0/8} to the loopback interface. On macOS, add an alias per extra
 * address first, e.g. {@code sudo ifconfig lo0 alias 127.0.0.2 up}.</li>
 * <li>Node.js (with npm) on the {@code PATH}. dynalite {@value #DYNALITE_VERSION} is
 * installed automatically on first use with {@code npm install} into the directory named
 * by the system property {@value #DYNALITE_DIRECTORY_PROPERTY}, by default
 * {@code ~/.cache/alternator-test-support/dynalite-4.0.0}, and reused afterwards.</li>
 * </ul>
 * <p>
 * <b>Lifecycle.</b> {@link Builder#start()} returns once dynalite answers and every node
 * listens. {@link #close()} stops the nodes and the dynalite process; so do a JVM
 * shutdown hook and the {@linkplain Builder#maxLifetime(Duration) maximum lifetime} (15
 * minutes by default), so a forgotten cluster never outlives its test run.
 * <p>
 * Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class LocalAlternatorCluster implements AutoCloseable {

	/** Default {@linkplain Builder#maxLifetime(Duration) maximum lifetime}. */
	public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(15);

	/** Default {@linkplain Builder#requestLogLimit(int) request log limit} per node. */
	public static final int DEFAULT_REQUEST_LOG_LIMIT = 100_000;

	/** The dynalite version used as the DynamoDB backend. */
	public static final String DYNALITE_VERSION = DynaliteInstaller.VERSION;

	/** System property naming the directory where dynalite is (or gets) installed. */
	public static final String DYNALITE_DIRECTORY_PROPERTY = DynaliteInstaller.DIRECTORY_PROPERTY;

	/** Default {@linkplain Builder#placementSeed(long) placement seed}. */
	public static final long DEFAULT_PLACEMENT_SEED = 42L;

	/** Default {@linkplain Builder#vnodeTokens(int) number of vnode tokens} per node. */
	public static final int DEFAULT_VNODE_TOKENS = 16;

	/** Most {@linkplain Builder#vnodeTokens(int) vnode tokens} per node. */
	public static final int MAX_VNODE_TOKENS = 256;

	/** Default {@linkplain Builder#shardsPerNode(int) number of shards} per node. */
	public static final int DEFAULT_SHARDS_PER_NODE = 2;

	/** Most {@linkplain Builder#shardsPerNode(int) shards} per node. */
	public static final int MAX_SHARDS_PER_NODE = 256;

	/** Longest {@linkplain Builder#extraHopDelay(Duration) extra-hop delay}. */
	public static final Duration MAX_EXTRA_HOP_DELAY = Duration.ofSeconds(10);

	private static final Logger logger = Logs.logger("cluster");

	private static final int MAX_ADDRESS = 254;

	private static final int PORT_ATTEMPTS = 100;

	private final int port;

	private final int requestLogLimit;

	private final @Nullable ServerTls defaultTls;

	private final @Nullable DynaliteProcess dynalite;

	private final ApiBackend backend;

	private final @Nullable SigV4Verifier verifier;

	private final ClusterPlacement placement;

	private final List<LocalAlternatorNode> nodes = new CopyOnWriteArrayList<>();

	private final ScheduledThreadPoolExecutor scheduler;

	private final Thread shutdownHook;

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final CountDownLatch terminated = new CountDownLatch(1);

	/** Guarded by {@code this}. */
	private int highestAddress;

	private LocalAlternatorCluster(Builder builder, @Nullable DynaliteProcess dynalite, int port) {
		this.port = port;
		this.requestLogLimit = builder.requestLogLimit;
		this.defaultTls = (builder.tls != null) ? new ServerTls(builder.tls, builder.clientAuth) : null;
		this.dynalite = dynalite;
		this.backend = (dynalite != null) ? new DynaliteForwarder(dynalite.socketAddress()) : new InstantBackend();
		this.verifier = (builder.secretKeys != null) ? new SigV4Verifier(builder.secretKeys) : null;
		this.placement = new ClusterPlacement(builder.placementSeed, builder.vnodeTokens, builder.shardsPerNode,
				builder.defaultPlacement, builder.placements, builder.extraHopDelay, this::nodes);
		this.scheduler = new ScheduledThreadPoolExecutor(1, new DaemonThreads("alternator-local-cluster-lifetime-"));
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.shutdownHook = new Thread(() -> stop("JVM shutdown"), "alternator-local-cluster-shutdown");
	}

	/**
	 * A builder for a cluster.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The port every node listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The current nodes, in address order of creation (removed nodes excluded).
	 * @return an immutable snapshot
	 */
	public List<LocalAlternatorNode> nodes() {
		return List.copyOf(this.nodes);
	}

	/**
	 * A node by position in {@link #nodes()}.
	 * @param index the position, from 0
	 * @return the node
	 * @throws IndexOutOfBoundsException if there is no such node
	 */
	public LocalAlternatorNode node(int index) {
		return this.nodes.get(index);
	}

	/**
	 * A node by address.
	 * @param address the address, e.g. {@code 127.0.0.2}
	 * @return the node
	 * @throws IllegalArgumentException if no current node has that address
	 */
	public LocalAlternatorNode node(String address) {
		for (LocalAlternatorNode node : this.nodes) {
			if (node.address().equals(address)) {
				return node;
			}
		}
		throw new IllegalArgumentException("No node with address " + address + " in " + this);
	}

	/**
	 * The addresses of the current nodes, to use as seeds.
	 * @return an immutable list such as {@code [127.0.0.1, 127.0.0.2]}
	 */
	public List<String> seedHosts() {
		List<String> result = new ArrayList<>();
		for (LocalAlternatorNode node : this.nodes) {
			result.add(node.address());
		}
		return List.copyOf(result);
	}

	/**
	 * The dynalite server behind all nodes, for direct table setup in tests (it needs
	 * SigV4-signed requests; any credentials will do).
	 * @return {@code http://127.0.0.1:<dynalite port>}
	 * @throws IllegalStateException in {@linkplain Builder#instant(boolean) instant
	 * mode}, which has no dynalite server
	 */
	public URI dynamoDbEndpoint() {
		if (this.dynalite == null) {
			throw new IllegalStateException(
					"An instant-mode cluster has no dynalite server; create tables through a node");
		}
		return this.dynalite.endpoint();
	}

	/**
	 * Whether the nodes answer from memory instead of dynalite (see
	 * {@link Builder#instant(boolean)}).
	 * @return whether this is an instant-mode cluster
	 */
	public boolean isInstant() {
		return this.dynalite == null;
	}

	/**
	 * Adds a node at the next free address above the highest one this cluster has used
	 * (addresses of removed nodes are not reused), on the cluster's port, serving at
	 * once.
	 * @param datacenter the node's datacenter
	 * @param rack the node's rack
	 * @return the new node
	 * @throws IllegalStateException if the cluster is closed or no address up to
	 * {@code 127.0.0.254} can be bound
	 */
	public synchronized LocalAlternatorNode addNode(String datacenter, String rack) {
		Objects.requireNonNull(datacenter, "datacenter");
		Objects.requireNonNull(rack, "rack");
		ensureOpen();
		IOException lastFailure = null;
		for (int x = this.highestAddress + 1; x <= MAX_ADDRESS; x++) {
			InetAddress address = loopback(x);
			ServerSocket listener;
			try {
				listener = LocalAlternatorNode.bind(address, this.port);
			}
			catch (IOException ex) {
				lastFailure = ex;
				continue;
			}
			this.highestAddress = x;
			LocalAlternatorNode node = new LocalAlternatorNode(this, address, this.port, datacenter, rack,
					this.placement.identity(x), this.requestLogLimit, this.defaultTls);
			this.nodes.add(node);
			this.placement.topologyChanged();
			node.start(listener);
			logger.info("Added node {}:{} (dc={}, rack={})", node.address(), this.port, datacenter, rack);
			return node;
		}
		throw new IllegalStateException("No free 127.0.0.x address for port " + this.port + ": "
				+ ((lastFailure != null) ? lastFailure.getMessage() : "all addresses used"), lastFailure);
	}

	/**
	 * Stops a node for good and removes it from the cluster and from every
	 * {@code /localnodes} answer. Its counters and request log stay readable.
	 * @param node a node of this cluster
	 * @throws IllegalArgumentException if the node is not (or no longer) in this cluster
	 */
	public void removeNode(LocalAlternatorNode node) {
		if (!this.nodes.remove(node)) {
			throw new IllegalArgumentException(node + " is not a node of " + this);
		}
		this.placement.topologyChanged();
		node.close();
		logger.info("Removed node {}:{}", node.address(), this.port);
	}

	// ---- data placement

	/**
	 * Denies (or allows again) reads of the system tables
	 * ({@code .scylla.alternator.system.*} and
	 * {@code .scylla.alternator.system_schema.*}) on every node, like a server with
	 * {@code alternator_enforce_authorization} whose role has no {@code SELECT} grant on
	 * them: {@code Scan} and {@code Query} answer {@code 400 AccessDeniedException}.
	 * @param denied whether to deny
	 * @return this cluster
	 */
	public LocalAlternatorCluster denySystemTables(boolean denied) {
		this.placement.systemTablesDenied(denied);
		return this;
	}

	/**
	 * Delays every single-key request that reaches a node which is not a replica of its
	 * key (see {@link NodeStats#nonReplicaRequests()}), standing for the extra network
	 * hop a real coordinator takes to a replica.
	 * @param delay the delay, from {@link Duration#ZERO} (the default: counted only) to
	 * {@link #MAX_EXTRA_HOP_DELAY}
	 * @return this cluster
	 */
	public LocalAlternatorCluster extraHopDelay(Duration delay) {
		this.placement.extraHopDelay(validatedExtraHopDelay(delay));
		return this;
	}

	/**
	 * The id of a table, as {@code DescribeTable} returns it in {@code Table.TableId} and
	 * {@code system.tablets} in {@code table_id}. A table becomes known to the cluster
	 * when it is created, described or used through a node.
	 * @param table the table name
	 * @return the table id
	 * @throws IllegalArgumentException if the cluster does not know the table
	 */
	public UUID tableId(String table) {
		return knownTable(table).id;
	}

	/**
	 * The nodes that hold a token of a table for reads, in replica order: the tablet's
	 * replicas (its new replicas once a migration reads from them), or the vnode ring's
	 * {@code NetworkTopologyStrategy} replicas. Replicas that are no longer nodes of the
	 * cluster are left out.
	 * @param table the table name
	 * @param token the token, e.g. {@link AlternatorTokens#stringKeyToken(String)}
	 * @return the replica nodes
	 * @throws IllegalArgumentException if the cluster does not know the table
	 */
	public List<LocalAlternatorNode> replicas(String table, long token) {
		List<LocalAlternatorNode> result = new ArrayList<>();
		for (UUID hostId : this.placement.readReplicas(knownTable(table), token)) {
			for (LocalAlternatorNode node : this.nodes) {
				if (node.hostId().equals(hostId)) {
					result.add(node);
				}
			}
		}
		return List.copyOf(result);
	}

	/**
	 * The index of the tablet of a table that holds a token: the first whose last token
	 * is at least the token.
	 * @param table the table name
	 * @param token the token
	 * @return the tablet index, from 0
	 * @throws IllegalArgumentException if the cluster does not know the table or it uses
	 * vnodes
	 */
	public int tablet(String table, long token) {
		ClusterPlacement.TableState state = knownTable(table);
		List<ClusterPlacement.Tablet> tablets = this.placement.tabletsOf(state);
		if (tablets.isEmpty()) {
			throw new IllegalArgumentException("Table " + table + " uses vnodes, not tablets");
		}
		return ClusterPlacement.tabletIndex(tablets.toArray(new ClusterPlacement.Tablet[0]), token);
	}

	/**
	 * Starts moving one replica of a tablet to another node: {@code system.tablets} shows
	 * {@code new_replicas} (the replicas with {@code from} replaced by {@code to}),
	 * {@code stage} {@code allow_write_both_read_old} and {@code transition}
	 * {@code migration}. Advance it with {@link #advanceTabletMigration(String, int)}.
	 * @param table the table name
	 * @param tablet the tablet index
	 * @param from a node holding the tablet
	 * @param to a node not holding it
	 * @return the first stage
	 * @throws IllegalArgumentException if the table is unknown or uses vnodes, or the
	 * nodes do not fit
	 * @throws IndexOutOfBoundsException if there is no such tablet
	 * @throws IllegalStateException if the tablet is migrating already
	 */
	public String moveTablet(String table, int tablet, LocalAlternatorNode from, LocalAlternatorNode to) {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		return this.placement.startMigration(table, tablet, from, to);
	}

	/**
	 * Moves a tablet's migration to its next stage ({@code allow_write_both_read_old},
	 * {@code write_both_read_old}, {@code streaming}, {@code write_both_read_new},
	 * {@code use_new}, {@code cleanup}, {@code end_migration}); after the last stage the
	 * migration finishes: the new replicas become the replicas. Reads follow the new
	 * replicas from {@code write_both_read_new} on.
	 * @param table the table name
	 * @param tablet the tablet index
	 * @return the new stage, or {@code null} when the migration finished
	 * @throws IllegalStateException if the tablet is not migrating
	 */
	public @Nullable String advanceTabletMigration(String table, int tablet) {
		return this.placement.advanceMigration(table, tablet);
	}

	/**
	 * Finishes a tablet's migration at once: the new replicas become the replicas, and
	 * {@code new_replicas}, {@code stage} and {@code transition} are cleared.
	 * @param table the table name
	 * @param tablet the tablet index
	 * @throws IllegalStateException if the tablet is not migrating
	 */
	public void finishTabletMigration(String table, int tablet) {
		this.placement.finishMigration(table, tablet);
	}

	private ClusterPlacement.TableState knownTable(String table) {
		ClusterPlacement.TableState state = this.placement.table(Objects.requireNonNull(table, "table"));
		if (state == null) {
			throw new IllegalArgumentException(
					"Unknown table " + table + ": tables become known when created, described or used through a node");
		}
		return state;
	}

	private static Duration validatedExtraHopDelay(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative() || delay.compareTo(MAX_EXTRA_HOP_DELAY) > 0) {
			throw new IllegalArgumentException(
					"extraHopDelay must be between 0 and " + MAX_EXTRA_HOP_DELAY + ", got " + delay);
		}
		return delay;
	}

	/**
	 * Whether the cluster has stopped (nodes and dynalite), by {@link #close()}, the
	 * maximum lifetime or JVM shutdown.
	 * @return whether the cluster is closed
	 */
	public boolean isClosed() {
		return this.terminated.getCount() == 0;
	}

	/**
	 * Stops every node and the dynalite process. Idempotent.
	 */
	@Override
	public void close() {
		stop("closed");
	}

	@Override
	public String toString() {
		return "LocalAlternatorCluster{port=" + this.port + ", nodes=" + seedHosts() + ", backend="
				+ ((this.dynalite != null) ? this.dynalite.endpoint() : "instant") + ((isClosed()) ? ", closed" : "")
				+ "}";
	}

	// ---- package-private

	@Nullable SigV4Verifier verifier() {
		return this.verifier;
	}

	ApiBackend backend() {
		return this.backend;
	}

	ClusterPlacement placement() {
		return this.placement;
	}

	/**
	 * The addresses that {@code /localnodes} lists for a datacenter and optional rack.
	 */
	List<String> listedAddresses(String datacenter, @Nullable String rack) {
		List<String> result = new ArrayList<>();
		for (LocalAlternatorNode node : this.nodes) {
			if (node.isListed() && node.datacenter().equals(datacenter) && (rack == null || node.rack().equals(rack))) {
				result.add(node.address());
			}
		}
		return result;
	}

	/**
	 * Waits until the cluster is closed.
	 */
	void awaitClosed() throws InterruptedException {
		this.terminated.await();
	}

	long dynalitePid() {
		return Objects.requireNonNull(this.dynalite, "instant mode").pid();
	}

	boolean isDynaliteAlive() {
		return this.dynalite != null && this.dynalite.isAlive();
	}

	private void stop(String reason) {
		if (!this.stopping.compareAndSet(false, true)) {
			return;
		}
		try {
			for (LocalAlternatorNode node : this.nodes) {
				node.close();
			}
			this.backend.close();
			if (this.dynalite != null) {
				this.dynalite.close();
			}
			this.scheduler.shutdown();
			if (Thread.currentThread() != this.shutdownHook) {
				try {
					Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
				}
				catch (IllegalStateException ex) {
					// the JVM is shutting down already
				}
			}
		}
		finally {
			this.terminated.countDown();
		}
		logger.info("Local Alternator cluster on port {} stopped ({})", this.port, reason);
	}

	private void ensureOpen() {
		if (this.stopping.get()) {
			throw new IllegalStateException(this + " is closed");
		}
	}

	private static LocalAlternatorCluster start(Builder builder) throws IOException {
		List<InetAddress> addresses = new ArrayList<>();
		for (int i = 0; i < builder.nodes.size(); i++) {
			addresses.add(loopback(builder.firstAddress + i));
		}
		for (InetAddress address : addresses) {
			checkBindable(address);
		}
		// Bound before dynalite starts, so a port conflict costs nothing; connections
		// wait
		// in the backlog until the nodes start accepting.
		List<ServerSocket> listeners = bindAll(addresses, builder.port);
		DynaliteProcess dynalite = null;
		try {
			if (!builder.instant) {
				Path cli = DynaliteInstaller.configured().ensureInstalled();
				dynalite = DynaliteProcess.start(cli);
			}
		}
		catch (IOException | RuntimeException ex) {
			closeAll(listeners);
			throw ex;
		}
		int port = listeners.get(0).getLocalPort();
		LocalAlternatorCluster cluster = new LocalAlternatorCluster(builder, dynalite, port);
		try {
			cluster.open(builder, addresses, listeners);
		}
		catch (RuntimeException ex) {
			closeAll(listeners);
			cluster.stop("failed to start");
			throw ex;
		}
		return cluster;
	}

	private void open(Builder builder, List<InetAddress> addresses, List<ServerSocket> listeners) {
		synchronized (this) {
			for (int i = 0; i < addresses.size(); i++) {
				NodeSpec spec = builder.nodes.get(i);
				String address = addresses.get(i).getHostAddress();
				SSLContext context = builder.nodeTls.getOrDefault(address, builder.tls);
				ServerTls tls = (context != null) ? new ServerTls(context, builder.clientAuth) : null;
				LocalAlternatorNode node = new LocalAlternatorNode(this, addresses.get(i), this.port, spec.datacenter(),
						spec.rack(), this.placement.identity(builder.firstAddress + i), this.requestLogLimit, tls);
				this.nodes.add(node);
				node.start(listeners.get(i));
			}
			this.highestAddress = builder.firstAddress + addresses.size() - 1;
			this.placement.topologyChanged();
		}
		if (builder.stopOnJvmShutdown) {
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}
		this.scheduler.schedule(() -> {
			logger.warn("Local Alternator cluster on port {} reached its maximum lifetime of {}; stopping it",
					this.port, builder.maxLifetime);
			stop("maximum lifetime " + builder.maxLifetime + " reached");
		}, builder.maxLifetime.toMillis(), TimeUnit.MILLISECONDS);
		for (LocalAlternatorNode node : this.nodes) {
			logger.info("Alternator node {}:{} (dc={}, rack={})", node.address(), this.port, node.datacenter(),
					node.rack());
		}
		if (this.dynalite != null) {
			logger.info("Local Alternator cluster started: {} node(s) on port {}, dynalite at {} (pid {})",
					this.nodes.size(), this.port, this.dynalite.endpoint(), this.dynalite.pid());
		}
		else {
			logger.info("Local Alternator cluster started: {} node(s) on port {}, instant in-memory backend",
					this.nodes.size(), this.port);
		}
	}

	private static void checkBindable(InetAddress address) throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 1, address)) {
			probe.getLocalPort();
		}
		catch (IOException ex) {
			throw new IOException("Cannot bind " + address.getHostAddress() + ": the local Alternator cluster needs"
					+ " every 127.0.0.x address it uses to be a loopback address. Linux routes all of 127.0.0.0/8 to"
					+ " the loopback interface; on macOS add an alias first, e.g. 'sudo ifconfig lo0 alias "
					+ address.getHostAddress() + " up'. Cause: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Binds one listener per address on one port: the given port, or when it is 0 an
	 * ephemeral port that is free on every address.
	 */
	private static List<ServerSocket> bindAll(List<InetAddress> addresses, int port) throws IOException {
		for (int attempt = 1;; attempt++) {
			List<ServerSocket> listeners = new ArrayList<>();
			try {
				ServerSocket first = LocalAlternatorNode.bind(addresses.get(0), port);
				listeners.add(first);
				int chosen = first.getLocalPort();
				for (InetAddress address : addresses.subList(1, addresses.size())) {
					listeners.add(LocalAlternatorNode.bind(address, chosen));
				}
				return listeners;
			}
			catch (BindException ex) {
				closeAll(listeners);
				if (port != 0 || attempt >= PORT_ATTEMPTS) {
					throw new IOException("Cannot bind port " + ((port != 0) ? port : "(ephemeral)")
							+ " on every one of " + addresses + ": " + ex.getMessage(), ex);
				}
			}
			catch (IOException | RuntimeException ex) {
				closeAll(listeners);
				throw ex;
			}
		}
	}

	private static void closeAll(List<ServerSocket> sockets) {
		for (ServerSocket socket : sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	static InetAddress loopback(int lastOctet) {
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) lastOctet });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A node to create: its datacenter and rack.
	 */
	private record NodeSpec(String datacenter, String rack) {
	}

	/**
	 * Builds and starts a {@link LocalAlternatorCluster}. Not thread-safe: configure and
	 * start from one thread.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final List<NodeSpec> nodes = new ArrayList<>();

		private int port;

		private int firstAddress = 1;

		private @Nullable Map<String, String> secretKeys;

		private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

		private int requestLogLimit = DEFAULT_REQUEST_LOG_LIMIT;

		private boolean stopOnJvmShutdown = true;

		private @Nullable SSLContext tls;

		private final Map<String, SSLContext> nodeTls = new HashMap<>();

		private boolean clientAuth;

		private boolean instant;

		private long placementSeed = DEFAULT_PLACEMENT_SEED;

		private int vnodeTokens = DEFAULT_VNODE_TOKENS;

		private int shardsPerNode = DEFAULT_SHARDS_PER_NODE;

		private TablePlacement defaultPlacement = TablePlacement.vnodes();

		private final Map<String, TablePlacement> placements = new HashMap<>();

		private Duration extraHopDelay = Duration.ZERO;

		private Builder() {
		}

		/**
		 * The seed of everything random in data placement: host ids, vnode tokens, table
		 * ids and the tie-breaks of tablet allocation, so that the same cluster gets the
		 * same placement on every run.
		 * @param placementSeed any number, {@link #DEFAULT_PLACEMENT_SEED} by default
		 * @return this builder
		 */
		public Builder placementSeed(long placementSeed) {
			this.placementSeed = placementSeed;
			return this;
		}

		/**
		 * How many vnode tokens each node owns (random 64-bit tokens from the
		 * {@linkplain #placementSeed(long) seed}).
		 * @param vnodeTokens from 1 to {@value #MAX_VNODE_TOKENS},
		 * {@value #DEFAULT_VNODE_TOKENS} by default
		 * @return this builder
		 */
		public Builder vnodeTokens(int vnodeTokens) {
			if (vnodeTokens < 1 || vnodeTokens > MAX_VNODE_TOKENS) {
				throw new IllegalArgumentException(
						"vnodeTokens must be between 1 and " + MAX_VNODE_TOKENS + ", got " + vnodeTokens);
			}
			this.vnodeTokens = vnodeTokens;
			return this;
		}

		/**
		 * How many shards each node has; tablet replicas name a (host id, shard) pair.
		 * @param shardsPerNode from 1 to {@value #MAX_SHARDS_PER_NODE},
		 * {@value #DEFAULT_SHARDS_PER_NODE} by default
		 * @return this builder
		 */
		public Builder shardsPerNode(int shardsPerNode) {
			if (shardsPerNode < 1 || shardsPerNode > MAX_SHARDS_PER_NODE) {
				throw new IllegalArgumentException(
						"shardsPerNode must be between 1 and " + MAX_SHARDS_PER_NODE + ", got " + shardsPerNode);
			}
			this.shardsPerNode = shardsPerNode;
			return this;
		}

		/**
		 * The placement of every table without its own
		 * {@linkplain #placement(String, TablePlacement) placement}.
		 * @param placement the placement, {@link TablePlacement#vnodes()} by default
		 * @return this builder
		 */
		public Builder defaultPlacement(TablePlacement placement) {
			this.defaultPlacement = Objects.requireNonNull(placement, "placement");
			return this;
		}

		/**
		 * The placement of one table (its keyspace {@code alternator_
		 *
		<table>
		 * }), fixed when the table becomes known to the cluster.
		 * @param table the table name
		 * @param placement the placement
		 * @return this builder
		 */
		public Builder placement(String table, TablePlacement placement) {
			this.placements.put(Objects.requireNonNull(table, "table"), Objects.requireNonNull(placement, "placement"));
			return this;
		}

		/**
		 * The initial {@linkplain LocalAlternatorCluster#extraHopDelay(Duration)
		 * extra-hop delay}.
		 * @param delay from {@link Duration#ZERO} (the default) to
		 * {@link #MAX_EXTRA_HOP_DELAY}
		 * @return this builder
		 */
		public Builder extraHopDelay(Duration delay) {
			this.extraHopDelay = validatedExtraHopDelay(delay);
			return this;
		}

		/**
		 * Serves {@code https} on every node with this server context (key material and,
		 * for {@linkplain #clientAuth(boolean) client authentication}, the trusted CAs).
		 * Nodes added later with {@link LocalAlternatorCluster#addNode(String, String)}
		 * use it too. {@link TestCertificates} makes suitable contexts.
		 * @param serverContext the server context
		 * @return this builder
		 */
		public Builder tls(SSLContext serverContext) {
			this.tls = Objects.requireNonNull(serverContext, "serverContext");
			return this;
		}

		/**
		 * Serves {@code https} on one node with its own server context, e.g. a bad
		 * certificate on one node. Mixing {@code http} and {@code https} nodes is allowed
		 * but unlike any real cluster.
		 * @param address the node's address, e.g. {@code 127.0.0.2}
		 * @param serverContext the server context
		 * @return this builder
		 */
		public Builder tls(String address, SSLContext serverContext) {
			this.nodeTls.put(Objects.requireNonNull(address, "address"),
					Objects.requireNonNull(serverContext, "serverContext"));
			return this;
		}

		/**
		 * Whether TLS nodes require a client certificate (mutual TLS) trusted by their
		 * server context. Off by default.
		 * @param clientAuth whether to require client certificates
		 * @return this builder
		 */
		public Builder clientAuth(boolean clientAuth) {
			this.clientAuth = clientAuth;
			return this;
		}

		/**
		 * Instant mode: the nodes answer from memory ({@code CreateTable},
		 * {@code DescribeTable}, {@code ListTables}, {@code PutItem}, {@code GetItem},
		 * {@code DeleteItem} by partition key, no conditions; other operations answer
		 * {@code {}}) instead of forwarding to dynalite, and no dynalite process (nor
		 * Node.js) is needed. For load runs that measure the client side; use the default
		 * (dynalite) for DynamoDB semantics.
		 * @param instant whether to answer from memory
		 * @return this builder
		 */
		public Builder instant(boolean instant) {
			this.instant = instant;
			return this;
		}

		/**
		 * Adds a node; the n-th node added gets address
		 * {@code 127.0.0.<firstAddress + n>}.
		 * @param datacenter the node's datacenter
		 * @param rack the node's rack
		 * @return this builder
		 */
		public Builder node(String datacenter, String rack) {
			Objects.requireNonNull(datacenter, "datacenter");
			Objects.requireNonNull(rack, "rack");
			this.nodes.add(new NodeSpec(datacenter, rack));
			return this;
		}

		/**
		 * The port every node listens on.
		 * @param port a port, or 0 (the default) for an ephemeral port free on every node
		 * address
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * The last octet of the first node's address.
		 * @param firstAddress from 1 (the default, {@code 127.0.0.1}) to 254
		 * @return this builder
		 */
		public Builder firstAddress(int firstAddress) {
			if (firstAddress < 1 || firstAddress > MAX_ADDRESS) {
				throw new IllegalArgumentException("firstAddress must be between 1 and 254, got " + firstAddress);
			}
			this.firstAddress = firstAddress;
			return this;
		}

		/**
		 * Enforces SigV4 authentication on API requests, like
		 * {@code alternator_enforce_authorization: true}: a request must be signed with
		 * one of the given keys for the node's own {@code Host} ({@code address:port}),
		 * else it gets a {@code 400}. Off by default.
		 * @param secretKeys secret access keys by access key id
		 * @return this builder
		 */
		public Builder verifySignatures(Map<String, String> secretKeys) {
			this.secretKeys = Map.copyOf(secretKeys);
			return this;
		}

		/**
		 * How long the cluster may live: it closes itself after that time even if nobody
		 * closes it.
		 * @param maxLifetime a positive duration, {@link #DEFAULT_MAX_LIFETIME} by
		 * default
		 * @return this builder
		 */
		public Builder maxLifetime(Duration maxLifetime) {
			Objects.requireNonNull(maxLifetime, "maxLifetime");
			if (maxLifetime.isNegative() || maxLifetime.isZero()) {
				throw new IllegalArgumentException("maxLifetime must be positive, got " + maxLifetime);
			}
			this.maxLifetime = maxLifetime;
			return this;
		}

		/**
		 * How many requests each node keeps in its
		 * {@linkplain LocalAlternatorNode#requests() request log}; older ones are
		 * dropped.
		 * @param requestLogLimit 0 or more, {@link #DEFAULT_REQUEST_LOG_LIMIT} by default
		 * @return this builder
		 */
		public Builder requestLogLimit(int requestLogLimit) {
			if (requestLogLimit < 0) {
				throw new IllegalArgumentException("requestLogLimit must not be negative, got " + requestLogLimit);
			}
			this.requestLogLimit = requestLogLimit;
			return this;
		}

		/**
		 * Whether a JVM shutdown hook stops the cluster (the default). Turn it off when
		 * something else stops it in order — for example an application's own shutdown,
		 * so that the application stops before the nodes it talks to; JVM shutdown hooks
		 * run concurrently.
		 * @param stopOnJvmShutdown whether to register the hook
		 * @return this builder
		 */
		public Builder stopOnJvmShutdown(boolean stopOnJvmShutdown) {
			this.stopOnJvmShutdown = stopOnJvmShutdown;
			return this;
		}

		/**
		 * Installs dynalite if needed, starts it and the nodes, and returns once all of
		 * them answer.
		 * @return the running cluster; close it when done
		 * @throws IllegalStateException if no node was added, or the addresses go past
		 * {@code 127.0.0.254}
		 * @throws UncheckedIOException if Node.js or npm is missing, an address cannot be
		 * bound, or dynalite does not start
		 */
		public LocalAlternatorCluster start() {
			if (this.nodes.isEmpty()) {
				throw new IllegalStateException("Add at least one node");
			}
			if (this.firstAddress + this.nodes.size() - 1 > MAX_ADDRESS) {
				throw new IllegalStateException(this.nodes.size() + " nodes from 127.0.0." + this.firstAddress
						+ " go past 127.0.0." + MAX_ADDRESS);
			}
			try {
				return LocalAlternatorCluster.start(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex.getMessage(), ex);
			}
		}

	}

}
