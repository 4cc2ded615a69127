package dev.alternator.testsupport;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ThreadFactory} of named daemon threads ({@code <prefix><n>}). Thread-safe.
 */
final class DaemonThreads implements ThreadFactory {

	private final String prefix;

	private final AtomicInteger counter = new AtomicInteger();

	DaemonThreads(String prefix) {
		this.prefix = prefix;
	}

	@Override
	public Thread newThread(Runnable task) {
		return start(this.prefix + this.counter.incrementAndGet(), task, false);
	}

	/**
	 * Creates a daemon thread with the given name, started if {@code start} is true.
	 */
	static Thread start(String name, Runnable task, boolean start) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		if (start) {
			thread.start();
		}
		return thread;
	}

}
