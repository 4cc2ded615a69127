package dev.alternator.client.internal.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the library's threads: daemons (an application never waits for
 * them to exit), named {@code <prefix>-<n>} so a thread dump tells whose they are.
 * <p>
 * Thread-safe.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * A factory of daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ...
	 * @param prefix the name prefix
	 * @return the factory
	 */
	public static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
