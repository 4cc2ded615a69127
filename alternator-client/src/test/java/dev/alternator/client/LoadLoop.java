package dev.alternator.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator for scenario tests: threads send requests back to back
 * until a deadline; every latency and failure is recorded. Bounded in time; stops by
 * itself.
 */
final class LoadLoop {

	private final List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());

	private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong requests = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	private final CountDownLatch done;

	LoadLoop(int threadCount, Duration duration, Runnable request) {
		this.done = new CountDownLatch(threadCount);
		long deadline = System.nanoTime() + duration.toNanos();
		for (int i = 0; i < threadCount; i++) {
			Thread thread = new Thread(() -> {
				try {
					while (System.nanoTime() < deadline) {
						long start = System.nanoTime();
						try {
							request.run();
						}
						catch (RuntimeException ex) {
							this.failures.add(ex);
						}
						this.latenciesNanos.add(System.nanoTime() - start);
						this.requests.incrementAndGet();
					}
				}
				finally {
					this.done.countDown();
				}
			}, "load-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
		}
	}

	LoadLoop start() {
		this.threads.forEach(Thread::start);
		return this;
	}

	LoadLoop await(Duration timeout) throws InterruptedException {
		if (!this.done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			throw new AssertionError("load loop did not finish within " + timeout);
		}
		return this;
	}

	long requests() {
		return this.requests.get();
	}

	List<Throwable> failures() {
		return List.copyOf(this.failures);
	}

	Duration max() {
		synchronized (this.latenciesNanos) {
			return Duration.ofNanos(this.latenciesNanos.stream().mapToLong(Long::longValue).max().orElse(0));
		}
	}

	Duration p99() {
		List<Long> sorted;
		synchronized (this.latenciesNanos) {
			sorted = new ArrayList<>(this.latenciesNanos);
		}
		if (sorted.isEmpty()) {
			return Duration.ZERO;
		}
		Collections.sort(sorted);
		return Duration.ofNanos(sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)));
	}

}
