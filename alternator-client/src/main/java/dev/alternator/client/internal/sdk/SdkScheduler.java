package dev.alternator.client.internal.sdk;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import dev.alternator.client.internal.common.DaemonThreads;
import dev.alternator.client.internal.common.Ticker;

/**
 * The scheduler one client gives the SDK for its attempt timeouts (and, in async clients,
 * retry delays), built so that a request costs no thread wake-up.
 * <p>
 * The SDK schedules a timer for every attempt and cancels it when the attempt ends. On
 * the SDK's default scheduler a cancelled timer stays queued until its deadline and a
 * thread wakes to discard it: one wake-up per request. Here a cancelled timer is removed
 * at once ({@code setRemoveOnCancelPolicy}). That alone still wakes a thread whenever a
 * new timer becomes the queue's head — every request when calls are sequential, because
 * the queue is empty between them. So while calls flow a <em>pacer</em> task stays queued
 * with a deadline earlier than any attempt timer's ({@code min(1 s, attempt timeout / 2)}
 * ahead): a new timer never becomes the head, and the threads wake once per pacing period
 * instead of once per request. The pacer stops after {@link #IDLE_AFTER} without calls
 * (the node directory's last activity, which every call marks) and starts again with the
 * next call.
 * <p>
 * Thread-safe.
 */
final class SdkScheduler {

	/** As many threads as the SDK's own default scheduler. */
	static final int THREADS = 5;

	/** Pacing stops after this long without a call. */
	static final Duration IDLE_AFTER = Duration.ofSeconds(60);

	private static final long MAX_PACE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long MIN_PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final ScheduledThreadPoolExecutor executor;

	private final Ticker ticker;

	private final long paceNanos;

	private final LongSupplier lastCallNanos;

	private final AtomicBoolean pacing = new AtomicBoolean();

	/**
	 * Creates the scheduler; its threads start on first use.
	 * @param threadNamePrefix prefix of the daemon threads' names
	 * @param attemptTimeout the client's attempt timeout
	 * @param ticker time source
	 * @param lastCallNanos the ticker's value at the last call
	 */
	SdkScheduler(String threadNamePrefix, Duration attemptTimeout, Ticker ticker, LongSupplier lastCallNanos) {
		this.executor = new ScheduledThreadPoolExecutor(THREADS, DaemonThreads.named(threadNamePrefix));
		this.executor.setRemoveOnCancelPolicy(true);
		this.ticker = ticker;
		this.lastCallNanos = lastCallNanos;
		this.paceNanos = Math.max(MIN_PACE_NANOS, Math.min(MAX_PACE_NANOS, attemptTimeout.toNanos() / 2));
	}

	/** The executor to hand to the SDK. */
	ScheduledThreadPoolExecutor executor() {
		return this.executor;
	}

	/** The pacing period. */
	long paceNanos() {
		return this.paceNanos;
	}

	/** Whether the pacer is queued, or pacing has stopped for good (for tests). */
	boolean pacing() {
		return this.pacing.get();
	}

	/**
	 * Notes a call, after it marked its activity and before its first attempt schedules a
	 * timer: starts the pacer if it is not running. Costs a volatile read on the common
	 * path.
	 */
	void beforeCall() {
		if (!this.pacing.get() && this.pacing.compareAndSet(false, true)) {
			schedulePace();
		}
	}

	private void schedulePace() {
		try {
			this.executor.schedule(this::pace, this.paceNanos, TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// shut down: nothing left to pace, and {@code pacing} stays set so that calls
			// do not try again
		}
	}

	private void pace() {
		if (!idle()) {
			schedulePace();
			return;
		}
		this.pacing.set(false);
		// a call that saw the pacer still running just before it stopped restarts it
		if (!idle() && this.pacing.compareAndSet(false, true)) {
			schedulePace();
		}
	}

	private boolean idle() {
		return this.ticker.now() - this.lastCallNanos.getAsLong() >= IDLE_AFTER.toNanos();
	}

	/**
	 * Stops the threads and pacing for good; pending timers are dropped. Also used when
	 * the user gave the SDK a scheduler of their own.
	 */
	void shutdown() {
		this.pacing.set(true);
		this.executor.shutdownNow();
	}

}
