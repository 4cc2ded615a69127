package dev.alternator.spring.autoconfigure;

import dev.alternator.client.AlternatorNodeDirectory;

import org.springframework.context.SmartLifecycle;

/**
 * Stops the node directory's discovery and health probes late during shutdown: after the
 * web server stopped accepting and drained its requests (graceful shutdown), and before
 * the client beans are destroyed.
 * <p>
 * The directory starts discovering when it is created (its first discovery runs before
 * the client beans exist). {@link #stop()} pauses its discovery and health probes
 * ({@code context.stop()}, a checkpoint); {@link #start()} resumes them with a discovery
 * cycle at once, so clients never route over a list that stopped being refreshed. The
 * directory is closed for good when its bean is destroyed.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class AlternatorNodeDirectoryLifecycle implements SmartLifecycle {

	/**
	 * The lifecycle phase: below Spring Boot's web server start/stop phase
	 * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE} =
	 * {@code DEFAULT_PHASE - 2048}), which is below its graceful shutdown phase
	 * ({@code DEFAULT_PHASE - 1024}). Lower phases stop later, so discovery keeps running
	 * while in-flight requests drain.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private final AlternatorNodeDirectory directory;

	private volatile boolean running;

	/**
	 * Creates a lifecycle for a directory.
	 * @param directory the directory
	 */
	public AlternatorNodeDirectoryLifecycle(AlternatorNodeDirectory directory) {
		this.directory = directory;
	}

	@Override
	public void start() {
		if (this.directory.isStopped()) {
			this.directory.start();
		}
		this.running = !this.directory.isClosed();
	}

	@Override
	public void stop() {
		this.running = false;
		this.directory.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
