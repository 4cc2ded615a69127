package dev.alternator.client.internal.affinity;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.common.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PartitionKeyResolver}: never blocking, one lookup per table in flight,
 * retries, the bounded queue, and the cooldown after permanent failures (virtual time).
 */
class PartitionKeyResolverTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final Ticker ticker = new Ticker(this.now::get, Clock.systemUTC());

	private PartitionKeyResolver resolver = new PartitionKeyResolver(Map.of(), (table) -> "unused", this.ticker,
			new SplittableRandom(1), Duration.ofMillis(1), "alternator-test-partition-keys");

	@AfterEach
	void close() {
		this.resolver.close();
	}

	private PartitionKeyResolver resolver(PartitionKeyResolver.Lookup lookup) {
		this.resolver.close();
		this.resolver = new PartitionKeyResolver(Map.of("preloaded", "id"), lookup, this.ticker,
				new SplittableRandom(1), Duration.ofMillis(1), "alternator-test-partition-keys");
		return this.resolver;
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within 5 s").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	@Test
	void preloadedTableNeedsNoLookup() {
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			calls.incrementAndGet();
			return "pk";
		});
		assertThat(resolver.partitionKey("preloaded")).isEqualTo("id");
		assertThat(calls).hasValue(0);
	}

	@Test
	void unknownTableReturnsAtOnceAndIsDiscoveredInTheBackground() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			calls.incrementAndGet();
			release.await(5, TimeUnit.SECONDS);
			return "pk";
		});
		long start = System.nanoTime();
		for (int i = 0; i < 100; i++) {
			assertThat(resolver.partitionKey("t")).isNull();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		release.countDown();
		await(() -> "pk".equals(resolver.partitionKey("t")));
		assertThat(calls).as("one lookup in flight per table").hasValue(1);
	}

	@Test
	void transientFailuresAreRetriedFourTimesWithoutCooldown() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			calls.incrementAndGet();
			throw SdkClientException.create("connection refused");
		});
		resolver.partitionKey("t");
		await(() -> calls.get() == 4 && !resolver.inFlight("t"));
		Thread.sleep(50);
		assertThat(calls).hasValue(4);
		resolver.partitionKey("t");
		await(() -> calls.get() == 8 && !resolver.inFlight("t"));
	}

	@Test
	void transientFailureThenSuccessIsCached() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			if (calls.incrementAndGet() < 3) {
				throw serviceException(500, "InternalServerError");
			}
			return "pk";
		});
		resolver.partitionKey("t");
		await(() -> "pk".equals(resolver.partitionKey("t")));
		assertThat(calls).hasValue(3);
	}

	@Test
	void permanentFailureSuppressesLookupsForFiveMinutes() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			calls.incrementAndGet();
			throw ResourceNotFoundException.builder().message("Requested resource not found").build();
		});
		resolver.partitionKey("missing");
		await(() -> !resolver.inFlight("missing") && calls.get() == 1);
		this.now.addAndGet(Duration.ofMinutes(5).minusSeconds(1).toNanos());
		for (int i = 0; i < 10; i++) {
			assertThat(resolver.partitionKey("missing")).isNull();
		}
		Thread.sleep(50);
		assertThat(calls).hasValue(1);
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		resolver.partitionKey("missing");
		await(() -> calls.get() == 2 && !resolver.inFlight("missing"));
	}

	@Test
	void schemaWithoutHashKeyIsAPermanentFailure() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			calls.incrementAndGet();
			return null;
		});
		resolver.partitionKey("t");
		await(() -> calls.get() == 1 && !resolver.inFlight("t"));
		resolver.partitionKey("t");
		Thread.sleep(50);
		assertThat(calls).hasValue(1);
	}

	@Test
	void failuresAreClassifiedAsTheContractSays() {
		assertThat(PartitionKeyResolver.isPermanent(ResourceNotFoundException.builder().message("x").build())).isTrue();
		assertThat(PartitionKeyResolver.isPermanent(serviceException(403, "Forbidden"))).isTrue();
		assertThat(PartitionKeyResolver.isPermanent(serviceException(400, "AccessDeniedException"))).isTrue();
		assertThat(PartitionKeyResolver.isPermanent(serviceException(400, "ValidationException"))).isTrue();
		assertThat(PartitionKeyResolver.isPermanent(serviceException(404, "Whatever"))).isTrue();
		assertThat(PartitionKeyResolver.isPermanent(serviceException(429, "ThrottlingException"))).isFalse();
		assertThat(PartitionKeyResolver.isPermanent(serviceException(500, "InternalServerError"))).isFalse();
		assertThat(PartitionKeyResolver.isPermanent(serviceException(503, "ServiceUnavailable"))).isFalse();
		assertThat(PartitionKeyResolver.isPermanent(SdkClientException.create("timeout"))).isFalse();
		assertThat(PartitionKeyResolver.isPermanent(new IllegalStateException("x"))).isFalse();
	}

	@Test
	void backoffDoublesFromTheInitialDelayUpToTwoSecondsWithTwentyPercentJitter() {
		PartitionKeyResolver production = new PartitionKeyResolver(Map.of(), (table) -> "pk", this.ticker,
				new SplittableRandom(3), PartitionKeyResolver.INITIAL_BACKOFF, "alternator-test-partition-keys");
		try {
			List<Long> bases = List.of(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
			for (int attempt = 1; attempt <= bases.size(); attempt++) {
				long base = TimeUnit.MILLISECONDS.toNanos(bases.get(attempt - 1));
				for (int i = 0; i < 200; i++) {
					assertThat(production.backoffNanos(attempt)).isBetween((long) (base * 0.8), (long) (base * 1.2));
				}
			}
		}
		finally {
			production.close();
		}
	}

	@Test
	void atMostSixtyFourTablesWaitForALookup() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			calls.incrementAndGet();
			release.await(5, TimeUnit.SECONDS);
			return "pk";
		});
		for (int i = 0; i < 100; i++) {
			resolver.partitionKey("t" + i);
		}
		release.countDown();
		await(() -> !resolver.inFlight("t63"));
		Thread.sleep(50);
		assertThat(calls).hasValue(PartitionKeyResolver.QUEUE_CAPACITY);
		assertThat(resolver.partitionKey("t0")).isEqualTo("pk");
		assertThat(resolver.partitionKey("t99")).isNull();
		await(() -> "pk".equals(resolver.partitionKey("t99")));
	}

	@Test
	void closeStopsTheWorkerAndLaterTablesAreNotLookedUp() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		PartitionKeyResolver resolver = resolver((table) -> {
			calls.incrementAndGet();
			return "pk";
		});
		resolver.partitionKey("t");
		await(() -> calls.get() == 1);
		resolver.close();
		assertThat(resolver.partitionKey("u")).isNull();
		Thread.sleep(50);
		assertThat(calls).hasValue(1);
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.getName().equals("alternator-test-partition-keys") && thread.isAlive());
	}

	private static AwsServiceException serviceException(int status, String code) {
		return DynamoDbException.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
			.message(code)
			.build();
	}

	@Test
	void lookupMapsStayBoundedWithManyTableNames() throws Exception {
		int cap = 8;
		this.resolver.close();
		PartitionKeyResolver resolver = new PartitionKeyResolver(Map.of("preloaded", "id"), (table) -> {
			if (table.startsWith("missing-")) {
				throw ResourceNotFoundException.builder().message("Requested resource not found").build();
			}
			return "pk";
		}, this.ticker, new SplittableRandom(1), Duration.ofMillis(1), "alternator-test-partition-keys", cap);
		this.resolver = resolver;
		Logger logger = (Logger) Logging.LOGGER;
		Level level = logger.getLevel();
		// one WARN per failed table is expected here; keep the build output readable
		logger.setLevel(Level.ERROR);
		try {
			for (int i = 0; i < 5 * cap; i++) {
				List<String> names = List.of("table-" + i, "missing-" + i);
				names.forEach(resolver::partitionKey);
				await(() -> names.stream().noneMatch(resolver::inFlight));
			}
		}
		finally {
			logger.setLevel(level);
		}
		assertThat(resolver.knownTables()).as("discovered keys plus the preloaded one").isEqualTo(cap + 1);
		assertThat(resolver.coolingDownTables()).isEqualTo(cap);
		assertThat(resolver.partitionKey("preloaded")).as("preloaded entries are never evicted").isEqualTo("id");
		assertThat(resolver.partitionKey("table-" + (5 * cap - 1))).as("the newest entry is kept").isEqualTo("pk");
		long lookups = resolver.lookups();
		assertThat(resolver.partitionKey("table-0")).as("the oldest entry was evicted").isNull();
		await(() -> !resolver.inFlight("table-0"));
		assertThat(resolver.lookups()).isEqualTo(lookups + 1);
		assertThat(resolver.partitionKey("table-0")).isEqualTo("pk");
	}

}
