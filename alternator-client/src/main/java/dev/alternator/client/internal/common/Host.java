package dev.alternator.client.internal.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A node's host, parsed by the one grammar the library uses everywhere: seed hosts in the
 * configuration, {@code /localnodes} entries, endpoint URLs and TLS names.
 * <p>
 * Accepted forms:
 * <ul>
 * <li>IPv4 literals: a dotted quad of decimal parts 0-255 without leading zeros
 * ({@code 010.0.0.1} is rejected: some resolvers read it as octal).</li>
 * <li>IPv6 literals, with or without brackets: up to eight groups of one to four hex
 * digits, at most one {@code ::}, optionally ending with an IPv4 literal.</li>
 * <li>Host names: dot-separated labels of 1 to 63 ASCII letters, digits and inner
 * hyphens, at most 253 characters, an optional trailing dot; with several labels the last
 * one starts with a letter, and a single label is not all digits (the grammar
 * {@link java.net.URI} accepts for a server-based authority, so every accepted host makes
 * a valid URI).</li>
 * </ul>
 * IPv6 zone ids ({@code fe80::1%eth0}) are rejected: a zone names an interface of one
 * machine, is not allowed in the HTTP {@code Host} header the request is signed with, and
 * is not part of the endpoint form every Alternator client library orders nodes by. Use a
 * global or unique-local address, or a host name.
 * <p>
 * Parsing never looks a name up: IPv4 literals become an {@link InetAddress} from their
 * four bytes, IPv6 literals through the JDK's bracketed-literal parser, which rejects
 * rather than resolves what it cannot parse.
 * <p>
 * Immutable and thread-safe.
 */
public final class Host {

	private static final int MAX_HOST_NAME_LENGTH = 253;

	private static final int MAX_LABEL_LENGTH = 63;

	private static final int MAX_IPV6_LENGTH = 45;

	/**
	 * The three forms of a host.
	 */
	public enum Kind {

		/** An IPv4 literal. */
		IPV4,

		/** An IPv6 literal. */
		IPV6,

		/** A host name, resolved by DNS when connecting. */
		NAME

	}

	private final String value;

	private final Kind kind;

	private Host(String value, Kind kind) {
		this.value = value;
		this.kind = kind;
	}

	/**
	 * Parses a host.
	 * @param text a host name, an IPv4 literal or an IPv6 literal with or without
	 * brackets; nothing else (no scheme, port, path or surrounding spaces)
	 * @return the host, keeping the spelling of {@code text} (without IPv6 brackets)
	 * @throws IllegalArgumentException naming the host and what is wrong with it
	 */
	public static Host parse(String text) {
		Host host = parseOrNull(text);
		if (host == null) {
			throw new IllegalArgumentException(
					"not a valid host name or IP address: '" + text + "' (" + problem(text) + ")");
		}
		return host;
	}

	/**
	 * Parses a host, or returns {@code null} when {@code text} is not one.
	 * @param text the candidate host
	 * @return the host or {@code null}
	 * @see #parse(String)
	 */
	public static @Nullable Host parseOrNull(String text) {
		int length = text.length();
		if (length == 0) {
			return null;
		}
		if (text.charAt(0) == '[') {
			return (length > 2 && text.charAt(length - 1) == ']' && isIpv6Literal(text, 1, length - 1))
					? new Host(text.substring(1, length - 1), Kind.IPV6) : null;
		}
		if (text.indexOf(':') >= 0) {
			return isIpv6Literal(text, 0, length) ? new Host(text, Kind.IPV6) : null;
		}
		if (isIpv4Literal(text, 0, length)) {
			return new Host(text, Kind.IPV4);
		}
		return isHostName(text, 0, length) ? new Host(text, Kind.NAME) : null;
	}

	/**
	 * Whether a string is an IPv4 or IPv6 literal (with or without brackets).
	 * @param text the candidate
	 * @return whether it is an IP literal
	 */
	public static boolean isIpLiteral(String text) {
		Host host = parseOrNull(text);
		return host != null && host.isIpLiteral();
	}

	/**
	 * What is wrong with a string that is not a host, for error messages.
	 * @param text the rejected string
	 * @return a short reason
	 */
	static String problem(String text) {
		if (text.isEmpty()) {
			return "empty";
		}
		String bare = (text.startsWith("[") && text.endsWith("]") && text.length() > 1)
				? text.substring(1, text.length() - 1) : text;
		int percent = bare.indexOf('%');
		if (percent >= 0 && bare.indexOf(':') >= 0) {
			return "IPv6 zone ids such as '" + bare.substring(percent)
					+ "' are not supported; use an address without a zone id, or a host name";
		}
		if (bare.indexOf(':') >= 0 || text.startsWith("[")) {
			return "invalid IPv6 address";
		}
		if (!bare.isEmpty() && bare.chars().allMatch((c) -> (c >= '0' && c <= '9') || c == '.')) {
			return "an IPv4 address is four decimal parts 0-255 without leading zeros";
		}
		return "a host name is labels of letters, digits and inner hyphens, at most 63 characters each and 253 in "
				+ "all, the last label starting with a letter";
	}

	/**
	 * The host as given, IPv6 literals without brackets.
	 * @return the host
	 */
	public String value() {
		return this.value;
	}

	/**
	 * The form of this host.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Whether this host is an IP literal (no name lookup needed).
	 * @return whether IPv4 or IPv6
	 */
	public boolean isIpLiteral() {
		return this.kind != Kind.NAME;
	}

	/**
	 * The host as written inside a URI: IPv6 literals in brackets, spelling kept.
	 * @return the URI host
	 */
	public String uriForm() {
		return (this.kind == Kind.IPV6) ? "[" + this.value + "]" : this.value;
	}

	/**
	 * The lower-case URI form, the key two spellings of one host share (IPv6 literals are
	 * not otherwise normalized: {@code 2001:db8:0::1} and {@code 2001:db8::1} differ).
	 * @return the canonical host
	 */
	public String canonical() {
		return uriForm().toLowerCase(Locale.ROOT);
	}

	/**
	 * The address of an IP literal, without any name lookup.
	 * @return the address, or {@code null} for a host name
	 */
	public @Nullable InetAddress address() {
		try {
			if (this.kind == Kind.IPV4) {
				String[] parts = this.value.split("\\.");
				byte[] bytes = new byte[4];
				for (int i = 0; i < 4; i++) {
					bytes[i] = (byte) Integer.parseInt(parts[i]);
				}
				return InetAddress.getByAddress(bytes);
			}
			if (this.kind == Kind.IPV6) {
				// in brackets the JDK parses a literal and never falls back to a lookup
				return InetAddress.getByName("[" + this.value + "]");
			}
		}
		catch (UnknownHostException ex) {
			// not reached: the grammar accepted only literals the JDK parses
		}
		return null;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Host that && canonical().equals(that.canonical());
	}

	@Override
	public int hashCode() {
		return canonical().hashCode();
	}

	@Override
	public String toString() {
		return this.value;
	}

	/**
	 * Whether {@code s[from, to)} is a dotted-quad IPv4 literal: four decimal parts of
	 * one to three digits, each at most 255, without leading zeros.
	 * @param s the string
	 * @param from the start index, inclusive
	 * @param to the end index, exclusive
	 * @return whether the range is an IPv4 literal
	 */
	static boolean isIpv4Literal(String s, int from, int to) {
		int parts = 0;
		int i = from;
		while (true) {
			int start = i;
			int value = 0;
			while (i < to && i - start < 3 && isDigit(s.charAt(i))) {
				value = value * 10 + (s.charAt(i) - '0');
				i++;
			}
			int digits = i - start;
			if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
				return false;
			}
			parts++;
			if (i == to) {
				return parts == 4;
			}
			if (parts == 4 || s.charAt(i) != '.') {
				return false;
			}
			i++;
		}
	}

	/**
	 * Whether {@code s[from, to)} is an IPv6 literal without brackets and without zone
	 * id: up to eight groups of one to four hex digits separated by colons, at most one
	 * {@code ::}, optionally ending with an IPv4 literal that counts as two groups.
	 * @param s the string
	 * @param from the start index, inclusive
	 * @param to the end index, exclusive
	 * @return whether the range is an IPv6 literal
	 */
	static boolean isIpv6Literal(String s, int from, int to) {
		int length = to - from;
		if (length < 2 || length > MAX_IPV6_LENGTH) {
			return false;
		}
		int i = from;
		int groups = 0;
		boolean compressed = false;
		if (s.charAt(i) == ':') {
			if (s.charAt(i + 1) != ':') {
				return false;
			}
			compressed = true;
			i += 2;
			if (i == to) {
				return true;
			}
		}
		while (true) {
			int start = i;
			while (i < to && isHexDigit(s.charAt(i))) {
				i++;
			}
			if (i < to && s.charAt(i) == '.') {
				if (!isIpv4Literal(s, start, to)) {
					return false;
				}
				groups += 2;
				break;
			}
			int digits = i - start;
			if (digits == 0 || digits > 4) {
				return false;
			}
			groups++;
			if (i == to) {
				break;
			}
			if (s.charAt(i) != ':') {
				return false;
			}
			i++;
			if (i == to) {
				return false;
			}
			if (s.charAt(i) == ':') {
				if (compressed) {
					return false;
				}
				compressed = true;
				i++;
				if (i == to) {
					break;
				}
			}
		}
		return compressed ? groups <= 7 : groups == 8;
	}

	/**
	 * Whether {@code s[from, to)} is a host name: dot-separated labels of 1 to 63 ASCII
	 * letters, digits and inner hyphens, at most 253 characters, an optional trailing
	 * dot; when there are several labels the last one starts with a letter (as
	 * {@link java.net.URI} requires), and a single label is not all digits.
	 * @param s the string
	 * @param from the start index, inclusive
	 * @param to the end index, exclusive
	 * @return whether the range is a host name
	 */
	static boolean isHostName(String s, int from, int to) {
		int end = (to > from && s.charAt(to - 1) == '.') ? to - 1 : to;
		if (end <= from || end - from > MAX_HOST_NAME_LENGTH) {
			return false;
		}
		int labels = 0;
		int lastLabelStart = from;
		boolean lastLabelAllDigits = true;
		int i = from;
		while (true) {
			int start = i;
			boolean allDigits = true;
			while (i < end && s.charAt(i) != '.') {
				char c = s.charAt(i);
				if (isLetter(c) || (c == '-' && i != start)) {
					allDigits = false;
				}
				else if (!isDigit(c)) {
					return false;
				}
				i++;
			}
			int labelLength = i - start;
			if (labelLength == 0 || labelLength > MAX_LABEL_LENGTH || s.charAt(i - 1) == '-') {
				return false;
			}
			labels++;
			lastLabelStart = start;
			lastLabelAllDigits = allDigits;
			if (i == end) {
				break;
			}
			i++;
		}
		if (labels > 1) {
			return isLetter(s.charAt(lastLabelStart));
		}
		return !lastLabelAllDigits;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static boolean isHexDigit(char c) {
		return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
