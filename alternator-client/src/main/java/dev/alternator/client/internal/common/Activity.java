package dev.alternator.client.internal.common;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * When requests were last routed, so discovery can refresh often while requests flow and
 * rarely when idle. The first request after an idle period wakes discovery up; a request
 * routed while the directory is stopped logs one WARN per stop, because it routes over a
 * node list that is no longer refreshed.
 * <p>
 * Thread-safe. {@link #mark()} is on every call's path: one volatile read, and a write at
 * most once per millisecond.
 */
public final class Activity {

	/**
	 * How precisely the time of the last request is kept (far below any refresh
	 * interval).
	 */
	private static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final Logger logger = Logging.LOGGER;

	private static final int AWAKE = 0;

	private static final int IDLE = 1;

	private static final int STOPPED = 2;

	private static final int STOPPED_WARNED = 3;

	private final Ticker ticker;

	private final Runnable wakeUp;

	private volatile long lastNanos;

	private volatile int state = AWAKE;

	/**
	 * Creates the tracker.
	 * @param ticker the time source
	 * @param wakeUp asks discovery for a cycle after an idle period
	 */
	public Activity(Ticker ticker, Runnable wakeUp) {
		this.ticker = ticker;
		this.wakeUp = wakeUp;
		this.lastNanos = ticker.now();
	}

	/**
	 * Notes that a request was routed.
	 */
	public void mark() {
		long now = this.ticker.now();
		// written at most once per millisecond: request threads on every core would
		// otherwise keep stealing the cache line from each other
		if (now - this.lastNanos >= RESOLUTION_NANOS) {
			this.lastNanos = now;
		}
		int current = this.state;
		if (current == AWAKE || current == STOPPED_WARNED) {
			return;
		}
		if (current == IDLE) {
			this.state = AWAKE;
			this.wakeUp.run();
		}
		else {
			this.state = STOPPED_WARNED;
			logger.warn("A request was routed while node discovery and health probes are stopped: "
					+ "the node list is not refreshed until the directory is started again");
		}
	}

	/**
	 * When a request was last routed, to the millisecond.
	 * @return the ticker's value then (creation time before any request)
	 */
	public long lastNanos() {
		return this.lastNanos;
	}

	/**
	 * Whether no request was routed for at least the given time.
	 * @param nanos the idle threshold
	 * @return whether idle
	 */
	public boolean idleFor(long nanos) {
		return this.ticker.now() - this.lastNanos >= nanos;
	}

	/**
	 * Discovery went to its idle interval: the next request wakes it up.
	 */
	public void sleeping() {
		if (this.state == AWAKE) {
			this.state = IDLE;
		}
	}

	/**
	 * Discovery and probes were stopped (requests log one WARN) or started again.
	 * @param stopped whether stopped
	 */
	public void stopped(boolean stopped) {
		this.state = stopped ? STOPPED : AWAKE;
	}

}
