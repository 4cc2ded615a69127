package dev.alternator.client;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Collects what one logger (and its descendants) logs while it is open, instead of
 * printing it: a test that provokes an expected WARN with a stack trace asserts on it
 * here, so that the build output shows stack traces only for real failures.
 * <p>
 * Thread-safe: events may be logged from any thread.
 */
final class CapturedLog implements AutoCloseable {

	private final Logger logger;

	private final boolean additive;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private CapturedLog(Logger logger) {
		this.logger = logger;
		this.additive = logger.isAdditive();
		this.appender.start();
		logger.addAppender(this.appender);
		logger.setAdditive(false);
	}

	/**
	 * Starts capturing a logger until {@link #close()}.
	 * @param name the logger name
	 * @return the capture
	 */
	static CapturedLog of(String name) {
		return new CapturedLog((Logger) LoggerFactory.getLogger(name));
	}

	/**
	 * The events logged so far.
	 * @return a copy of the events
	 */
	List<ILoggingEvent> events() {
		// the appender adds events while holding its own lock
		synchronized (this.appender) {
			return List.copyOf(this.appender.list);
		}
	}

	@Override
	public void close() {
		this.logger.setAdditive(this.additive);
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

}
