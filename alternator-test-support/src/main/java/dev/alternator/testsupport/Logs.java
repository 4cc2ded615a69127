package dev.alternator.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that creates SLF4J loggers for this module; every logger name starts with
 * {@code alternator.testsupport.}.
 */
final class Logs {

	private static final String PREFIX = "alternator.testsupport.";

	private Logs() {
	}

	static Logger logger(String name) {
		return LoggerFactory.getLogger(PREFIX + name);
	}

}
