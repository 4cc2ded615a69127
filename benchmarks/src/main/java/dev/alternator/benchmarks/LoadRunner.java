package dev.alternator.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorDynamoDbAsyncClient;
import dev.alternator.client.AlternatorDynamoDbClient;
import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.NodeStatus;
import dev.alternator.client.WriteRetryPolicy;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Closed-loop load against a local cluster running in a separate JVM: throughput, latency
 * percentiles, client CPU per request and per-node share for the plain SDK client pointed
 * at one node, our sync client and our async client, interleaved over several runs; then
 * fault timings (node killed, node hung, node added). One command: <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.alternator.benchmarks.LoadRunner
 * </pre> Options (defaults): {@code --nodes 3 --threads 32 --duration PT5S --warmup PT3S
 * --jit-warmup PT60S --item-bytes 100 --read-ratio 0.5 --backend instant|dynalite
 * --runs 10 --clients plain,sync,async --scenarios throughput,kill,hang,add
 * --cpu-threads false --slow-delay PT0.15S --hop-delay PT0.0005S}; scenario {@code slow}
 * (not run by default) slows one node, latency-aware routing against round-robin;
 * scenario {@code replica} (not run by default; use {@code --nodes 6}: with three nodes
 * and RF 3 every node holds every key) adds {@code --hop-delay} to every single-key
 * request a node receives for a key it does not hold, and measures our sync client with
 * replica-aware routing on and off, alternating, {@code --runs} rounds: the fraction of
 * requests that reached a replica (counted by the cluster) and the latency, with
 * same-round ratios on/off. Further clients: {@code plain-rr} / {@code plain-async-rr}
 * (plain clients with the plain client's settings, one per node, each call taking the
 * next one round-robin: what spreading costs with no library logic),
 * {@code plain-timeout} (the plain client with our attempt timeout), {@code sync-rr} (our
 * sync client with round-robin load balancing), {@code sync-minimal} (our sync client
 * with the least library logic per request: round-robin, replica-aware routing off, the
 * SDK's own write retries — what the routing mechanism costs without the features),
 * {@code plain-async} (the plain async client at one node) and
 * {@code plain-async-timeout}.
 * <p>
 * Every client is built once. Each first runs unmeasured for {@code --jit-warmup}, so
 * that JIT compilation — done on the measuring JVM's compiler threads and counted in its
 * process CPU — has settled; then {@code --runs} rounds measure every client for
 * {@code --duration} (after {@code --warmup} of ramp-up; with {@code plain-timeout}
 * measured, longer than the 2 s attempt timeout so that its pending timers have expired
 * before the next client's window), the order rotating each round; the summary gives the
 * ratios between clients of the same round as median, quartiles and min-max. Short
 * windows and many rounds ({@code --duration PT2S --warmup PT0.5S --runs 30}) keep the
 * clients of a pair seconds apart; run the JVM with a fixed, pre-touched heap
 * ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}) so that heap growth does not land in one
 * client's window (docs/performance.md). Each line splits the client's CPU per request
 * into load threads, JIT, GC and other threads ({@link ThreadCpu};
 * {@code --cpu-threads true} lists every thread group) and reports the cluster process's
 * CPU per request. Bounded in time; it stops the cluster process it started.
 * <p>
 * Besides its readable lines it prints CSV lines, one record each, that {@link Charts}
 * draws from a saved output:
 * <ul>
 * <li>{@code run-info,<start time, ISO-8601 UTC>,<cores>,<java version>} once at the
 * start;</li>
 * <li>{@code cpu-round,<round>,<client>,<cpu µs per request>,<calls/s>} after every
 * measured window of scenario {@code throughput} (rounds from 1);</li>
 * <li>{@code kill-timeline,<client>,<ms from the kill>,<calls ok>,<calls failed>,<p99 ms>}
 * per 250 ms of scenario {@code kill}, from 3 s before the kill to 5 s after, for our
 * sync client ({@code sync}) and then for the plain client pointed at the killed node
 * ({@code plain-at-killed-node});</li>
 * <li>{@code hang-timeline} with the same fields per 250 ms of scenario {@code hang}, for
 * our sync client;</li>
 * <li>{@code slow-timeline,<load balancing>#<round>,<ms from the slowdown>,<slow node's share, 0-1>,<p50 ms>,<p99 ms>,<calls>}
 * per 250 ms of scenario {@code slow}, from 3.75 s before the slowdown to 6 s after its
 * end, rounds from 0 ({@code LATENCY_AWARE#0}, {@code ROUND_ROBIN#0},
 * {@code LATENCY_AWARE#1}, {@code ROUND_ROBIN#1}).</li>
 * </ul>
 * Timelines count the calls started in each bucket, which starts at the given offset.
 * Charts from one or more saved outputs (see {@link Charts}; {@code --runs 0} with
 * scenario {@code throughput} only warms the clients up, printing no {@code cpu-round}
 * line, so that the fault scenarios after it run on a warm JVM): <pre>
 * java ... dev.alternator.benchmarks.LoadRunner --scenarios throughput,kill,slow --clients plain,sync \
 *      --runs 0 --warmup PT0.5S --jit-warmup PT15S | tee docs/perf-data/faults.txt
 * java -cp benchmarks/target/benchmarks.jar dev.alternator.benchmarks.Charts --out docs docs/perf-data/faults.txt
 * </pre>
 */
public final class LoadRunner {

	private static final String TABLE = "bench";

	private static final int KEYS = 1000;

	/**
	 * Load goes on this long after the measured window so that the load threads are still
	 * alive when their CPU time is read at its end.
	 */
	private static final long TAIL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

	private final Map<String, String> options;

	private final ClusterProcess cluster;

	private final String payload;

	private LoadRunner(Map<String, String> options, ClusterProcess cluster) {
		this.options = options;
		this.cluster = cluster;
		this.payload = "x".repeat(integer("item-bytes"));
	}

	/**
	 * Runs the scenarios asked for against a cluster process it starts and stops.
	 * @param args {@code --name value} pairs of the options in the class description
	 * @throws IllegalArgumentException for an unknown option or client
	 * @throws Exception if the cluster process fails or a scenario cannot run
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		String[] defaults = { "nodes", "3", "threads", "32", "duration", "PT5S", "warmup", "PT3S", "jit-warmup",
				"PT60S", "item-bytes", "100", "read-ratio", "0.5", "backend", "instant", "runs", "10", "clients",
				"plain,sync,async", "scenarios", "throughput,kill,hang,add", "cpu-threads", "false", "slow-delay",
				"PT0.15S", "hop-delay", "PT0.0005S" };
		for (int i = 0; i < defaults.length; i += 2) {
			options.put(defaults[i], defaults[i + 1]);
		}
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
				throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		System.out.println("load runner " + options + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		System.out.println("run-info," + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ","
				+ Runtime.getRuntime().availableProcessors() + "," + System.getProperty("java.version"));
		try (ClusterProcess cluster = ClusterProcess.start(Integer.parseInt(options.get("nodes")),
				options.get("backend"), Duration.ofHours(1))) {
			LoadRunner runner = new LoadRunner(options, cluster);
			runner.prepareTable();
			List<String> scenarios = List.of(options.get("scenarios").split(","));
			if (scenarios.contains("throughput")) {
				runner.throughput();
			}
			if (scenarios.contains("kill")) {
				runner.fault("kill", "down 1", "up 1");
			}
			if (scenarios.contains("hang")) {
				runner.fault("hang", "hang 1", "clear 1");
			}
			if (scenarios.contains("add")) {
				runner.nodeAdded();
			}
			if (scenarios.contains("replica")) {
				runner.replicaAware();
			}
			if (scenarios.contains("slow")) {
				// alternating, so that neither policy always runs on a colder JVM
				for (int round = 0; round < 2; round++) {
					runner.slowNode(LoadBalancing.LATENCY_AWARE, round);
					runner.slowNode(LoadBalancing.ROUND_ROBIN, round);
				}
			}
		}
	}

	private int integer(String name) {
		return Integer.parseInt(this.options.get(name));
	}

	private Duration duration(String name) {
		return Duration.parse(this.options.get(name));
	}

	// ------------------------------------------------------------------ clients

	private URI node(int index) {
		return URI.create("http://" + this.cluster.addresses().get(index) + ":" + this.cluster.port());
	}

	private DynamoDbClient plain() {
		return plain(null);
	}

	/**
	 * The plain SDK client pointed at one node, optionally with the attempt timeout our
	 * clients set (the SDK schedules a timer per attempt for it), to separate the SDK's
	 * cost of that feature from the cost of our routing.
	 */
	private DynamoDbClient plain(@Nullable Duration attemptTimeout) {
		return plain(0, attemptTimeout);
	}

	private DynamoDbClient plain(int node, @Nullable Duration attemptTimeout) {
		return DynamoDbClient.builder()
			.endpointOverride(node(node))
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.httpClientBuilder(Apache5HttpClient.builder().maxConnections(4 * integer("threads")))
			.overrideConfiguration((o) -> o.retryStrategy(RetryMode.STANDARD).apiCallAttemptTimeout(attemptTimeout))
			.build();
	}

	private DynamoDbAsyncClient plainAsync(@Nullable Duration attemptTimeout) {
		return plainAsync(0, attemptTimeout);
	}

	private DynamoDbAsyncClient plainAsync(int node, @Nullable Duration attemptTimeout) {
		return DynamoDbAsyncClient.builder()
			.endpointOverride(node(node))
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.overrideConfiguration((o) -> o.retryStrategy(RetryMode.STANDARD).apiCallAttemptTimeout(attemptTimeout))
			.build();
	}

	private AlternatorConfig config() {
		return AlternatorConfig.builder()
			.seedHosts(this.cluster.addresses().get(0))
			.port(this.cluster.port())
			.attemptTimeout(Duration.ofSeconds(2))
			.build();
	}

	private void prepareTable() {
		try (DynamoDbClient client = plain()) {
			try {
				client.createTable((t) -> t.tableName(TABLE)
					.keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
					.attributeDefinitions(AttributeDefinition.builder()
						.attributeName("pk")
						.attributeType(ScalarAttributeType.S)
						.build())
					.billingMode(BillingMode.PAY_PER_REQUEST));
			}
			catch (ResourceInUseException ex) {
				// exists
			}
			for (int i = 0; i < KEYS; i++) {
				put(client, i);
			}
		}
	}

	private void put(DynamoDbClient client, int key) {
		client.putItem((r) -> r.tableName(TABLE)
			.item(Map.of("pk", AttributeValue.fromS("k" + key), "v", AttributeValue.fromS(this.payload))));
	}

	private void operation(DynamoDbClient client, SplittableRandom random, double readRatio) {
		int key = random.nextInt(KEYS);
		if (random.nextDouble() < readRatio) {
			client.getItem((r) -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("k" + key))));
		}
		else {
			put(client, key);
		}
	}

	private CompletableFuture<?> operation(DynamoDbAsyncClient client, SplittableRandom random, double readRatio) {
		int key = random.nextInt(KEYS);
		if (random.nextDouble() < readRatio) {
			return client.getItem((r) -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("k" + key))));
		}
		return client.putItem((r) -> r.tableName(TABLE)
			.item(Map.of("pk", AttributeValue.fromS("k" + key), "v", AttributeValue.fromS(this.payload))));
	}

	// ------------------------------------------------------------------ throughput

	private record Result(String client, long requests, long failures, Duration elapsed, long[] sortedLatencies,
			long cpuNanos, Map<String, Long> cpuNanosByKind, long serverCpuNanos, String shares) {

		double throughput() {
			return this.requests / (this.elapsed.toNanos() / 1e9);
		}

		double cpuMicrosPerRequest() {
			return perRequest(this.cpuNanos);
		}

		String line(int run) {
			return String.format(Locale.ROOT,
					"run %d %-13s: %8.0f req/s, p50=%6.2fms p99=%6.2fms p999=%6.2fms, cpu=%6.1fus/req (%s), "
							+ "server-cpu=%6.1fus/req, failed=%d, share=%s",
					run, this.client, throughput(), ms(Latencies.percentile(this.sortedLatencies, 50)),
					ms(Latencies.percentile(this.sortedLatencies, 99)),
					ms(Latencies.percentile(this.sortedLatencies, 99.9)), cpuMicrosPerRequest(), byKind(),
					perRequest(this.serverCpuNanos), this.failures, this.shares);
		}

		/** CSV: {@code cpu-round,<round>,<client>,<cpu µs per request>,<calls/s>}. */
		String cpuRound(int run) {
			return String.format(Locale.ROOT, "cpu-round,%d,%s,%.2f,%.1f", run, this.client, cpuMicrosPerRequest(),
					throughput());
		}

		double perRequest(long nanos) {
			return nanos / 1000.0 / Math.max(1, this.requests);
		}

		/** CPU per request of the load threads, the JIT, the GC and the other threads. */
		String byKind() {
			StringBuilder text = new StringBuilder();
			this.cpuNanosByKind.forEach((kind, nanos) -> text.append(text.isEmpty() ? "" : " ")
				.append(kind)
				.append(String.format(Locale.ROOT, " %.1f", perRequest(nanos))));
			return text.toString();
		}

	}

	private static double ms(Duration duration) {
		return duration.toNanos() / 1e6;
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private void throughput() throws Exception {
		List<String> clients = List.of(this.options.get("clients").split(","));
		Map<String, List<Result>> results = new LinkedHashMap<>();
		int runs = integer("runs");
		Duration jitWarmup = duration("jit-warmup");
		Map<String, Subject> subjects = new LinkedHashMap<>();
		try {
			for (String client : clients) {
				subjects.put(client, open(client));
			}
			if (!jitWarmup.isZero()) {
				for (String client : clients) {
					Result result = measure(subjects.get(client), jitWarmup);
					System.out.println(result.line(0).replace("run 0", "warm-up"));
				}
			}
			for (int run = 1; run <= runs; run++) {
				// interleave: rotate the order every run
				for (int i = 0; i < clients.size(); i++) {
					String client = clients.get((i + run - 1) % clients.size());
					Result result = measure(subjects.get(client), duration("duration"));
					results.computeIfAbsent(client, (k) -> new ArrayList<>()).add(result);
					System.out.println(result.line(run));
					System.out.println(result.cpuRound(run));
				}
			}
		}
		finally {
			subjects.values().forEach(Subject::close);
		}
		for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
			List<Result> list = entry.getValue();
			double[] throughput = list.stream().mapToDouble(Result::throughput).sorted().toArray();
			double[] cpu = list.stream().mapToDouble(Result::cpuMicrosPerRequest).sorted().toArray();
			StringBuilder line = new StringBuilder(
					String.format(Locale.ROOT, "summary %-13s: median %8.0f req/s, median cpu %6.1fus/req",
							entry.getKey(), median(throughput), median(cpu)));
			// every client against the plain sync client at one node and spread over the
			// nodes, async ones also against the plain async clients
			for (String baseline : List.of("plain", "plain-rr", "plain-async", "plain-async-rr")) {
				List<Result> base = results.get(baseline);
				boolean applies = !baseline.contains("async") || entry.getKey().contains("async");
				if (base != null && applies && !entry.getKey().equals(baseline)) {
					line.append(ratios(baseline, list, base));
				}
			}
			System.out.println(line);
		}
	}

	/**
	 * Same-round ratios against a baseline client — throughput, CPU per request and, when
	 * both have load threads, the load threads' CPU per request: median, quartiles and
	 * min-max.
	 */
	private static String ratios(String baseline, List<Result> list, List<Result> base) {
		int n = list.size();
		double[] throughputRatio = new double[n];
		double[] cpuRatio = new double[n];
		double[] loadRatio = new double[n];
		boolean loadThreads = true;
		for (int i = 0; i < n; i++) {
			Result result = list.get(i);
			Result reference = base.get(i);
			throughputRatio[i] = result.throughput() / reference.throughput();
			cpuRatio[i] = result.cpuMicrosPerRequest() / reference.cpuMicrosPerRequest();
			double load = result.perRequest(result.cpuNanosByKind().getOrDefault(ThreadCpu.LOAD, 0L));
			double referenceLoad = reference.perRequest(reference.cpuNanosByKind().getOrDefault(ThreadCpu.LOAD, 0L));
			loadThreads &= load > 0 && referenceLoad > 0;
			loadRatio[i] = (referenceLoad > 0) ? load / referenceLoad : 0;
		}
		return "; vs " + baseline + ": throughput " + spread(throughputRatio) + ", cpu/req " + spread(cpuRatio)
				+ (loadThreads ? ", load threads " + spread(loadRatio) : "");
	}

	/** Median, quartiles and min-max of ratios. */
	private static String spread(double[] ratios) {
		double[] sorted = ratios.clone();
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, "x%.3f (quartiles %.3f-%.3f, min-max %.3f-%.3f)", median(sorted),
				quantile(sorted, 0.25), quantile(sorted, 0.75), sorted[0], sorted[sorted.length - 1]);
	}

	/** Linear interpolation between the closest ranks of a sorted sample. */
	static double quantile(double[] sorted, double q) {
		double position = q * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = Math.min(sorted.length - 1, below + 1);
		return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
	}

	private static double median(double[] sorted) {
		return quantile(sorted, 0.5);
	}

	/**
	 * One measured client with what it owns; built once and reused by every window, so
	 * that windows compare warm clients with warm connection pools.
	 */
	private record Subject(String name, @Nullable DynamoDbClient sync, @Nullable DynamoDbAsyncClient async,
			@Nullable AlternatorNodeDirectory directory) implements AutoCloseable {

		@Override
		public void close() {
			if (this.sync != null) {
				this.sync.close();
			}
			if (this.async != null) {
				this.async.close();
			}
			if (this.directory != null) {
				this.directory.close();
			}
		}

	}

	private Subject open(String client) {
		return switch (client) {
			case "plain" -> new Subject(client, plain(), null, null);
			case "plain-timeout" -> new Subject(client, plain(config().attemptTimeout()), null, null);
			case "plain-async" -> new Subject(client, null, plainAsync(null), null);
			case "plain-rr" -> {
				List<DynamoDbClient> clients = new ArrayList<>();
				for (int i = 0; i < this.cluster.addresses().size(); i++) {
					clients.add(plain(i, null));
				}
				yield new Subject(client, RoundRobinClients.sync(clients), null, null);
			}
			case "plain-async-rr" -> {
				List<DynamoDbAsyncClient> clients = new ArrayList<>();
				for (int i = 0; i < this.cluster.addresses().size(); i++) {
					clients.add(plainAsync(i, null));
				}
				yield new Subject(client, null, RoundRobinClients.async(clients), null);
			}
			case "plain-async-timeout" -> new Subject(client, null, plainAsync(config().attemptTimeout()), null);
			case "sync" -> ours(client, config());
			case "sync-rr" -> ours(client, config().toBuilder().loadBalancing(LoadBalancing.ROUND_ROBIN).build());
			case "sync-minimal" -> ours(client,
					config().toBuilder()
						.loadBalancing(LoadBalancing.ROUND_ROBIN)
						.replicaAwareRouting(false)
						.writeRetryPolicy(WriteRetryPolicy.SDK)
						.build());
			case "async" -> {
				AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config());
				yield new Subject(client, null,
						AlternatorDynamoDbAsyncClient.builder().nodeDirectory(directory).build(), directory);
			}
			default -> throw new IllegalArgumentException("unknown client " + client
					+ "; known: plain, plain-rr, plain-timeout, plain-async, plain-async-rr, plain-async-timeout, sync, "
					+ "sync-rr, sync-minimal, async");
		};
	}

	/** Our sync client over its own node directory with the given configuration. */
	private static Subject ours(String client, AlternatorConfig config) {
		AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
		return new Subject(client, AlternatorDynamoDbClient.builder().nodeDirectory(directory).build(), null,
				directory);
	}

	private Result measure(Subject subject, Duration measured) throws InterruptedException {
		if (subject.sync() != null) {
			return measureSync(subject.name(), subject.sync(), measured, subject.directory());
		}
		return measureAsync(subject.name(), Objects.requireNonNull(subject.async()), measured, subject.directory());
	}

	private Result measureSync(String name, DynamoDbClient client, Duration measured,
			@Nullable AlternatorNodeDirectory directory) throws InterruptedException {
		double readRatio = Double.parseDouble(this.options.get("read-ratio"));
		int threads = integer("threads");
		Duration warmup = duration("warmup");
		long start = System.nanoTime();
		long measureFrom = start + warmup.toNanos();
		long end = measureFrom + measured.toNanos();
		long stopAt = end + TAIL_NANOS;
		List<Latencies> latencies = new CopyOnWriteArrayList<>();
		AtomicLong failures = new AtomicLong();
		CountDownLatch done = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			int seed = t;
			Thread thread = new Thread(() -> {
				SplittableRandom random = new SplittableRandom(seed);
				Latencies mine = new Latencies();
				latencies.add(mine);
				try {
					long now = System.nanoTime();
					while (now < stopAt) {
						try {
							operation(client, random, readRatio);
						}
						catch (RuntimeException ex) {
							if (now >= measureFrom && now < end) {
								failures.incrementAndGet();
							}
						}
						long after = System.nanoTime();
						if (now >= measureFrom && now < end) {
							mine.add(after - now);
						}
						now = after;
					}
				}
				finally {
					done.countDown();
				}
			}, "load-" + t);
			thread.setDaemon(true);
			thread.start();
		}
		return collect(name, directory, measureFrom, end, latencies, failures, done);
	}

	private Result measureAsync(String name, DynamoDbAsyncClient client, Duration measured,
			@Nullable AlternatorNodeDirectory directory) throws InterruptedException {
		double readRatio = Double.parseDouble(this.options.get("read-ratio"));
		int lanes = integer("threads");
		long start = System.nanoTime();
		long measureFrom = start + duration("warmup").toNanos();
		long end = measureFrom + measured.toNanos();
		long stopAt = end + TAIL_NANOS;
		List<Latencies> latencies = new CopyOnWriteArrayList<>();
		AtomicLong failures = new AtomicLong();
		CountDownLatch done = new CountDownLatch(lanes);
		for (int lane = 0; lane < lanes; lane++) {
			Latencies mine = new Latencies();
			latencies.add(mine);
			SplittableRandom random = new SplittableRandom(lane);
			new Consumer<Long>() {
				@Override
				public void accept(Long issuedAt) {
					if (issuedAt >= stopAt) {
						done.countDown();
						return;
					}
					operation(client, random, readRatio).whenComplete((ignored, failure) -> {
						long now = System.nanoTime();
						synchronized (mine) {
							if (issuedAt >= measureFrom && issuedAt < end) {
								mine.add(now - issuedAt);
								if (failure != null) {
									failures.incrementAndGet();
								}
							}
						}
						accept(now);
					});
				}
			}.accept(System.nanoTime());
		}
		return collect(name, directory, measureFrom, end, latencies, failures, done);
	}

	private Result collect(String name, @Nullable AlternatorNodeDirectory directory, long measureFrom, long end,
			List<Latencies> latencies, AtomicLong failures, CountDownLatch done) throws InterruptedException {
		long sleep = measureFrom - System.nanoTime();
		if (sleep > 0) {
			TimeUnit.NANOSECONDS.sleep(sleep);
		}
		Map<String, Long> before = requestsPerNode(directory);
		long cpuBefore = processCpuNanos();
		ThreadCpu threadsBefore = ThreadCpu.now();
		long serverBefore = this.cluster.cpuNanos();
		long wallBefore = System.nanoTime();
		TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
		long cpu = processCpuNanos() - cpuBefore;
		ThreadCpu threadsAfter = ThreadCpu.now();
		Map<String, Long> byKind = threadsAfter.since(threadsBefore);
		Map<String, Long> byGroup = threadsAfter.byGroupSince(threadsBefore);
		long serverCpu = this.cluster.cpuNanos() - serverBefore;
		Duration elapsed = Duration.ofNanos(System.nanoTime() - wallBefore);
		Map<String, Long> after = requestsPerNode(directory);
		if (!done.await(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("load did not stop");
		}
		long[] sorted;
		synchronized (this) {
			sorted = Latencies.merge(latencies);
		}
		if (Boolean.parseBoolean(this.options.get("cpu-threads"))) {
			StringBuilder groups = new StringBuilder("  " + name + " cpu by thread group (us/req):");
			byGroup.forEach((group, nanos) -> groups
				.append(String.format(Locale.ROOT, " [%s] %.1f", group, nanos / 1000.0 / Math.max(1, sorted.length))));
			System.out.println(groups);
		}
		StringBuilder shares = new StringBuilder();
		long total = 0;
		for (Map.Entry<String, Long> entry : after.entrySet()) {
			total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
		}
		for (Map.Entry<String, Long> entry : after.entrySet()) {
			long count = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
			shares.append(String.format(Locale.ROOT, "%s%s:%.1f%%", shares.isEmpty() ? "" : " ", entry.getKey(),
					100.0 * count / Math.max(1, total)));
		}
		if (directory == null) {
			// the plain clients: one node, or every node in turn
			shares.append(name.endsWith("-rr") ? "each node in turn" : this.cluster.addresses().get(0) + ":100%");
		}
		return new Result(name, sorted.length, failures.get(), elapsed, sorted, cpu, byKind, serverCpu,
				shares.toString());
	}

	private static Map<String, Long> requestsPerNode(@Nullable AlternatorNodeDirectory directory) {
		Map<String, Long> counts = new LinkedHashMap<>();
		if (directory != null) {
			for (NodeStatus node : directory.nodes()) {
				counts.put(node.address(), node.requests());
			}
		}
		return counts;
	}

	// ------------------------------------------------------------------ faults

	/** Width of a bucket of the fault timelines. */
	private static final Duration BUCKET = Duration.ofMillis(250);

	/** Load before a node is killed or hung, and under the fault. */
	private static final Duration BEFORE_FAULT = Duration.ofSeconds(3);

	private static final Duration UNDER_FAULT = Duration.ofSeconds(5);

	/** Load before a node is slowed, while it is slow, and after. */
	private static final Duration BEFORE_SLOW = Duration.ofSeconds(4);

	static final Duration SLOW_FOR = Duration.ofSeconds(8);

	private static final Duration AFTER_SLOW = Duration.ofSeconds(6);

	/**
	 * A node killed (or hung) mid-load, sync client, 16 threads: failed requests, p99
	 * during the fault, and when the last attempt reached the faulty node after the fault
	 * began; a timeline per 250 ms (CSV lines
	 * {@code <scenario>-timeline,<client>,<ms from the fault>,<requests ok>,<requests failed>,<p99 ms>}
	 * for the calls started in each bucket). A killed node is also measured with the
	 * plain SDK client pointed at it ({@code plain-at-killed-node}): what an application
	 * with one endpoint suffers.
	 */
	private void fault(String name, String command, String restore) throws Exception {
		int victimIndex = 1;
		String victim = this.cluster.addresses().get(victimIndex);
		Map<String, Long> lastAttemptNanos = new ConcurrentHashMap<>();
		AtomicLong attemptsAfterFault = new AtomicLong();
		AtomicLong faultAt = new AtomicLong(Long.MAX_VALUE);
		Timeline.Calls calls;
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(new AlternatorListener() {
				@Override
				public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
					if (address.equals(victim)) {
						// the attempt started duration ago
						long startedAt = System.nanoTime() - duration.toNanos();
						if (startedAt >= faultAt.get()) {
							attemptsAfterFault.incrementAndGet();
							lastAttemptNanos.merge(address, startedAt, Math::max);
						}
					}
				}
			});
			calls = underFault(client, command, restore, faultAt);
		}
		Long last = lastAttemptNanos.get(victim);
		System.out.printf(Locale.ROOT,
				"fault %-4s: requests=%d, failed=%d, p99-during-fault=%.1fms, attempts-to-node-after-fault=%d, "
						+ "last-attempt-after=%sms%n",
				name, calls.size(), calls.failures(), duringFault(calls).percentileMillis(99), attemptsAfterFault.get(),
				(last != null) ? (last - faultAt.get()) / 1_000_000 : "none");
		printFaultTimeline(name, "sync", calls);
		if (name.equals("kill")) {
			try (DynamoDbClient plain = plain(victimIndex, null)) {
				Timeline.Calls plainCalls = underFault(plain, command, restore, new AtomicLong());
				System.out.printf(Locale.ROOT,
						"fault %-4s plain-at-killed-node: requests=%d, failed=%d, p99-during-fault=%.1fms%n", name,
						plainCalls.size(), plainCalls.failures(), duringFault(plainCalls).percentileMillis(99));
				printFaultTimeline(name, "plain-at-killed-node", plainCalls);
			}
		}
	}

	/**
	 * Load by 16 callers, the fault set {@code BEFORE_FAULT} after the start (its time
	 * into {@code faultAt} once the cluster process has answered the command) and lifted
	 * when the load has stopped.
	 */
	private Timeline.Calls underFault(DynamoDbClient client, String command, String restore, AtomicLong faultAt)
			throws Exception {
		double readRatio = Double.parseDouble(this.options.get("read-ratio"));
		int faultBucket = buckets(BEFORE_FAULT);
		try {
			return new Timeline(BUCKET, faultBucket + buckets(UNDER_FAULT)).run("fault-", 16, 100,
					(random) -> operation(client, random, readRatio), (bucket) -> {
						if (bucket == faultBucket - 1) {
							this.cluster.command(command);
							faultAt.set(System.nanoTime());
						}
					});
		}
		finally {
			this.cluster.command(restore);
		}
	}

	private static Timeline.Window duringFault(Timeline.Calls calls) {
		return calls.window(BEFORE_FAULT.toNanos(), Long.MAX_VALUE);
	}

	private static void printFaultTimeline(String scenario, String client, Timeline.Calls calls) {
		int faultBucket = buckets(BEFORE_FAULT);
		for (int b = 0; b < calls.buckets(); b++) {
			Timeline.Window window = calls.bucket(b);
			System.out.printf(Locale.ROOT, "%s-timeline,%s,%d,%d,%d,%.2f%n", scenario, client,
					(b - faultBucket) * BUCKET.toMillis(), window.ok(), window.failures(), window.percentileMillis(99));
		}
	}

	private static int buckets(Duration duration) {
		return (int) (duration.toNanos() / BUCKET.toNanos());
	}

	/**
	 * One node answers {@code --slow-delay} late for 8 s under 16 callers, then is fast
	 * again: the slow node's share of attempts and the callers' p50/p99 before, during
	 * (from 3 s after the slowdown) and after (from 4 s after its end), the time until
	 * its share fell to 5 % and came back to 20 %, and a timeline per 250 ms (CSV lines
	 * {@code slow-timeline,<load balancing>#<round>,<ms from the slowdown>,<share>,<p50 ms>,<p99 ms>,<calls>}).
	 */
	private void slowNode(LoadBalancing loadBalancing, int round) throws Exception {
		int victimIndex = 1;
		String victim = this.cluster.addresses().get(victimIndex);
		long bucket = BUCKET.toNanos();
		long warm = BEFORE_SLOW.toNanos();
		long slowFor = SLOW_FOR.toNanos();
		long after = AFTER_SLOW.toNanos();
		int slowFrom = buckets(BEFORE_SLOW);
		int slowUntil = buckets(BEFORE_SLOW.plus(SLOW_FOR));
		int buckets = buckets(BEFORE_SLOW.plus(SLOW_FOR).plus(AFTER_SLOW));
		long[][] attempts = new long[buckets][];
		AlternatorConfig config = config().toBuilder().datacenter("dc1").loadBalancing(loadBalancing).build();
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config);
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			double readRatio = Double.parseDouble(this.options.get("read-ratio"));
			Timeline.Calls calls = new Timeline(BUCKET, buckets).run("slow-", 16, 200,
					(random) -> operation(client, random, readRatio), (b) -> {
						if (b == slowFrom - 1) {
							this.cluster.command("slow " + victimIndex + " " + duration("slow-delay").toMillis());
						}
						if (b == slowUntil - 1) {
							this.cluster.command("clear " + victimIndex);
						}
						attempts[b] = attemptsPerNode(directory, victim);
					});
			// shares per bucket from the attempts completed in it
			double[] share = new double[buckets];
			for (int b = 1; b < buckets; b++) {
				long victimDelta = attempts[b][0] - attempts[b - 1][0];
				long totalDelta = attempts[b][1] - attempts[b - 1][1];
				share[b] = (totalDelta > 0) ? (double) victimDelta / totalDelta : 0;
			}
			String name = loadBalancing.name() + "#" + round;
			for (int b = 1; b < buckets; b++) {
				Timeline.Window window = calls.bucket(b);
				System.out.printf(Locale.ROOT, "slow-timeline,%s,%d,%.4f,%.2f,%.2f,%d%n", name,
						(b - slowFrom) * bucket / 1_000_000, share[b], window.percentileMillis(50),
						window.percentileMillis(99), window.calls());
			}
			Timeline.Window before = calls.window(TimeUnit.SECONDS.toNanos(1), warm);
			Timeline.Window during = calls.window(warm + TimeUnit.SECONDS.toNanos(3), warm + slowFor);
			Timeline.Window recovered = calls.window(warm + slowFor + TimeUnit.SECONDS.toNanos(4),
					warm + slowFor + after);
			System.out.printf(Locale.ROOT,
					"slow %-15s: slow-node share before=%.1f%% during=%.1f%% after=%.1f%%, share<=5%% after %s, "
							+ "share>=20%% again after %s; p50/p99 before=%.2f/%.1fms during=%.2f/%.1fms "
							+ "after=%.2f/%.1fms; calls/s before=%.0f during=%.0f; calls=%d, failed=%d%n",
					name, 100 * meanShare(attempts, 4, slowFrom), 100 * meanShare(attempts, slowFrom + 12, slowUntil),
					100 * meanShare(attempts, slowUntil + 16, buckets - 1),
					firstBucket(share, slowFrom, slowUntil, (x) -> x <= 0.05, bucket),
					firstBucket(share, slowUntil, buckets, (x) -> x >= 0.20, bucket), before.percentileMillis(50),
					before.percentileMillis(99), during.percentileMillis(50), during.percentileMillis(99),
					recovered.percentileMillis(50), recovered.percentileMillis(99), before.calls() / 3.0,
					during.calls() / 5.0, calls.size(), calls.failures());
		}
		finally {
			this.cluster.command("clear " + victimIndex);
		}
	}

	// ------------------------------------------------------------------ replica-aware
	// routing

	/**
	 * Our sync client with replica-aware routing on and off, alternating, each round
	 * measuring both; the cluster adds the hop delay to requests a node receives for keys
	 * it does not hold, and counts them.
	 */
	private void replicaAware() throws Exception {
		Duration hop = duration("hop-delay");
		int nodes = this.cluster.addresses().size();
		if (nodes <= 3) {
			System.out.println("replica: with " + nodes + " nodes and RF 3 every node holds every key: use --nodes 6");
		}
		this.cluster.command("hop " + hop);
		List<Result> on = new ArrayList<>();
		List<Result> off = new ArrayList<>();
		List<Double> onHits = new ArrayList<>();
		List<Double> offHits = new ArrayList<>();
		try (Subject replicaOn = replicaSubject(true); Subject replicaOff = replicaSubject(false)) {
			Duration jitWarmup = duration("jit-warmup");
			for (Subject subject : List.of(replicaOn, replicaOff)) {
				// also reads the placement (in the background, on first use)
				Result result = measure(subject, jitWarmup.isZero() ? duration("warmup") : jitWarmup);
				System.out.println(result.line(0).replace("run 0", "warm-up"));
			}
			for (int run = 1; run <= integer("runs"); run++) {
				boolean onFirst = run % 2 == 1;
				for (Subject subject : onFirst ? List.of(replicaOn, replicaOff) : List.of(replicaOff, replicaOn)) {
					long[] before = placementCounts();
					Result result = measure(subject, duration("duration"));
					long[] after = placementCounts();
					long replica = after[0] - before[0];
					long nonReplica = after[1] - before[1];
					double hits = (double) replica / Math.max(1, replica + nonReplica);
					boolean isOn = subject == replicaOn;
					(isOn ? on : off).add(result);
					(isOn ? onHits : offHits).add(hits);
					System.out.println(result.line(run) + String.format(Locale.ROOT, ", at a replica=%.1f%% (%d of %d)",
							100 * hits, replica, replica + nonReplica));
				}
			}
		}
		finally {
			this.cluster.command("hop PT0S");
		}
		int n = on.size();
		double[] throughput = new double[n];
		double[] p50 = new double[n];
		double[] p99 = new double[n];
		for (int i = 0; i < n; i++) {
			throughput[i] = on.get(i).throughput() / off.get(i).throughput();
			p50[i] = percentileMs(on.get(i), 50) / percentileMs(off.get(i), 50);
			p99[i] = percentileMs(on.get(i), 99) / percentileMs(off.get(i), 99);
		}
		for (List<Result> list : List.of(on, off)) {
			boolean isOn = list == on;
			double[] hits = (isOn ? onHits : offHits).stream().mapToDouble(Double::doubleValue).sorted().toArray();
			System.out.printf(Locale.ROOT,
					"summary replica %-3s: at a replica median %.1f%% (min-max %.1f-%.1f%%), median %8.0f req/s, "
							+ "p50 %.2fms, p99 %.2fms, hop-delay %s%n",
					isOn ? "on" : "off", 100 * median(hits), 100 * hits[0], 100 * hits[hits.length - 1],
					median(list.stream().mapToDouble(Result::throughput).sorted().toArray()),
					median(list.stream().mapToDouble((r) -> percentileMs(r, 50)).sorted().toArray()),
					median(list.stream().mapToDouble((r) -> percentileMs(r, 99)).sorted().toArray()), hop);
		}
		System.out.println("summary replica on/off: throughput " + spread(throughput) + ", p50 " + spread(p50)
				+ ", p99 " + spread(p99));
	}

	private Subject replicaSubject(boolean replicaAware) {
		AlternatorNodeDirectory directory = AlternatorNodeDirectory
			.create(config().toBuilder().replicaAwareRouting(replicaAware).build());
		return new Subject(replicaAware ? "sync-replica" : "sync-no-replica",
				AlternatorDynamoDbClient.builder().nodeDirectory(directory).build(), null, directory);
	}

	/**
	 * Single-key requests the cluster's nodes received for keys they hold, and do not.
	 */
	private long[] placementCounts() throws java.io.IOException {
		String answer = this.cluster.command("placement");
		return new long[] { Long.parseLong(ClusterProcess.field(answer, "replica")),
				Long.parseLong(ClusterProcess.field(answer, "non-replica")) };
	}

	private static double percentileMs(Result result, double percentile) {
		return ms(Latencies.percentile(result.sortedLatencies(), percentile));
	}

	/** Attempts completed so far: {victim, all nodes}. */
	private static long[] attemptsPerNode(AlternatorNodeDirectory directory, String victim) {
		long victimAttempts = 0;
		long all = 0;
		for (NodeStatus node : directory.nodes()) {
			if (node.address().equals(victim)) {
				victimAttempts = node.requests();
			}
			all += node.requests();
		}
		return new long[] { victimAttempts, all };
	}

	private static double meanShare(long[][] attempts, int from, int until) {
		long victim = attempts[until][0] - attempts[from][0];
		long all = attempts[until][1] - attempts[from][1];
		return (all > 0) ? (double) victim / all : 0;
	}

	/** Time from the bucket {@code from} until the first bucket whose share passes. */
	private static String firstBucket(double[] share, int from, int until, DoublePredicate passes, long bucket) {
		for (int b = from + 1; b < until; b++) {
			if (passes.test(share[b])) {
				return ((b + 1 - from) * bucket / 1_000_000) + "ms";
			}
		}
		return "never";
	}

	/**
	 * A node added mid-load: time until the first request reaches it.
	 */
	private void nodeAdded() throws Exception {
		long[] first = { 0 };
		String[] added = { "" };
		try (AlternatorNodeDirectory directory = AlternatorNodeDirectory.create(config());
				DynamoDbClient client = AlternatorDynamoDbClient.builder().nodeDirectory(directory).build()) {
			directory.addListener(new AlternatorListener() {
				@Override
				public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
					synchronized (first) {
						if (address.equals(added[0]) && first[0] == 0) {
							first[0] = System.nanoTime() - duration.toNanos();
						}
					}
				}
			});
			long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
			Thread load = new Thread(() -> {
				SplittableRandom random = new SplittableRandom(7);
				while (System.nanoTime() < end) {
					try {
						operation(client, random, 1.0);
					}
					catch (RuntimeException ex) {
						// counted elsewhere; this scenario measures the time to first
						// request
					}
				}
			}, "add-load");
			load.setDaemon(true);
			load.start();
			Thread.sleep(1000);
			long addedAt = System.nanoTime();
			String answer = this.cluster.command("add dc1 rack1");
			synchronized (first) {
				added[0] = ClusterProcess.field(answer, "address");
			}
			load.join(30_000);
			synchronized (first) {
				System.out.printf(Locale.ROOT, "fault add : node %s, first request after %sms (active refresh %s)%n",
						added[0], (first[0] != 0) ? (first[0] - addedAt) / 1_000_000 : "never",
						AlternatorConfig.DEFAULT_ACTIVE_REFRESH_INTERVAL);
			}
		}
	}

}
