package dev.alternator.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorDynamoDbAsyncClient;
import dev.alternator.client.AlternatorDynamoDbClient;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AlternatorWriteOutcomeUnknownException;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.WriteRetryPolicy;
import dev.alternator.client.internal.sdk.Routing;
import dev.alternator.testsupport.LocalAlternatorCluster;
import dev.alternator.testsupport.LocalAlternatorNode;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A chaos soak on a local cluster: random faults (kill, hang, slow, 500s, unlisted, a
 * node joining then leaving, one short all-down window) while sync and async clients
 * write unique items, read them back and increment conditional counters; then the
 * invariants:
 * <ul>
 * <li>every acknowledged write is readable afterwards;</li>
 * <li>idempotent calls (unconditional puts and gets) that fail outside the all-down
 * window are at most 0.1 %;</li>
 * <li>no call outlives its attempts' bound (attempts × attempt timeout + retry
 * delays);</li>
 * <li>once every call completed, the clients hold no call registered; after they and the
 * directory are closed, the threads are back to the baseline;</li>
 * <li>soon after the last fault, every node is back to an even share (max/min ≤
 * 1.10).</li>
 * </ul>
 * Conditional increments and conditional creates (of items written once) are not
 * idempotent: the counters must be at least their acknowledged increments (nothing
 * acknowledged is lost). With the {@link WriteRetryPolicy} under test, the report gives
 * the increments applied beyond those acknowledged plus those reported with an unknown
 * outcome (a write applied twice by a resend), and the conditional creates that failed
 * their condition {@code attribute_not_exists} — which only a resend of the create itself
 * can make fail.
 * <p>
 * Run by hand for minutes ({@code java -cp benchmarks/target/benchmarks.jar
 * dev.alternator.benchmarks.ChaosSoak --duration PT5M --policy both}: each policy on a
 * cluster of its own, then the two summaries side by side); a short run with the default
 * policy is part of the build.
 */
public final class ChaosSoak {

	private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

	private static final int MAX_ATTEMPTS = 3;

	private static final int COUNTERS = 8;

	/** Idle time after the last fault before the share is measured, and its length. */
	private static final Duration SETTLE = Duration.ofSeconds(10);

	private static final Duration SHARE_WINDOW = Duration.ofSeconds(3);

	private final Options options;

	private final SplittableRandom random;

	private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();

	private final AtomicLongArray counterAcks = new AtomicLongArray(COUNTERS);

	private final LongAdder idempotentCalls = new LongAdder();

	private final ConcurrentLinkedQueue<long[]> idempotentFailures = new ConcurrentLinkedQueue<>();

	private final LongAdder conditionalFailures = new LongAdder();

	private final LongAdder incrementsUnknown = new LongAdder();

	private final LongAdder writesUnknown = new LongAdder();

	private final LongAdder conditionFailedByResend = new LongAdder();

	private final AtomicLong maxCallNanos = new AtomicLong();

	private final LongAdder callsOverBound = new LongAdder();

	private final AtomicLong ids = new AtomicLong();

	private final List<String> faultLog = new ArrayList<>();

	private volatile boolean writing = true;

	private volatile long allDownFrom = Long.MAX_VALUE;

	private volatile long allDownTo = Long.MAX_VALUE;

	private ChaosSoak(Options options) {
		this.options = options;
		this.random = new SplittableRandom(options.seed());
	}

	/**
	 * Soak options.
	 *
	 * @param duration how long faults are injected
	 * @param nodes the cluster's nodes at the start
	 * @param syncThreads threads calling the sync client
	 * @param asyncInFlight calls of the async client in flight at once
	 * @param seed the randomness of faults and operations
	 * @param writeRetryPolicy the clients' write retry policy
	 */
	public record Options(Duration duration, int nodes, int syncThreads, int asyncInFlight, long seed,
			WriteRetryPolicy writeRetryPolicy) {

		/**
		 * The defaults for a given duration.
		 * @param duration how long faults are injected
		 * @return the options
		 */
		public static Options of(Duration duration) {
			return new Options(duration, 4, 4, 8, 42, AlternatorConfig.DEFAULT_WRITE_RETRY_POLICY);
		}

		/**
		 * These options with another write retry policy.
		 * @param policy the policy
		 * @return the options
		 */
		public Options withWriteRetryPolicy(WriteRetryPolicy policy) {
			return new Options(this.duration, this.nodes, this.syncThreads, this.asyncInFlight, this.seed, policy);
		}

	}

	/**
	 * What a soak saw.
	 *
	 * @param acknowledgedWrites unique items acknowledged
	 * @param lostWrites acknowledged items not readable afterwards
	 * @param idempotentCalls idempotent calls made
	 * @param idempotentFailures idempotent calls that failed, all-down window excluded
	 * @param idempotentFailuresAllDown idempotent calls that failed in the all-down
	 * window
	 * @param counterIncrementsAcknowledged conditional increments acknowledged
	 * @param counterIncrementsApplied the counters' final sum
	 * @param conditionalFailures conditional increments and creates that failed
	 * @param counterIncrementsUnknown conditional increments that failed with an unknown
	 * outcome ({@link AlternatorWriteOutcomeUnknownException})
	 * @param writesUnknown non-idempotent writes (increments and creates) that failed
	 * with an unknown outcome
	 * @param conditionFailedByResends conditional creates of a new item that failed their
	 * {@code attribute_not_exists} condition: only a resend after the create was applied
	 * can do that
	 * @param maxCallMillis the longest call
	 * @param callsOverBound calls longer than the attempts' bound
	 * @param threadsBefore library and SDK threads before the clients were built
	 * @param threadsAfter library and SDK threads after they and the directory were
	 * closed
	 * @param finalShareRatio max/min of the per-node attempts in the share window
	 * @param callsLeftRegistered calls the clients still held registered once every call
	 * had completed (0 when every completion path released its call)
	 * @param faults the faults injected, in order
	 */
	public record Report(long acknowledgedWrites, long lostWrites, long idempotentCalls, long idempotentFailures,
			long idempotentFailuresAllDown, long counterIncrementsAcknowledged, long counterIncrementsApplied,
			long conditionalFailures, long counterIncrementsUnknown, long writesUnknown, long conditionFailedByResends,
			long maxCallMillis, long callsOverBound, int threadsBefore, int threadsAfter, double finalShareRatio,
			int callsLeftRegistered, WriteRetryPolicy writeRetryPolicy, List<String> faults) {

		/**
		 * Increments applied beyond the acknowledged ones plus those whose outcome was
		 * reported unknown: increments applied twice by a resend (0 or less when nothing
		 * was applied twice; below 0 when some unknown outcomes were not applied).
		 * @return the excess
		 */
		public long excessIncrements() {
			return this.counterIncrementsApplied - this.counterIncrementsAcknowledged - this.counterIncrementsUnknown;
		}

		/**
		 * Idempotent failures outside the all-down window, per call.
		 * @return the rate
		 */
		public double idempotentFailureRate() {
			return (this.idempotentCalls == 0) ? 0 : (double) this.idempotentFailures / this.idempotentCalls;
		}

		/**
		 * One line for the log.
		 * @return the summary
		 */
		public String summary() {
			return String.format(Locale.ROOT,
					"chaos soak: writes=%d lost=%d idempotent=%d failed=%d (%.4f %%) failed-all-down=%d "
							+ "increments acked=%d applied=%d conditional-failed=%d max-call=%dms over-bound=%d "
							+ "threads %d->%d final-share max/min=%.3f calls-left=%d faults=%d",
					this.acknowledgedWrites, this.lostWrites, this.idempotentCalls, this.idempotentFailures,
					100 * idempotentFailureRate(), this.idempotentFailuresAllDown, this.counterIncrementsAcknowledged,
					this.counterIncrementsApplied, this.conditionalFailures, this.maxCallMillis, this.callsOverBound,
					this.threadsBefore, this.threadsAfter, this.finalShareRatio, this.callsLeftRegistered,
					this.faults.size());
		}

		/**
		 * One line on non-idempotent writes under the write retry policy.
		 * @return the summary
		 */
		public String writeRetrySummary() {
			return String.format(Locale.ROOT,
					"write retry policy %-4s: increments acked=%d outcome-unknown=%d applied=%d "
							+ "applied-beyond-acked+unknown=%d | writes outcome-unknown=%d "
							+ "condition-failed-by-own-resend=%d",
					this.writeRetryPolicy, this.counterIncrementsAcknowledged, this.counterIncrementsUnknown,
					this.counterIncrementsApplied, Math.max(0, excessIncrements()), this.writesUnknown,
					this.conditionFailedByResends);
		}

	}

	/**
	 * Runs a soak.
	 * @param options the options
	 * @return the report
	 * @throws InterruptedException if interrupted
	 */
	public static Report run(Options options) throws InterruptedException {
		return new ChaosSoak(options).soak();
	}

	/**
	 * Runs a soak from the command line:
	 * {@code --duration PT5M --seed 42 --policy safe|sdk|both} (default {@code both}: one
	 * run per policy, the same seed, then both summaries).
	 * @param args the options
	 * @throws InterruptedException if interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		Duration duration = Duration.ofMinutes(5);
		long seed = 42;
		List<WriteRetryPolicy> policies = List.of(WriteRetryPolicy.SAFE, WriteRetryPolicy.SDK);
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--duration" -> duration = Duration.parse(args[i + 1]);
				case "--seed" -> seed = Long.parseLong(args[i + 1]);
				case "--policy" -> policies = args[i + 1].equalsIgnoreCase("both") ? policies
						: List.of(WriteRetryPolicy.valueOf(args[i + 1].toUpperCase(Locale.ROOT)));
				default ->
					throw new IllegalArgumentException("Unknown option " + args[i] + " (--duration, --seed, --policy)");
			}
		}
		Options defaults = Options.of(duration);
		List<Report> reports = new ArrayList<>();
		for (WriteRetryPolicy policy : policies) {
			Report report = run(new Options(duration, defaults.nodes(), defaults.syncThreads(),
					defaults.asyncInFlight(), seed, policy));
			report.faults().forEach(System.out::println);
			System.out.println(report.summary());
			reports.add(report);
		}
		for (Report report : reports) {
			System.out.println(report.writeRetrySummary());
		}
	}

	private Report soak() throws InterruptedException {
		long lifetime = this.options.duration().plus(SETTLE).plus(Duration.ofMinutes(2)).toSeconds();
		// dynalite: conditional updates need real DynamoDB semantics
		LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder()
			.instant(false)
			.maxLifetime(Duration.ofSeconds(lifetime));
		for (int i = 0; i < this.options.nodes(); i++) {
			builder.node("dc1", "r1");
		}
		int threadsBefore;
		int threadsAfter;
		double share;
		long applied;
		long lost;
		int callsLeft;
		try (LocalAlternatorCluster cluster = builder.start()) {
			threadsBefore = libraryThreads();
			AlternatorConfig config = AlternatorConfig.builder()
				.seedHosts(List.of(cluster.seedHosts().get(0), cluster.seedHosts().get(1)))
				.port(cluster.port())
				.attemptTimeout(ATTEMPT_TIMEOUT)
				.maxAttempts(MAX_ATTEMPTS)
				.writeRetryPolicy(this.options.writeRetryPolicy())
				// an even final share is the check that every node is back in use: with
				// replica-aware routing a few hot counter keys load their replicas more
				// (the scenario tests of replica-aware routing kill replicas)
				.replicaAwareRouting(false)
				.build();
			try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
					DynamoDbClient sync = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build();
					DynamoDbAsyncClient async = AlternatorDynamoDbAsyncClient.builder()
						.nodeDirectory(directory)
						.build()) {
				createTable(sync);
				List<Thread> writers = new ArrayList<>();
				for (int i = 0; i < this.options.syncThreads(); i++) {
					Thread writer = new Thread(() -> writeSync(sync, new SplittableRandom(this.random.nextLong())),
							"soak-sync-" + i);
					writer.setDaemon(true);
					writer.start();
					writers.add(writer);
				}
				Thread asyncWriter = new Thread(() -> writeAsync(async, new SplittableRandom(this.random.nextLong())),
						"soak-async");
				asyncWriter.setDaemon(true);
				asyncWriter.start();
				writers.add(asyncWriter);
				injectFaults(cluster);
				Thread.sleep(SETTLE.minus(SHARE_WINDOW).toMillis());
				Map<String, Long> before = attempts(directory);
				Thread.sleep(SHARE_WINDOW.toMillis());
				share = shareRatio(before, attempts(directory));
				this.writing = false;
				for (Thread writer : writers) {
					writer.join(TimeUnit.SECONDS.toMillis(30));
				}
				lost = countLost(sync);
				applied = countersApplied(sync);
				callsLeft = registered(sync) + registered(async);
			}
			threadsAfter = awaitThreads(threadsBefore);
		}
		long allDownFailures = 0;
		long otherFailures = 0;
		long bound = callBoundNanos();
		for (long[] failure : this.idempotentFailures) {
			boolean inWindow = failure[1] >= this.allDownFrom - bound
					&& failure[0] <= this.allDownTo + TimeUnit.SECONDS.toNanos(3);
			if (inWindow) {
				allDownFailures++;
			}
			else {
				otherFailures++;
			}
		}
		long acked = 0;
		for (int i = 0; i < COUNTERS; i++) {
			acked += this.counterAcks.get(i);
		}
		return new Report(this.acknowledged.size(), lost, this.idempotentCalls.sum(), otherFailures, allDownFailures,
				acked, applied, this.conditionalFailures.sum(), this.incrementsUnknown.sum(), this.writesUnknown.sum(),
				this.conditionFailedByResend.sum(), TimeUnit.NANOSECONDS.toMillis(this.maxCallNanos.get()),
				this.callsOverBound.sum(), threadsBefore, threadsAfter, share, callsLeft,
				this.options.writeRetryPolicy(), List.copyOf(this.faultLog));
	}

	private static void createTable(DynamoDbClient client) {
		client.createTable((table) -> table.tableName("soak")
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST));
		for (int i = 0; i < COUNTERS; i++) {
			String id = "counter-" + i;
			client.putItem((put) -> put.tableName("soak")
				.item(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN("0"))));
		}
	}

	/**
	 * The faults: one at a time on a random node (1–3 s each, a node left healthy for
	 * 0.5–1.5 s between), a node joining and later leaving, and one all-down window of
	 * 1.5 s at 60 % of the duration.
	 */
	private void injectFaults(LocalAlternatorCluster cluster) throws InterruptedException {
		long end = System.nanoTime() + this.options.duration().toNanos();
		long allDownAt = System.nanoTime() + this.options.duration().toNanos() * 6 / 10;
		long joinAt = System.nanoTime() + this.options.duration().toNanos() / 4;
		long leaveAt = System.nanoTime() + this.options.duration().toNanos() * 3 / 4;
		LocalAlternatorNode joined = null;
		boolean left = false;
		boolean allDownDone = false;
		while (System.nanoTime() < end) {
			long now = System.nanoTime();
			if (joined == null && now >= joinAt) {
				joined = cluster.addNode("dc1", "r1");
				log("join " + joined.address());
			}
			if (joined != null && !left && now >= leaveAt) {
				left = true;
				// unlisted first, then stopped: in-flight requests complete, new ones go
				// elsewhere
				joined.unlisted(true);
				Thread.sleep(2000);
				cluster.removeNode(joined);
				log("leave " + joined.address());
				continue;
			}
			if (!allDownDone && now >= allDownAt) {
				allDownDone = true;
				this.allDownFrom = System.nanoTime();
				cluster.nodes().forEach(LocalAlternatorNode::down);
				log("all down");
				Thread.sleep(1500);
				cluster.nodes().forEach(LocalAlternatorNode::up);
				this.allDownTo = System.nanoTime();
				log("all up");
				Thread.sleep(1000);
				continue;
			}
			List<LocalAlternatorNode> nodes = cluster.nodes();
			LocalAlternatorNode node = nodes.get(this.random.nextInt(nodes.size()));
			String fault = fault(node);
			log(fault + " " + node.address());
			Thread.sleep(1000 + this.random.nextInt(2000));
			if (fault.equals("kill")) {
				node.up();
			}
			else if (fault.equals("unlisted")) {
				node.unlisted(false);
			}
			else {
				node.clearFaults();
			}
			log("clear " + node.address());
			Thread.sleep(500 + this.random.nextInt(1000));
		}
		log("last fault cleared");
	}

	private String fault(LocalAlternatorNode node) {
		switch (this.random.nextInt(5)) {
			case 0 -> {
				node.down();
				return "kill";
			}
			case 1 -> {
				node.hang();
				return "hang";
			}
			case 2 -> {
				node.slow(Duration.ofMillis(200));
				return "slow";
			}
			case 3 -> {
				node.failWith(500);
				return "500";
			}
			default -> {
				node.unlisted(true);
				return "unlisted";
			}
		}
	}

	private void log(String fault) {
		this.faultLog.add(String.format(Locale.ROOT, "%tT.%<tL %s", System.currentTimeMillis(), fault));
	}

	private void writeSync(DynamoDbClient client, SplittableRandom dice) {
		while (this.writing) {
			int op = dice.nextInt(5);
			long started = System.nanoTime();
			try {
				if (op <= 1) {
					String id = "item-" + this.ids.incrementAndGet();
					client.putItem((put) -> put.tableName("soak").item(Map.of("id", AttributeValue.fromS(id))));
					this.acknowledged.put(id, Boolean.TRUE);
				}
				else if (op == 2) {
					client.getItem((get) -> get.tableName("soak")
						.key(Map.of("id", AttributeValue.fromS("item-" + (1 + dice.nextLong(this.ids.get() + 1))))));
				}
				else if (op == 3) {
					int counter = dice.nextInt(COUNTERS);
					client.updateItem((update) -> increment(update, counter));
					this.counterAcks.incrementAndGet(counter);
				}
				else {
					String id = "once-" + this.ids.incrementAndGet();
					client.putItem((put) -> createOnce(put, id));
					this.acknowledged.put(id, Boolean.TRUE);
				}
				ended(started, op, null);
			}
			catch (RuntimeException ex) {
				ended(started, op, ex);
			}
		}
	}

	private void writeAsync(DynamoDbAsyncClient client, SplittableRandom dice) {
		Semaphore inFlight = new Semaphore(this.options.asyncInFlight());
		while (this.writing) {
			try {
				if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			int op = dice.nextInt(5);
			long started = System.nanoTime();
			CompletableFuture<?> call;
			if (op <= 1) {
				String id = "item-" + this.ids.incrementAndGet();
				call = client.putItem((put) -> put.tableName("soak").item(Map.of("id", AttributeValue.fromS(id))))
					.thenRun(() -> this.acknowledged.put(id, Boolean.TRUE));
			}
			else if (op == 2) {
				String id = "item-" + (1 + dice.nextLong(this.ids.get() + 1));
				call = client.getItem((get) -> get.tableName("soak").key(Map.of("id", AttributeValue.fromS(id))));
			}
			else if (op == 3) {
				int counter = dice.nextInt(COUNTERS);
				call = client.updateItem((update) -> increment(update, counter))
					.thenRun(() -> this.counterAcks.incrementAndGet(counter));
			}
			else {
				String id = "once-" + this.ids.incrementAndGet();
				call = client.putItem((put) -> createOnce(put, id))
					.thenRun(() -> this.acknowledged.put(id, Boolean.TRUE));
			}
			call.whenComplete((result, failure) -> {
				ended(started, op, failure);
				inFlight.release();
			});
		}
		inFlight.acquireUninterruptibly(this.options.asyncInFlight());
	}

	private static void increment(software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.Builder update,
			int counter) {
		update.tableName("soak")
			.key(Map.of("id", AttributeValue.fromS("counter-" + counter)))
			.updateExpression("ADD n :one")
			.conditionExpression("attribute_exists(id)")
			.expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")));
	}

	/** A conditional create of an item written once: only its own resend can fail it. */
	private static void createOnce(software.amazon.awssdk.services.dynamodb.model.PutItemRequest.Builder put,
			String id) {
		put.tableName("soak")
			.item(Map.of("id", AttributeValue.fromS(id)))
			.conditionExpression("attribute_not_exists(id)");
	}

	private void ended(long started, int op, Throwable failure) {
		long ended = System.nanoTime();
		long took = ended - started;
		this.maxCallNanos.accumulateAndGet(took, Math::max);
		if (took > callBoundNanos()) {
			this.callsOverBound.increment();
		}
		boolean idempotent = op <= 2;
		if (idempotent) {
			this.idempotentCalls.increment();
			if (failure != null) {
				this.idempotentFailures.add(new long[] { started, ended });
			}
		}
		else if (failure != null) {
			this.conditionalFailures.increment();
			Throwable cause = (failure instanceof java.util.concurrent.CompletionException
					&& failure.getCause() != null) ? failure.getCause() : failure;
			if (cause instanceof AlternatorWriteOutcomeUnknownException) {
				this.writesUnknown.increment();
				if (op == 3) {
					this.incrementsUnknown.increment();
				}
			}
			else if (op == 4 && cause instanceof ConditionalCheckFailedException) {
				this.conditionFailedByResend.increment();
			}
		}
	}

	/**
	 * The longest a call may take: every attempt to its timeout, plus the standard retry
	 * strategy's delays (at most 20 s each, far less in practice) bounded here by 1 s per
	 * retry, plus scheduling slack.
	 */
	private static long callBoundNanos() {
		return ATTEMPT_TIMEOUT.toNanos() * MAX_ATTEMPTS + TimeUnit.SECONDS.toNanos(MAX_ATTEMPTS - 1)
				+ TimeUnit.MILLISECONDS.toNanos(500);
	}

	private static Map<String, Long> attempts(AlternatorNodeDirectory directory) {
		Map<String, Long> attempts = new ConcurrentHashMap<>();
		for (NodeStatus node : directory.nodes()) {
			attempts.put(node.address(), node.requests());
		}
		return attempts;
	}

	private static double shareRatio(Map<String, Long> before, Map<String, Long> after) {
		long max = 0;
		long min = Long.MAX_VALUE;
		for (Map.Entry<String, Long> entry : after.entrySet()) {
			long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
			max = Math.max(max, delta);
			min = Math.min(min, delta);
		}
		return (min == 0 || min == Long.MAX_VALUE) ? Double.POSITIVE_INFINITY : (double) max / min;
	}

	private long countLost(DynamoDbClient client) {
		long lost = 0;
		for (String id : this.acknowledged.keySet()) {
			if (!client.getItem((get) -> get.tableName("soak").key(Map.of("id", AttributeValue.fromS(id)))).hasItem()) {
				lost++;
			}
		}
		return lost;
	}

	private static long countersApplied(DynamoDbClient client) {
		long sum = 0;
		for (int i = 0; i < COUNTERS; i++) {
			String id = "counter-" + i;
			sum += Long.parseLong(client
				.getItem(
						(get) -> get.tableName("soak").key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true))
				.item()
				.get("n")
				.n());
		}
		return sum;
	}

	/** The calls a client still holds registered (its routing's count). */
	private static int registered(SdkClient client) {
		Routing routing = Routing.of(client);
		if (routing == null) {
			throw new IllegalStateException(client + " is not a load-balanced client");
		}
		return routing.callsInFlight();
	}

	private static int awaitThreads(int baseline) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		int count = libraryThreads();
		while (count > baseline && System.nanoTime() < deadline) {
			Thread.sleep(100);
			count = libraryThreads();
		}
		return count;
	}

	/** Threads of the library and of the SDK clients it built; the cluster's excluded. */
	private static int libraryThreads() {
		int count = 0;
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			String name = thread.getName();
			boolean library = name.startsWith("alternator-") && !name.startsWith("alternator-local-");
			if (thread.isAlive() && (library || name.startsWith("aws-java-sdk") || name.startsWith("sdk-")
					|| name.contains("idle-connection-reaper"))) {
				count++;
			}
		}
		return count;
	}

}
