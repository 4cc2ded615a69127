package dev.alternator.client.internal.common;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AttemptOutcome;
import org.slf4j.Logger;

/**
 * Delivers listener events on one daemon thread, in order, never on a request thread. The
 * queue is bounded: when full, the oldest event is dropped and counted.
 * <p>
 * Thread-safe.
 */
public final class EventDispatcher implements AutoCloseable {

	private static final Logger logger = Logging.LOGGER;

	private static final int CAPACITY = 16_384;

	private final List<AlternatorListener> listeners = new CopyOnWriteArrayList<>();

	private final ArrayBlockingQueue<Consumer<AlternatorListener>> queue = new ArrayBlockingQueue<>(CAPACITY);

	private final AtomicLong dropped = new AtomicLong();

	private volatile int attemptListeners;

	private volatile int keyAffinityListeners;

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * Creates the dispatcher; events published before {@link #start()} wait in the queue.
	 * @param name the thread name
	 */
	public EventDispatcher(String name) {
		this.thread = new Thread(this::run, name);
		this.thread.setDaemon(true);
	}

	/**
	 * Starts the delivery thread.
	 */
	public void start() {
		if (!this.closed && this.thread.getState() == Thread.State.NEW) {
			this.thread.start();
		}
	}

	/**
	 * Adds a listener.
	 * @param listener the listener
	 */
	public synchronized void add(AlternatorListener listener) {
		this.listeners.add(listener);
		count(listener, 1);
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public synchronized void remove(AlternatorListener listener) {
		if (this.listeners.remove(listener)) {
			count(listener, -1);
		}
	}

	private void count(AlternatorListener listener, int delta) {
		if (overrides(listener, "attemptCompleted", String.class, AttemptOutcome.class, Duration.class)) {
			this.attemptListeners += delta;
		}
		if (overrides(listener, "keyAffinity", String.class, boolean.class)) {
			this.keyAffinityListeners += delta;
		}
	}

	/**
	 * Whether the listener's class implements the event method (instead of the no-op).
	 */
	private static boolean overrides(AlternatorListener listener, String method, Class<?>... parameters) {
		try {
			return listener.getClass().getMethod(method, parameters).getDeclaringClass() != AlternatorListener.class;
		}
		catch (NoSuchMethodException | SecurityException ex) {
			return true;
		}
	}

	/**
	 * Whether anybody listens; callers skip building events otherwise.
	 * @return whether there are listeners
	 */
	public boolean hasListeners() {
		return !this.listeners.isEmpty();
	}

	/**
	 * Whether a listener implements
	 * {@link AlternatorListener#attemptCompleted(String, AttemptOutcome, Duration)}: the
	 * per-attempt event is built and queued only then, so that listeners of membership
	 * events (the metrics binder) cost requests nothing.
	 * @return whether attempt events are wanted
	 */
	public boolean wantsAttemptEvents() {
		return this.attemptListeners > 0;
	}

	/**
	 * Whether a listener implements
	 * {@link AlternatorListener#keyAffinity(String, boolean)}.
	 * @return whether key-affinity events are wanted
	 */
	public boolean wantsKeyAffinityEvents() {
		return this.keyAffinityListeners > 0;
	}

	/**
	 * Number of events dropped because the queue was full.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.get();
	}

	/**
	 * Queues an event for every listener.
	 * @param event the event
	 */
	public void publish(Consumer<AlternatorListener> event) {
		if (this.closed || this.listeners.isEmpty()) {
			return;
		}
		while (!this.queue.offer(event)) {
			if (this.queue.poll() != null) {
				long count = this.dropped.incrementAndGet();
				if (count == 1 || count % 10_000 == 0) {
					logger.warn("Listener events are dropped because a listener is too slow ({} so far)", count);
				}
			}
		}
	}

	private void run() {
		while (!this.closed || !this.queue.isEmpty()) {
			Consumer<AlternatorListener> event;
			try {
				event = this.queue.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				if (this.closed) {
					return;
				}
				continue;
			}
			if (event == null) {
				continue;
			}
			for (AlternatorListener listener : this.listeners) {
				try {
					event.accept(listener);
				}
				catch (RuntimeException ex) {
					logger.warn("Listener {} failed; the event is ignored", listener, ex);
				}
			}
		}
	}

	/**
	 * Delivers what is queued (waiting at most 1 s), then stops the thread.
	 */
	@Override
	public void close() {
		this.closed = true;
		if (this.thread.getState() == Thread.State.NEW) {
			return;
		}
		try {
			this.thread.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			this.thread.interrupt();
		}
	}

}
