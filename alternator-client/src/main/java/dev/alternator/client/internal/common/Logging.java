package dev.alternator.client.internal.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's logging facade: every class logs through the {@code alternator} logger,
 * so operators configure one name. INFO: discovery changes; WARN: fallbacks, quarantines,
 * failed discovery; DEBUG: routing decisions.
 */
public final class Logging {

	/**
	 * The {@code alternator} logger.
	 */
	public static final Logger LOGGER = LoggerFactory.getLogger("alternator");

	private Logging() {
	}

}
