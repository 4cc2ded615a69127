package dev.alternator.client.internal.discovery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Query strings of {@code /localnodes} discovery requests for a routing scope.
 * <p>
 * Values are percent-encoded as UTF-8 with {@link URLEncoder} rules, except that a space
 * becomes {@code %20} instead of {@code +}: letters, digits and {@code . - * _} are kept,
 * everything else is encoded (so {@code ~} becomes {@code %7E}, {@code &} becomes
 * {@code %26}). Raw values are never sent.
 * <p>
 * This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ScopeQuery {

	private ScopeQuery() {
	}

	/**
	 * Percent-encode one query parameter value.
	 * @param value the raw value
	 * @return the encoded value; {@code value} itself when nothing needs encoding
	 */
	public static String encode(String value) {
		if (isUnreserved(value)) {
			return value;
		}
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Return the query string (without {@code ?}) that selects a routing scope:
	 * {@code ""} for the whole cluster, {@code dc=<dc>} for a datacenter and
	 * {@code dc=<dc>&rack=<rack>} for a rack.
	 * @param datacenter the datacenter, or {@code null} for cluster scope
	 * @param rack the rack within {@code datacenter}, or {@code null} for datacenter or
	 * cluster scope
	 * @return the encoded query string
	 * @throws IllegalArgumentException if a value is empty or blank, or if a rack is
	 * given without a datacenter
	 */
	public static String query(@Nullable String datacenter, @Nullable String rack) {
		if (datacenter == null) {
			if (rack != null) {
				throw new IllegalArgumentException("rack requires a datacenter, got rack '" + rack + "'");
			}
			return "";
		}
		if (datacenter.isBlank()) {
			throw new IllegalArgumentException("datacenter cannot be null or empty");
		}
		if (rack == null) {
			return "dc=" + encode(datacenter);
		}
		if (rack.isBlank()) {
			throw new IllegalArgumentException("rack cannot be null or empty");
		}
		return "dc=" + encode(datacenter) + "&rack=" + encode(rack);
	}

	private static boolean isUnreserved(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '-' || c == '*' || c == '_';
			if (!kept) {
				return false;
			}
		}
		return true;
	}

}
