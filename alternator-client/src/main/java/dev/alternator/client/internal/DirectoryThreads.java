package dev.alternator.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.alternator.client.internal.common.DaemonThreads;
import org.jspecify.annotations.Nullable;

/**
 * The threads of one node directory, one kind per job so that no job can hold up another:
 * a timer thread that only decides when things happen (discovery cycles, probe times,
 * request deadlines, placement refreshes) and never does I/O; one discovery thread; probe
 * threads; name lookup threads; one placement thread (replica-aware routing's reads of
 * system tables). All are daemons named after the directory and start on first use.
 * <p>
 * With an injected scheduler (tests, or an application that wants to own the threads)
 * every job runs on it and nothing is shut down by {@link #close()}.
 * <p>
 * Thread-safe.
 *
 * @param timer schedules; never blocks
 * @param discovery runs discovery cycles
 * @param probes runs health probes
 * @param dns runs name lookups
 * @param placement runs the reads of replica placement
 * @param owned the executors this set shuts down
 */
record DirectoryThreads(ScheduledExecutorService timer, ExecutorService discovery, ExecutorService probes,
		ExecutorService dns, ExecutorService placement, List<ExecutorService> owned) implements AutoCloseable {

	static final int PROBE_THREADS = 2;

	static final int DNS_THREADS = 2;

	/**
	 * The threads for a directory.
	 * @param name the directory's name, the prefix of thread names
	 * @param injected a scheduler to run everything on, or {@code null} to own threads
	 * @return the thread set
	 */
	static DirectoryThreads of(String name, @Nullable ScheduledExecutorService injected) {
		if (injected != null) {
			return new DirectoryThreads(injected, injected, injected, injected, injected, List.of());
		}
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named(name + "-timer"));
		timer.setRemoveOnCancelPolicy(true);
		ExecutorService discovery = Executors.newSingleThreadExecutor(DaemonThreads.named(name + "-discovery"));
		ExecutorService probes = Executors.newFixedThreadPool(PROBE_THREADS, DaemonThreads.named(name + "-probe"));
		ExecutorService dns = Executors.newFixedThreadPool(DNS_THREADS, DaemonThreads.named(name + "-dns"));
		ExecutorService placement = Executors.newSingleThreadExecutor(DaemonThreads.named(name + "-placement"));
		List<ExecutorService> owned = new ArrayList<>(List.of(timer, discovery, probes, dns, placement));
		return new DirectoryThreads(timer, discovery, probes, dns, placement, List.copyOf(owned));
	}

	/**
	 * Interrupts the owned threads and waits for them, at most 5 s in all.
	 */
	@Override
	public void close() {
		for (ExecutorService executor : this.owned) {
			executor.shutdownNow();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		for (ExecutorService executor : this.owned) {
			try {
				executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
