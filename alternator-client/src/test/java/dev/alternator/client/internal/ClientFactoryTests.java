package dev.alternator.client.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientFactoryTests {

	@Test
	void sdkSchedulerDropsACancelledAttemptTimeoutAtOnceInsteadOfWakingForItLater() throws Exception {
		ScheduledThreadPoolExecutor scheduler = ClientFactory.sdkScheduler("test-sdk-scheduler");
		try {
			for (int i = 0; i < 100; i++) {
				ScheduledFuture<?> timeout = scheduler.schedule(() -> {
				}, 10, TimeUnit.SECONDS);
				timeout.cancel(false);
			}
			assertThat(scheduler.getQueue()).isEmpty();
			assertThat(scheduler.getCompletedTaskCount()).isZero();
		}
		finally {
			scheduler.shutdownNow();
		}
		assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void sdkSchedulerThreadsAreNamedDaemons() throws Exception {
		ScheduledThreadPoolExecutor scheduler = ClientFactory.sdkScheduler("test-sdk-scheduler");
		try {
			Thread thread = scheduler.schedule(Thread::currentThread, 0, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
			assertThat(thread.getName()).startsWith("test-sdk-scheduler-");
			assertThat(thread.isDaemon()).isTrue();
		}
		finally {
			scheduler.shutdownNow();
		}
	}

}
