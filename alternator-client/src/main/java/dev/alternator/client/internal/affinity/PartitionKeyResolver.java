package dev.alternator.client.internal.affinity;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.Ticker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Partition-key (HASH attribute) names by table: the preloaded ones from the
 * configuration, others discovered in the background with {@code DescribeTable}.
 * <p>
 * {@link #partitionKey(String)} never blocks: an unknown table returns {@code null} (the
 * request routes normally) and schedules a lookup. Lookups run on one daemon worker
 * thread; at most {@value #QUEUE_CAPACITY} tables wait or run at once (more are not
 * scheduled), at most one lookup per table is in flight. A lookup is tried up to
 * {@value #MAX_ATTEMPTS} times with a backoff of 100 ms doubling to at most 2 s, ±20 %
 * jitter. Permanent failures (table not found, HTTP 403, {@code AccessDeniedException},
 * {@code ValidationException}, any other 4xx except 429, no HASH key) suppress lookups of
 * that table for {@link #COOLDOWN}; transient failures do not. Only successes are cached.
 * <p>
 * Both lookup maps are bounded, so that an application using many table names (or a
 * caller sending arbitrary ones) cannot grow them without limit: at most
 * {@value #MAX_TABLES} discovered partition keys are kept, besides the preloaded ones,
 * which are never evicted; when full, the oldest discovered entry is evicted (its table
 * is looked up again when next used). At most {@value #MAX_TABLES} tables are cooling
 * down; when full, expired cooldowns are dropped first, then the one ending soonest.
 * {@link #close()} waits 5 s for a running lookup, then interrupts it.
 * <p>
 * Thread-safe.
 */
public final class PartitionKeyResolver implements AutoCloseable {

	static final int QUEUE_CAPACITY = 64;

	/**
	 * Most discovered partition keys kept, and most tables cooling down at once.
	 */
	static final int MAX_TABLES = 1024;

	static final int MAX_ATTEMPTS = 4;

	public static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	static final double JITTER = 0.2;

	static final Duration COOLDOWN = Duration.ofMinutes(5);

	static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

	private static final Logger logger = Logging.LOGGER;

	/**
	 * Reads a table's HASH attribute name.
	 */
	@FunctionalInterface
	interface Lookup {

		/**
		 * Describes a table.
		 * @param table the table name
		 * @return the HASH attribute name, or {@code null} if the schema has none
		 * @throws Exception when the lookup failed
		 */
		@Nullable String hashKey(String table) throws Exception;

	}

	private final Map<String, String> known = new ConcurrentHashMap<>();

	private final Map<String, Long> cooldownUntil = new ConcurrentHashMap<>();

	/**
	 * Discovered tables, oldest first; only the worker thread touches it.
	 */
	private final Deque<String> discoveredOrder = new ArrayDeque<>();

	private final Set<String> preloaded;

	private final int maxTables;

	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong lookups = new AtomicLong();

	private final Lookup lookup;

	private final Ticker ticker;

	private final RandomGenerator random;

	private final Duration initialBackoff;

	private final ScheduledThreadPoolExecutor worker;

	private volatile boolean closed;

	/**
	 * Creates a resolver; the worker thread starts with the first lookup.
	 * @param preloaded table name to HASH attribute name
	 * @param lookup how to discover a table's HASH attribute
	 * @param ticker time source for the cooldown
	 * @param random jitter source
	 * @param initialBackoff the first retry delay ({@link #INITIAL_BACKOFF} in
	 * production)
	 * @param threadName the worker thread's name
	 */
	public PartitionKeyResolver(Map<String, String> preloaded, Lookup lookup, Ticker ticker, RandomGenerator random,
			Duration initialBackoff, String threadName) {
		this(preloaded, lookup, ticker, random, initialBackoff, threadName, MAX_TABLES);
	}

	/**
	 * Creates a resolver with another bound on its maps (tests).
	 * @param preloaded table name to HASH attribute name
	 * @param lookup how to discover a table's HASH attribute
	 * @param ticker time source for the cooldown
	 * @param random jitter source
	 * @param initialBackoff the first retry delay
	 * @param threadName the worker thread's name
	 * @param maxTables most discovered keys kept, and most tables cooling down
	 */
	public PartitionKeyResolver(Map<String, String> preloaded, Lookup lookup, Ticker ticker, RandomGenerator random,
			Duration initialBackoff, String threadName, int maxTables) {
		this.known.putAll(preloaded);
		this.preloaded = Set.copyOf(preloaded.keySet());
		this.maxTables = maxTables;
		this.lookup = lookup;
		this.ticker = ticker;
		this.random = random;
		this.initialBackoff = initialBackoff;
		this.worker = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.worker.setRemoveOnCancelPolicy(true);
		this.worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	/**
	 * The partition-key attribute of a table, if known; otherwise schedules its discovery
	 * (unless one is in flight, the table is cooling down after a permanent failure, or
	 * the queue is full) and returns {@code null} at once.
	 * @param table the table name
	 * @return the attribute name, or {@code null} when not known (yet)
	 */
	@Nullable String partitionKey(String table) {
		String key = this.known.get(table);
		if (key == null) {
			schedule(table);
		}
		return key;
	}

	/**
	 * How many lookups were started (attempts included), for tests.
	 * @return the count
	 */
	long lookups() {
		return this.lookups.get();
	}

	/**
	 * Whether the table waits for or runs a lookup, for tests.
	 * @param table the table
	 * @return whether in flight
	 */
	boolean inFlight(String table) {
		return this.inFlight.contains(table);
	}

	/**
	 * How many partition keys are known, preloaded ones included, for tests.
	 * @return the count
	 */
	int knownTables() {
		return this.known.size();
	}

	/**
	 * How many tables are cooling down after a permanent failure, for tests.
	 * @return the count
	 */
	int coolingDownTables() {
		return this.cooldownUntil.size();
	}

	private void schedule(String table) {
		if (this.closed) {
			return;
		}
		Long until = this.cooldownUntil.get(table);
		if (until != null) {
			if (this.ticker.now() - until < 0) {
				return;
			}
			this.cooldownUntil.remove(table, until);
		}
		if (!this.inFlight.add(table)) {
			return;
		}
		if (this.pending.incrementAndGet() > QUEUE_CAPACITY) {
			logger.debug("Partition-key lookup of table {} not scheduled: {} lookups pending", table, QUEUE_CAPACITY);
			finish(table);
			return;
		}
		try {
			this.worker.execute(() -> attempt(table, 1));
		}
		catch (RejectedExecutionException ex) {
			finish(table);
		}
	}

	private void attempt(String table, int attempt) {
		if (this.closed) {
			finish(table);
			return;
		}
		this.lookups.incrementAndGet();
		try {
			String key = this.lookup.hashKey(table);
			if (key == null || key.isEmpty()) {
				permanentFailure(table, "its key schema has no HASH key");
				return;
			}
			remember(table, key);
			logger.debug("Table {} has partition key {}", table, key);
			finish(table);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (this.closed) {
				finish(table);
				return;
			}
			if (isPermanent(ex)) {
				permanentFailure(table, ex.toString());
				return;
			}
			if (attempt >= MAX_ATTEMPTS) {
				logger.warn(
						"Could not read the partition key of table {} after {} attempts ({}); "
								+ "its writes route without key affinity until a later lookup succeeds",
						table, attempt, ex.toString());
				finish(table);
				return;
			}
			long delay = backoffNanos(attempt);
			logger.debug("Partition-key lookup of table {} failed ({}); retrying in {} ms", table, ex.toString(),
					TimeUnit.NANOSECONDS.toMillis(delay));
			try {
				this.worker.schedule(() -> attempt(table, attempt + 1), delay, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException rejected) {
				finish(table);
			}
		}
	}

	/**
	 * Caches a discovered key, evicting the oldest discovered one when full. Runs on the
	 * worker thread only.
	 */
	private void remember(String table, String key) {
		if (this.known.put(table, key) != null || this.preloaded.contains(table)) {
			return;
		}
		this.discoveredOrder.addLast(table);
		while (this.discoveredOrder.size() > this.maxTables) {
			this.known.remove(this.discoveredOrder.removeFirst());
		}
	}

	private void permanentFailure(String table, String cause) {
		long now = this.ticker.now();
		if (this.cooldownUntil.size() >= this.maxTables && !this.cooldownUntil.containsKey(table)) {
			this.cooldownUntil.values().removeIf((until) -> now - until >= 0);
			while (this.cooldownUntil.size() >= this.maxTables) {
				String soonest = null;
				long soonestUntil = Long.MAX_VALUE;
				for (Map.Entry<String, Long> entry : this.cooldownUntil.entrySet()) {
					if (soonest == null || entry.getValue() - soonestUntil < 0) {
						soonest = entry.getKey();
						soonestUntil = entry.getValue();
					}
				}
				if (soonest == null) {
					break;
				}
				this.cooldownUntil.remove(soonest);
			}
		}
		this.cooldownUntil.put(table, now + COOLDOWN.toNanos());
		logger.warn("Could not read the partition key of table {}: {}; writes to it route without key affinity, "
				+ "next lookup in {}", table, cause, COOLDOWN);
		finish(table);
	}

	private void finish(String table) {
		this.pending.decrementAndGet();
		this.inFlight.remove(table);
	}

	/**
	 * The delay before attempt {@code attempt + 1}: initial × 2^(attempt−1), capped, ±20
	 * % jitter, at least 1 ms.
	 * @param attempt the attempt that failed (1-based)
	 * @return nanoseconds
	 */
	long backoffNanos(int attempt) {
		long base = Math.min(MAX_BACKOFF.toNanos(), this.initialBackoff.toNanos() << Math.min(attempt - 1, 20));
		double factor = 1 + JITTER * (2 * this.random.nextDouble() - 1);
		return Math.max(TimeUnit.MILLISECONDS.toNanos(1), (long) (base * factor));
	}

	/**
	 * Whether a lookup failure is permanent: table not found, HTTP 403,
	 * {@code AccessDeniedException}, {@code ValidationException}, any other 4xx except
	 * 429.
	 * @param failure the failure
	 * @return whether to cool down
	 */
	static boolean isPermanent(Throwable failure) {
		if (failure instanceof ResourceNotFoundException) {
			return true;
		}
		if (failure instanceof AwsServiceException service) {
			String code = (service.awsErrorDetails() != null) ? service.awsErrorDetails().errorCode() : null;
			if ("AccessDeniedException".equals(code) || "ValidationException".equals(code)
					|| "ResourceNotFoundException".equals(code)) {
				return true;
			}
			int status = service.statusCode();
			return status >= 400 && status < 500 && status != 429;
		}
		return false;
	}

	/**
	 * Stops the worker: waits up to 5 s for a running lookup, then interrupts it.
	 * Scheduled retries are dropped.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.worker.shutdown();
		try {
			if (!this.worker.awaitTermination(SHUTDOWN_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
				this.worker.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.worker.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

}
