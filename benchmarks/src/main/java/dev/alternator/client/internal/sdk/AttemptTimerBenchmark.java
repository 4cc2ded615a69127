package dev.alternator.client.internal.sdk;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.internal.common.DaemonThreads;
import dev.alternator.client.internal.common.Ticker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the attempt timeout costs a request thread: the SDK arms a timer when an attempt
 * starts ({@code schedule(task, attemptTimeout, MILLISECONDS)}) and cancels it when the
 * attempt ends. Compares the SDK's default scheduler (a
 * {@link ScheduledThreadPoolExecutor} that keeps cancelled timers queued until their
 * deadline) with the library's {@link SdkScheduler} (cancelled timers leave at once; its
 * pacer is running, as while calls flow). Eight threads on the machine's cores, so that
 * the schedulers' locks are contended; the rate here is far above a real client's, which
 * is what makes the default scheduler's queue of cancelled timers (rate × 2 s) grow.
 * {@code -prof gc} shows the allocation per attempt.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(8)
@State(Scope.Benchmark)
public class AttemptTimerBenchmark {

	private static final long ATTEMPT_TIMEOUT_MILLIS = 2000;

	private static final Runnable TIMEOUT_TASK = () -> {
	};

	@Param({ "sdk-default", "library" })
	public String scheduler;

	private ScheduledExecutorService executor;

	private SdkScheduler library;

	@Setup(Level.Trial)
	public void setUp() {
		if (this.scheduler.equals("library")) {
			Ticker ticker = Ticker.system();
			this.library = new SdkScheduler("bench-library", Duration.ofMillis(ATTEMPT_TIMEOUT_MILLIS), ticker,
					ticker::now);
			this.library.beforeCall();
			this.executor = this.library.executor();
		}
		else if (this.scheduler.equals("sdk-default")) {
			this.executor = new ScheduledThreadPoolExecutor(5, DaemonThreads.named("bench-sdk"));
		}
		else {
			throw new IllegalArgumentException("unknown scheduler " + this.scheduler);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.library != null) {
			this.library.shutdown();
		}
		else {
			this.executor.shutdownNow();
		}
	}

	/** One attempt's timer: armed, then cancelled because the attempt ended in time. */
	@Benchmark
	public boolean armAndCancel() {
		return this.executor.schedule(TIMEOUT_TASK, ATTEMPT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).cancel(false);
	}

}
