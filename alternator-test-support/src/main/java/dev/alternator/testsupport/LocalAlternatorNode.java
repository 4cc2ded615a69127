package dev.alternator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One emulated Alternator node of a {@link LocalAlternatorCluster}: an HTTP/1.1 server on
 * {@code 127.0.0.x:port} answering like a ScyllaDB Alternator node ({@code GET /} health,
 * {@code GET /localnodes} discovery, {@code POST /} DynamoDB API forwarded to the
 * cluster's shared dynalite), with fault switches, counters and a request log.
 * <p>
 * <b>Fault switches</b> take effect immediately, also for requests in flight:
 * <ul>
 * <li>{@link #down()} kills the node: every open connection is reset (TCP RST), in-flight
 * requests included, and the listening socket is closed, so new connections are refused.
 * {@link #up()} binds the same address and port again.</li>
 * <li>{@link #reject()} keeps listening but reads each request head, records it as a
 * rejected attempt and resets the connection without answering.</li>
 * <li>{@link #hang()} reads requests and never answers, until the faults are cleared or
 * the cluster closes; then the connection is closed.</li>
 * <li>{@link #slow(Duration)} delays every answer; {@link #failWith(int)} answers every
 * API request with an error status; {@link #failAfterApplying(int)} and
 * {@link #hangAfterApplying(boolean)} apply every API request, then answer it with an
 * error status or never answer it — a write whose outcome the client cannot know;
 * {@link #unlisted(boolean)} hides the node from {@code /localnodes};
 * {@link #localNodesOverride(String)} and {@link #localNodesDelay(Duration)} change this
 * node's own {@code /localnodes} answer.</li>
 * </ul>
 * The connection mode is one of serving, down, rejecting or hanging: {@link #up()},
 * {@link #down()}, {@link #reject()} and {@link #hang()} switch between them, leaving the
 * other switches as they are; {@link #clearFaults()} resets everything.
 * <p>
 * A node is <em>up</em> (listed by {@code /localnodes}, like a gossip-alive node) while
 * it serves or hangs; a down or rejecting node counts as dead.
 * <p>
 * <b>Request log.</b> {@link #requests()} returns the last requests received, at most the
 * cluster's request log limit (100 000 by default), oldest first.
 * <p>
 * Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class LocalAlternatorNode {

	private static final Logger logger = Logs.logger("node");

	private static final int MAX_CONNECTION_THREADS = 512;

	private static final int BACKLOG = 128;

	private final LocalAlternatorCluster cluster;

	private final InetAddress inetAddress;

	private final String address;

	private final int port;

	private final String datacenter;

	private final String rack;

	private final ClusterPlacement.NodeIdentity identity;

	private volatile boolean bootstrapping;

	private final URI endpoint;

	private final String hostHeader;

	private final NodeRecorder recorder;

	private final ThreadPoolExecutor connectionThreads;

	private final AtomicInteger acceptorCount = new AtomicInteger();

	private final Set<NodeConnection> connections = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	/** Written under {@link #lock}. */
	private volatile Mode mode = Mode.SERVING;

	/** Written under {@link #lock}. */
	private volatile boolean closed;

	/** Guarded by {@link #lock}. */
	private @Nullable ServerSocket listener;

	/** Guarded by {@link #lock}. */
	private @Nullable Thread acceptor;

	private volatile Duration delay = Duration.ZERO;

	private volatile int failStatus;

	private volatile int failAfterApplyingStatus;

	/** Written under {@link #lock}. */
	private volatile boolean hangAfterApplying;

	private volatile boolean unlisted;

	private volatile @Nullable String localNodesOverride;

	private volatile Duration localNodesDelay = Duration.ZERO;

	private final @Nullable ServerTls tls;

	private final int handshakeLogLimit;

	/** Guarded by itself. */
	private final List<TlsHandshake> handshakes = new ArrayList<>();

	LocalAlternatorNode(LocalAlternatorCluster cluster, InetAddress inetAddress, int port, String datacenter,
			String rack, ClusterPlacement.NodeIdentity identity, int requestLogLimit, @Nullable ServerTls tls) {
		this.tls = tls;
		this.identity = identity;
		this.handshakeLogLimit = requestLogLimit;
		this.cluster = cluster;
		this.inetAddress = inetAddress;
		this.address = inetAddress.getHostAddress();
		this.port = port;
		this.datacenter = datacenter;
		this.rack = rack;
		this.endpoint = URI.create(((tls != null) ? "https://" : "http://") + this.address + ":" + port);
		this.hostHeader = this.address + ":" + port;
		this.recorder = new NodeRecorder(requestLogLimit);
		this.connectionThreads = new ThreadPoolExecutor(0, MAX_CONNECTION_THREADS, 30, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new DaemonThreads("alternator-local-node-" + this.address + "-connection-"));
	}

	/**
	 * The node's IPv4 address, e.g. {@code 127.0.0.2}, as {@code /localnodes} lists it.
	 * @return the address
	 */
	public String address() {
		return this.address;
	}

	/**
	 * The port, the same for every node of the cluster.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The node's datacenter.
	 * @return the datacenter name
	 */
	public String datacenter() {
		return this.datacenter;
	}

	/**
	 * The node's rack.
	 * @return the rack name
	 */
	public String rack() {
		return this.rack;
	}

	/**
	 * The node's host id, as {@code system.local} and {@code system.peers} show it and
	 * tablet replicas name it: drawn from the cluster's
	 * {@linkplain LocalAlternatorCluster.Builder#placementSeed(long) placement seed} and
	 * the node's address, so the same on every run.
	 * @return the host id
	 */
	public UUID hostId() {
		return this.identity.hostId();
	}

	/**
	 * The node's vnode tokens, drawn like the host id; the ring owns them while the node
	 * is not {@linkplain #bootstrapping(boolean) bootstrapping}.
	 * @return the tokens, sorted
	 */
	public List<Long> tokens() {
		return this.identity.tokens();
	}

	/**
	 * Makes the node look like one that is joining the cluster: its {@code system.local}
	 * and {@code system.peers} rows have no {@code tokens} ({@code bootstrapped} is
	 * {@code IN_PROGRESS} locally), it owns no part of the vnode ring and new tablet maps
	 * leave it out. The node keeps serving requests, like a coordinator.
	 * @param bootstrapping whether the node is bootstrapping
	 * @return this node
	 */
	public LocalAlternatorNode bootstrapping(boolean bootstrapping) {
		this.bootstrapping = bootstrapping;
		this.cluster.placement().topologyChanged();
		return this;
	}

	/**
	 * Whether the node is {@linkplain #bootstrapping(boolean) bootstrapping}.
	 * @return whether the node is bootstrapping
	 */
	public boolean isBootstrapping() {
		return this.bootstrapping;
	}

	/**
	 * The node's endpoint.
	 * @return {@code http://<address>:<port>}, or {@code https://...} when the node
	 * serves TLS
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Whether the node is alive as gossip would see it: serving or hanging, not down,
	 * rejecting, removed or closed.
	 * @return whether the node is up
	 */
	public boolean isUp() {
		Mode current = this.mode;
		return !this.closed && (current == Mode.SERVING || current == Mode.HANGING);
	}

	/**
	 * Whether {@code /localnodes} lists this node: it is up and not
	 * {@linkplain #unlisted(boolean) unlisted}.
	 * @return whether the node is listed
	 */
	public boolean isListed() {
		return isUp() && !this.unlisted;
	}

	/**
	 * Kills the node: resets every open connection with a TCP RST (requests in flight
	 * included) and closes the listening socket, so connections are refused.
	 * @return this node
	 * @throws IllegalStateException if the node was removed or the cluster closed
	 */
	public LocalAlternatorNode down() {
		Thread stoppedAcceptor;
		synchronized (this.lock) {
			ensureOpen();
			this.mode = Mode.DOWN;
			stoppedAcceptor = closeListener();
			resetConnections();
			this.lock.notifyAll();
		}
		awaitStopped(stoppedAcceptor);
		logger.debug("{} down", this.hostHeader);
		return this;
	}

	/**
	 * Serves normally again: binds the same address and port (with {@code SO_REUSEADDR})
	 * if the node was down, and leaves rejecting or hanging mode. Delay, failure status,
	 * listing and {@code /localnodes} overrides stay as set.
	 * @return this node
	 * @throws IllegalStateException if the node was removed or the cluster closed
	 * @throws UncheckedIOException if the address and port cannot be bound again
	 */
	public LocalAlternatorNode up() {
		switchMode(Mode.SERVING, false);
		return this;
	}

	/**
	 * Rejects connections while listening, so attempts can be counted: open connections
	 * are reset, and each new request head is read, recorded as a rejected attempt, and
	 * answered with a TCP RST.
	 * @return this node
	 * @throws IllegalStateException if the node was removed or the cluster closed
	 * @throws UncheckedIOException if the node was down and cannot be bound again
	 */
	public LocalAlternatorNode reject() {
		switchMode(Mode.REJECTING, true);
		return this;
	}

	/**
	 * Black-holes the node: connections are accepted and requests read, but never
	 * answered, until the faults are cleared (then those connections are closed) or the
	 * cluster closes. Requests already being handled hang before their answer.
	 * @return this node
	 * @throws IllegalStateException if the node was removed or the cluster closed
	 * @throws UncheckedIOException if the node was down and cannot be bound again
	 */
	public LocalAlternatorNode hang() {
		switchMode(Mode.HANGING, false);
		return this;
	}

	/**
	 * Delays every answer (API, health and {@code /localnodes}) by the given time.
	 * @param delay the delay, {@link Duration#ZERO} for none
	 * @return this node
	 */
	public LocalAlternatorNode slow(Duration delay) {
		this.delay = requireNonNegative(delay, "delay");
		return this;
	}

	/**
	 * Answers every API request ({@code POST /}) with the given status and a server-like
	 * error body, without passing it to the backend: {@code InternalServerError} for 5xx,
	 * {@code ThrottlingException} for 503 and 429, {@code ValidationException} for other
	 * 4xx. Health and {@code /localnodes} answer normally.
	 * @param status an HTTP status from 400 to 599, or {@code 0} to stop failing
	 * @return this node
	 */
	public LocalAlternatorNode failWith(int status) {
		if (status != 0 && (status < 400 || status > 599)) {
			throw new IllegalArgumentException("status must be 0 or between 400 and 599, got " + status);
		}
		this.failStatus = status;
		return this;
	}

	/**
	 * Passes every API request ({@code POST /}) to the backend, which applies it, then
	 * answers it with the given status and a server-like error body instead of the
	 * backend's answer: the client sees a failure of a request that was applied.
	 * @param status an HTTP status from 400 to 599, or {@code 0} to answer normally again
	 * @return this node
	 */
	public LocalAlternatorNode failAfterApplying(int status) {
		if (status != 0 && (status < 400 || status > 599)) {
			throw new IllegalArgumentException("status must be 0 or between 400 and 599, got " + status);
		}
		this.failAfterApplyingStatus = status;
		return this;
	}

	/**
	 * Passes every API request to the backend, which applies it, then never answers it,
	 * until this switch is turned off, the faults are cleared or the cluster closes; then
	 * the connection is closed. The client's attempt times out on a request that was
	 * applied.
	 * @param hang whether to hang after applying
	 * @return this node
	 */
	public LocalAlternatorNode hangAfterApplying(boolean hang) {
		synchronized (this.lock) {
			this.hangAfterApplying = hang;
			this.lock.notifyAll();
		}
		return this;
	}

	/**
	 * Hides the node from (or shows it again in) every {@code /localnodes} answer; the
	 * node keeps serving.
	 * @param unlisted whether to hide the node
	 * @return this node
	 */
	public LocalAlternatorNode unlisted(boolean unlisted) {
		this.unlisted = unlisted;
		return this;
	}

	/**
	 * Makes this node answer {@code /localnodes} with the given raw body (status 200,
	 * {@code application/json}), whatever the query.
	 * @param rawBody the body, e.g. {@code []} or something that is not JSON;
	 * {@code null} to answer normally again
	 * @return this node
	 */
	public LocalAlternatorNode localNodesOverride(@Nullable String rawBody) {
		this.localNodesOverride = rawBody;
		return this;
	}

	/**
	 * Delays this node's {@code /localnodes} answers (on top of any {@link #slow} delay).
	 * @param delay the delay, {@link Duration#ZERO} for none
	 * @return this node
	 */
	public LocalAlternatorNode localNodesDelay(Duration delay) {
		this.localNodesDelay = requireNonNegative(delay, "delay");
		return this;
	}

	/**
	 * Clears every fault: serving mode (listening again if down), no delays, no failure
	 * status, listed, no {@code /localnodes} override, not bootstrapping. Hanging
	 * connections are closed.
	 * @return this node
	 * @throws IllegalStateException if the node was removed or the cluster closed
	 * @throws UncheckedIOException if the node was down and cannot be bound again
	 */
	public LocalAlternatorNode clearFaults() {
		this.delay = Duration.ZERO;
		this.failStatus = 0;
		this.failAfterApplyingStatus = 0;
		hangAfterApplying(false);
		this.unlisted = false;
		this.localNodesOverride = null;
		this.localNodesDelay = Duration.ZERO;
		bootstrapping(false);
		switchMode(Mode.SERVING, false);
		return this;
	}

	/**
	 * A consistent snapshot of the node's counters.
	 * @return the counters
	 */
	public NodeStats stats() {
		return this.recorder.snapshot();
	}

	/**
	 * The requests the node received, oldest first, at most the cluster's request log
	 * limit (the oldest are dropped first).
	 * @return an immutable copy of the request log
	 */
	public List<RecordedRequest> requests() {
		return this.recorder.requests();
	}

	/**
	 * Clears the counters and the request log.
	 */
	public void resetStats() {
		this.recorder.reset();
	}

	@Override
	public String toString() {
		return "LocalAlternatorNode{" + this.hostHeader + ", dc=" + this.datacenter + ", rack=" + this.rack + ", "
				+ ((this.closed) ? "closed" : this.mode.name().toLowerCase(Locale.ROOT)) + "}";
	}

	/**
	 * Whether the node serves {@code https}.
	 * @return whether TLS is on
	 */
	public boolean isTls() {
		return this.tls != null;
	}

	/**
	 * The TLS handshakes of this node, oldest first (at most the request log limit);
	 * empty for a plain {@code http} node.
	 * @return a snapshot of the handshakes
	 */
	public List<TlsHandshake> tlsHandshakes() {
		synchronized (this.handshakes) {
			return List.copyOf(this.handshakes);
		}
	}

	// ---- package-private, used by the cluster and the connection handlers

	@Nullable ServerTls tls() {
		return this.tls;
	}

	void recordHandshake(TlsHandshake handshake) {
		synchronized (this.handshakes) {
			if (this.handshakeLogLimit == 0) {
				return;
			}
			if (this.handshakes.size() >= this.handshakeLogLimit) {
				this.handshakes.remove(0);
			}
			this.handshakes.add(handshake);
		}
	}

	/**
	 * Starts serving on a listening socket bound by the cluster.
	 */
	void start(ServerSocket boundListener) {
		synchronized (this.lock) {
			this.listener = boundListener;
			startAcceptor(boundListener);
		}
	}

	/**
	 * Stops the node for good: closes the listener and every connection, releases hanging
	 * requests, stops the connection threads.
	 */
	void close() {
		Thread stoppedAcceptor;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			stoppedAcceptor = closeListener();
			this.lock.notifyAll();
		}
		awaitStopped(stoppedAcceptor);
		for (NodeConnection connection : this.connections) {
			connection.close();
		}
		this.connectionThreads.shutdownNow();
	}

	boolean isClosed() {
		return this.closed;
	}

	Mode mode() {
		return this.mode;
	}

	Duration delay() {
		return this.delay;
	}

	int failStatus() {
		return this.failStatus;
	}

	int failAfterApplyingStatus() {
		return this.failAfterApplyingStatus;
	}

	boolean hangsAfterApplying() {
		return this.hangAfterApplying;
	}

	/**
	 * Blocks while the node hangs after applying; returns when that switch is turned off,
	 * the node closes, or the thread is interrupted.
	 */
	void awaitHangAfterApplyingEnd() {
		synchronized (this.lock) {
			try {
				while (this.hangAfterApplying && !this.closed && this.mode != Mode.DOWN
						&& this.mode != Mode.REJECTING) {
					this.lock.wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Nullable String localNodesOverrideBody() {
		return this.localNodesOverride;
	}

	Duration localNodesDelayValue() {
		return this.localNodesDelay;
	}

	String hostHeader() {
		return this.hostHeader;
	}

	LocalAlternatorCluster cluster() {
		return this.cluster;
	}

	void recordKeyOwnership(boolean replica) {
		this.recorder.recordKeyOwnership(replica);
	}

	void record(RecordedRequest request, long receivedBytes, long sentBytes) {
		this.recorder.record(request, receivedBytes, sentBytes);
	}

	void addBytes(long receivedBytes, long sentBytes) {
		this.recorder.addBytes(receivedBytes, sentBytes);
	}

	/**
	 * Blocks while the node hangs; returns when the faults change, the node closes, or
	 * the thread is interrupted.
	 */
	void awaitHangEnd() {
		synchronized (this.lock) {
			try {
				while (this.mode == Mode.HANGING && !this.closed) {
					this.lock.wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Waits for an answer delay; returns early when the node dies (down, rejecting,
	 * closed), so that the request is given up at once.
	 */
	void awaitDelay(Duration wait) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		synchronized (this.lock) {
			while (!this.closed && this.mode != Mode.DOWN && this.mode != Mode.REJECTING) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return;
				}
				TimeUnit.NANOSECONDS.timedWait(this.lock, remaining);
			}
		}
	}

	void unregister(NodeConnection connection) {
		this.connections.remove(connection);
	}

	/**
	 * Binds a listening socket with {@code SO_REUSEADDR}.
	 */
	static ServerSocket bind(InetAddress address, int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		try {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(address, port), BACKLOG);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private void switchMode(Mode newMode, boolean resetOpenConnections) {
		synchronized (this.lock) {
			ensureOpen();
			if (this.listener == null) {
				try {
					ServerSocket rebound = bind(this.inetAddress, this.port);
					this.listener = rebound;
					startAcceptor(rebound);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot bind " + this.hostHeader + " again", ex);
				}
			}
			this.mode = newMode;
			if (resetOpenConnections) {
				resetConnections();
			}
			this.lock.notifyAll();
		}
		logger.debug("{} {}", this.hostHeader, newMode);
	}

	private void startAcceptor(ServerSocket serverSocket) {
		String name = "alternator-local-node-" + this.address + "-acceptor-" + this.acceptorCount.incrementAndGet();
		this.acceptor = DaemonThreads.start(name, () -> accept(serverSocket), true);
	}

	private void accept(ServerSocket serverSocket) {
		while (true) {
			Socket socket;
			try {
				socket = serverSocket.accept();
			}
			catch (IOException ex) {
				if (serverSocket.isClosed()) {
					return;
				}
				// e.g. out of file descriptors: keep listening, a little later
				logger.warn("{} failed to accept a connection: {}", this.hostHeader, ex.toString());
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				continue;
			}
			NodeConnection connection = new NodeConnection(this, socket);
			synchronized (this.lock) {
				if (this.closed || this.mode == Mode.DOWN || this.listener != serverSocket) {
					connection.reset();
					continue;
				}
				this.connections.add(connection);
			}
			try {
				this.connectionThreads.execute(connection);
			}
			catch (RejectedExecutionException ex) {
				this.connections.remove(connection);
				connection.reset();
				if (!this.closed) {
					logger.warn("{} has {} connection threads busy, connection reset", this.hostHeader,
							MAX_CONNECTION_THREADS);
				}
			}
		}
	}

	/**
	 * Closes the listening socket; returns its acceptor thread, to be awaited outside the
	 * lock.
	 */
	private @Nullable Thread closeListener() {
		ServerSocket current = this.listener;
		Thread stoppedAcceptor = this.acceptor;
		this.listener = null;
		this.acceptor = null;
		if (current != null) {
			closeQuietly(current);
		}
		return stoppedAcceptor;
	}

	/**
	 * Waits for an acceptor thread to leave {@code accept()}: only then has the kernel
	 * really closed the listening socket, so that new connections are refused.
	 */
	private static void awaitStopped(@Nullable Thread stoppedAcceptor) {
		if (stoppedAcceptor == null || stoppedAcceptor == Thread.currentThread()) {
			return;
		}
		try {
			stoppedAcceptor.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void resetConnections() {
		for (NodeConnection connection : this.connections) {
			connection.reset();
		}
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException(this + " was removed or its cluster is closed");
		}
	}

	private static Duration requireNonNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, got " + duration);
		}
		return duration;
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * How the node treats connections.
	 */
	enum Mode {

		/** Answers requests. */
		SERVING,

		/** Not listening; connections refused. */
		DOWN,

		/** Listening; each request head is read, then the connection is reset. */
		REJECTING,

		/** Listening; requests are read but never answered. */
		HANGING

	}

}
