package dev.alternator.client.internal.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import dev.alternator.client.AlternatorConfig;

/**
 * The library's user agent: {@code alternator-client/<version>}, the version read from
 * the jar's Maven metadata ({@code unknown} when absent, e.g. in an IDE).
 * <p>
 * Thread-safe.
 */
public final class UserAgent {

	static final String NAME = "alternator-client";

	static final String VERSION = readVersion();

	private UserAgent() {
	}

	public static String value(AlternatorConfig config) {
		String configured = config.userAgent();
		return (configured != null) ? configured : NAME + "/" + VERSION;
	}

	private static String readVersion() {
		String fromManifest = UserAgent.class.getPackage().getImplementationVersion();
		if (fromManifest != null && !fromManifest.isBlank()) {
			return fromManifest.replaceAll("\\s", "_");
		}
		try (InputStream in = UserAgent.class
			.getResourceAsStream("/META-INF/maven/dev.alternator/alternator-client/pom.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				String version = properties.getProperty("version");
				if (version != null && !version.isBlank()) {
					return version.replaceAll("\\s", "_");
				}
			}
		}
		catch (IOException ex) {
			// fall through to unknown
		}
		return "unknown";
	}

}
