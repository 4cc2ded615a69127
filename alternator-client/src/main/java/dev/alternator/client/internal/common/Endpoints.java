package dev.alternator.client.internal.common;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Canonical endpoint form and order shared by every Alternator client library.
 * <p>
 * The canonical form of an endpoint URL is {@code scheme://host[:port]}: userinfo, path,
 * query and fragment are dropped, scheme and host are lowercased, an IPv6 host stays in
 * brackets and the port is omitted when it is the scheme default ({@code 80} for
 * {@code http}, {@code 443} for {@code https}). Endpoints are deduplicated by that string
 * and sorted ascending, bytewise. Seeded query plans are computed over that order, so the
 * same key maps to the same coordinator in every client.
 * <p>
 * Accepted hosts are those of {@link Host}: IPv4 literals (dotted quad, no leading
 * zeros), IPv6 literals (without zone id) and host names made of ASCII letters, digits
 * and hyphens. IPv6 literals are not otherwise normalized: {@code 2001:db8:0::1} and
 * {@code 2001:db8::1} are different keys.
 * <p>
 * This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Endpoints {

	private Endpoints() {
	}

	/**
	 * Return the canonical form {@code scheme://host[:port]} of an endpoint URL.
	 * @param endpoint an absolute {@code http} or {@code https} URL, for example
	 * {@code http://A:80/path?q#f} or {@code HTTP://[2001:DB8::1]:8000}
	 * @return the canonical form, for example {@code http://a} or
	 * {@code http://[2001:db8::1]:8000}
	 * @throws IllegalArgumentException if the endpoint is not an absolute http(s) URL
	 * with a valid host and port
	 */
	public static String canonical(String endpoint) {
		int schemeEnd = endpoint.indexOf("://");
		if (schemeEnd <= 0) {
			throw invalidEndpoint(endpoint, "expected an absolute URL such as http://host:8000");
		}
		String scheme = endpoint.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
		int defaultPort = defaultPort(scheme);
		if (defaultPort < 0) {
			throw invalidEndpoint(endpoint, "scheme must be 'http' or 'https'");
		}
		int authorityStart = schemeEnd + 3;
		int authorityEnd = authorityEnd(endpoint, authorityStart);
		int at = endpoint.lastIndexOf('@', authorityEnd - 1);
		int hostStart = (at >= authorityStart) ? at + 1 : authorityStart;
		int hostEnd;
		if (hostStart < authorityEnd && endpoint.charAt(hostStart) == '[') {
			int close = endpoint.indexOf(']', hostStart);
			if (close < 0 || close >= authorityEnd || !Host.isIpv6Literal(endpoint, hostStart + 1, close)) {
				throw invalidEndpoint(endpoint, "invalid IPv6 host");
			}
			hostEnd = close + 1;
		}
		else {
			int colon = endpoint.indexOf(':', hostStart);
			hostEnd = (colon < 0 || colon > authorityEnd) ? authorityEnd : colon;
			if (!Host.isIpv4Literal(endpoint, hostStart, hostEnd) && !Host.isHostName(endpoint, hostStart, hostEnd)) {
				throw invalidEndpoint(endpoint, "invalid host");
			}
		}
		int port = parsePort(endpoint, hostEnd, authorityEnd);
		StringBuilder canonical = new StringBuilder(scheme.length() + 3 + (hostEnd - hostStart) + 6);
		canonical.append(scheme).append("://");
		for (int i = hostStart; i < hostEnd; i++) {
			canonical.append(toLowerAscii(endpoint.charAt(i)));
		}
		if (port >= 0 && port != defaultPort) {
			canonical.append(':').append(port);
		}
		return canonical.toString();
	}

	/**
	 * Return the canonical forms of the given endpoints, deduplicated and sorted
	 * ascending bytewise.
	 * @param endpoints endpoint URLs, in any order, possibly with duplicates
	 * @return an unmodifiable list of distinct canonical endpoints in canonical order
	 * @throws IllegalArgumentException if an endpoint is invalid (see
	 * {@link #canonical(String)})
	 */
	public static List<String> canonicalOrder(List<String> endpoints) {
		return List.copyOf(byCanonicalKey(endpoints).keySet());
	}

	/**
	 * Return, for each distinct canonical endpoint, the <em>first</em> input spelling
	 * that maps to it, in canonical order.
	 * @param endpoints endpoint URLs, in any order, possibly with duplicates
	 * @return an unmodifiable list of input spellings, one per canonical endpoint, in
	 * canonical order
	 * @throws IllegalArgumentException if an endpoint is invalid (see
	 * {@link #canonical(String)})
	 */
	public static List<String> representativeOrder(List<String> endpoints) {
		return List.copyOf(byCanonicalKey(endpoints).values());
	}

	/**
	 * Return a host in the form used inside a URI: a bare IPv6 literal is put in brackets
	 * ({@code ::1} becomes {@code [::1]}); IPv4 literals, host names and bracketed IPv6
	 * literals are kept. The result is lowercased.
	 * @param host a host name, an IPv4 literal or an IPv6 literal with or without
	 * brackets
	 * @return the URI host, lowercased
	 * @throws IllegalArgumentException if {@code host} is not a valid host name or IP
	 * literal ({@link Host})
	 */
	public static String uriHost(String host) {
		return Host.parse(host).canonical();
	}

	/**
	 * Return {@code host} in URI form without changing its case (bare IPv6 literals are
	 * bracketed), or {@code null} if it is not a valid host name or IP literal.
	 * @param host the candidate host
	 * @return the URI host or {@code null}
	 */
	static @Nullable String uriHostOrNull(String host) {
		Host parsed = Host.parseOrNull(host);
		return (parsed != null) ? parsed.uriForm() : null;
	}

	private static Map<String, String> byCanonicalKey(List<String> endpoints) {
		// All canonical strings are ASCII, so String order is bytewise order.
		Map<String, String> byKey = new TreeMap<>();
		for (String endpoint : endpoints) {
			byKey.putIfAbsent(canonical(endpoint), endpoint);
		}
		return byKey;
	}

	private static int defaultPort(String scheme) {
		return switch (scheme) {
			case "http" -> 80;
			case "https" -> 443;
			default -> -1;
		};
	}

	private static int authorityEnd(String endpoint, int from) {
		for (int i = from; i < endpoint.length(); i++) {
			char c = endpoint.charAt(i);
			if (c == '/' || c == '?' || c == '#') {
				return i;
			}
		}
		return endpoint.length();
	}

	private static int parsePort(String endpoint, int from, int to) {
		if (from == to) {
			return -1;
		}
		if (endpoint.charAt(from) != ':') {
			throw invalidEndpoint(endpoint, "invalid host");
		}
		int start = from + 1;
		if (start == to) {
			return -1;
		}
		if (to - start > 5) {
			throw invalidEndpoint(endpoint, "port must be 1-65535");
		}
		int port = 0;
		for (int i = start; i < to; i++) {
			char c = endpoint.charAt(i);
			if (!isDigit(c)) {
				throw invalidEndpoint(endpoint, "port must be 1-65535");
			}
			port = port * 10 + (c - '0');
		}
		if (port < 1 || port > 65535) {
			throw invalidEndpoint(endpoint, "port must be 1-65535");
		}
		return port;
	}

	private static IllegalArgumentException invalidEndpoint(String endpoint, String reason) {
		return new IllegalArgumentException("Invalid endpoint '" + endpoint + "': " + reason);
	}

	private static char toLowerAscii(char c) {
		return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
