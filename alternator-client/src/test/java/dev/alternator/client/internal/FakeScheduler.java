package dev.alternator.client.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.internal.common.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * A scheduler on virtual time for deterministic tests: nothing runs until the test
 * advances the time, then every task due runs on the test's thread, in due-time order
 * (ties in submission order). {@link #ticker()} reads the same virtual time.
 * <p>
 * Not thread-safe: one test thread drives it. Public for the tests of other internal
 * packages.
 */
public final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

	private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();

	private long nowNanos;

	private long sequence;

	private boolean shutdown;

	/**
	 * The virtual time, as a ticker.
	 * @return the ticker
	 */
	public Ticker ticker() {
		return new Ticker(() -> this.nowNanos, new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return EPOCH.plusNanos(FakeScheduler.this.nowNanos);
			}

		});
	}

	/**
	 * The virtual time elapsed, in milliseconds.
	 * @return the time
	 */
	public long millis() {
		return TimeUnit.NANOSECONDS.toMillis(this.nowNanos);
	}

	/**
	 * Runs every task due now, including those they schedule for now.
	 */
	public void runDue() {
		advance(Duration.ZERO);
	}

	/**
	 * Moves the time forward, running each task at its due time.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		long end = this.nowNanos + duration.toNanos();
		while (true) {
			Task<?> next = this.queue.peek();
			if (next == null || next.at > end) {
				break;
			}
			this.queue.poll();
			this.nowNanos = Math.max(this.nowNanos, next.at);
			next.run();
		}
		this.nowNanos = end;
	}

	/**
	 * Tasks waiting, cancelled ones excluded.
	 * @return the count
	 */
	public int pending() {
		int count = 0;
		for (Task<?> task : this.queue) {
			if (!task.isCancelled()) {
				count++;
			}
		}
		return count;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return add(() -> {
			command.run();
			return null;
		}, unit.toNanos(delay), 0);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return add(callable, unit.toNanos(delay), 0);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		return add(() -> {
			command.run();
			return null;
		}, unit.toNanos(initialDelay), unit.toNanos(period));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		return scheduleAtFixedRate(command, initialDelay, delay, unit);
	}

	@Override
	public void execute(Runnable command) {
		schedule(command, 0, TimeUnit.NANOSECONDS);
	}

	private <V> Task<V> add(Callable<V> callable, long delayNanos, long periodNanos) {
		if (this.shutdown) {
			throw new java.util.concurrent.RejectedExecutionException("shut down");
		}
		Task<V> task = new Task<>(callable, this.nowNanos + Math.max(0, delayNanos), periodNanos, this.sequence++);
		this.queue.add(task);
		return task;
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> left = new ArrayList<>(this.queue);
		this.queue.clear();
		return left;
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return this.shutdown && this.queue.isEmpty();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return isTerminated();
	}

	private final class Task<V> implements ScheduledFuture<V>, Runnable {

		private final Callable<V> callable;

		private final long periodNanos;

		private final long sequence;

		private long at;

		private boolean cancelled;

		private boolean done;

		private @Nullable V result;

		private @Nullable Throwable failure;

		Task(Callable<V> callable, long at, long periodNanos, long sequence) {
			this.callable = callable;
			this.at = at;
			this.periodNanos = periodNanos;
			this.sequence = sequence;
		}

		@Override
		public void run() {
			if (this.cancelled) {
				return;
			}
			try {
				this.result = this.callable.call();
			}
			catch (Exception ex) {
				this.failure = ex;
				this.done = true;
				return;
			}
			if (this.periodNanos > 0) {
				this.at += this.periodNanos;
				FakeScheduler.this.queue.add(this);
			}
			else {
				this.done = true;
			}
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.at - FakeScheduler.this.nowNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			Task<?> that = (Task<?>) other;
			int byTime = Long.compare(this.at, that.at);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, that.sequence);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			if (this.done) {
				return false;
			}
			this.cancelled = true;
			this.done = true;
			FakeScheduler.this.queue.remove(this);
			return true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done;
		}

		@Override
		public V get() throws ExecutionException {
			if (!this.done) {
				throw new IllegalStateException("not run yet: advance the fake time");
			}
			if (this.failure != null) {
				throw new ExecutionException(this.failure);
			}
			return this.result;
		}

		@Override
		public V get(long timeout, TimeUnit unit) throws ExecutionException {
			return get();
		}

	}

}
