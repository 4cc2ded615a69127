package dev.alternator.client.internal.sdk;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.alternator.client.internal.common.Ticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SdkSchedulerTests {

	private final AtomicLong now = new AtomicLong();

	private final Ticker fakeTicker = new Ticker(this.now::get, Clock.systemUTC());

	/**
	 * The fake ticker's value at the last call (what the node directory's activity is).
	 */
	private final AtomicLong lastCall = new AtomicLong();

	@Test
	void whileCallsFlowANewAttemptTimerNeverBecomesTheQueueHeadSoNoThreadIsWokenForIt() {
		SdkScheduler scheduler = busyScheduler(Duration.ofSeconds(10));
		try {
			scheduler.beforeCall();
			Runnable head = scheduler.executor().getQueue().peek();
			assertThat(head).isNotNull();
			for (int call = 0; call < 100; call++) {
				scheduler.beforeCall();
				ScheduledFuture<?> timer = scheduler.executor().schedule(() -> {
				}, 10, TimeUnit.SECONDS);
				// a new head is what makes the executor signal a waiting thread
				assertThat(scheduler.executor().getQueue().peek()).isSameAs(head);
				timer.cancel(false);
			}
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void aCancelledAttemptTimerLeavesTheQueueAtOnce() {
		SdkScheduler scheduler = busyScheduler(Duration.ofSeconds(10));
		try {
			scheduler.beforeCall();
			for (int call = 0; call < 100; call++) {
				scheduler.executor().schedule(() -> {
				}, 10, TimeUnit.SECONDS).cancel(false);
			}
			assertThat(scheduler.executor().getQueue()).hasSize(1);
			assertThat(scheduler.executor().getCompletedTaskCount()).isZero();
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void pacingStopsAfterAMinuteWithoutCallsAndRestartsWithTheNextCall() throws Exception {
		SdkScheduler scheduler = new SdkScheduler("test-sdk-scheduler", Duration.ofMillis(2), this.fakeTicker,
				this.lastCall::get);
		try {
			scheduler.beforeCall();
			assertThat(scheduler.pacing()).isTrue();
			long idle = SdkScheduler.IDLE_AFTER.toNanos();
			// a call half a minute in keeps it pacing a minute after the first call
			this.now.set(idle / 2);
			this.lastCall.set(idle / 2);
			this.now.set(idle + 1);
			Thread.sleep(50);
			assertThat(scheduler.pacing()).isTrue();
			this.now.set(idle / 2 + idle);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (scheduler.pacing() && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(scheduler.pacing()).isFalse();
			assertThat(scheduler.executor().getQueue()).isEmpty();
			this.lastCall.set(this.now.get());
			scheduler.beforeCall();
			assertThat(scheduler.pacing()).isTrue();
			assertThat(scheduler.executor().getQueue()).hasSize(1);
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void pacingPeriodIsHalfTheAttemptTimeoutBetweenOneMillisecondAndOneSecond() {
		assertThat(pace(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
		assertThat(pace(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(250));
		assertThat(pace(Duration.ofNanos(1000))).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void threadsAreNamedDaemonsAndStopOnShutdown() throws Exception {
		SdkScheduler scheduler = busyScheduler(Duration.ofSeconds(10));
		Thread thread;
		try {
			thread = scheduler.executor().schedule(Thread::currentThread, 0, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
			assertThat(thread.getName()).startsWith("test-sdk-scheduler-");
			assertThat(thread.isDaemon()).isTrue();
		}
		finally {
			scheduler.shutdown();
		}
		assertThat(scheduler.executor().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		scheduler.beforeCall();
		assertThat(scheduler.executor().getQueue()).isEmpty();
	}

	/** A scheduler whose client is never idle. */
	private static SdkScheduler busyScheduler(Duration attemptTimeout) {
		Ticker ticker = Ticker.system();
		return new SdkScheduler("test-sdk-scheduler", attemptTimeout, ticker, ticker::now);
	}

	private static Duration pace(Duration attemptTimeout) {
		SdkScheduler scheduler = busyScheduler(attemptTimeout);
		scheduler.shutdown();
		return Duration.ofNanos(scheduler.paceNanos());
	}

}
