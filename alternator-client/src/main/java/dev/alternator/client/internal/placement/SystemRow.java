package dev.alternator.client.internal.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.alternator.client.internal.common.Host;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One row of a ScyllaDB system table as Alternator's {@code Scan} returns it, with the
 * parsers of each CQL type's rendering.
 * <p>
 * Alternator renders a column of a non-Alternator table as a string attribute holding the
 * CQL type's text form, except {@code boolean}, which comes as {@code BOOL} (whose value
 * is a JSON string on the wire); a null column is an absent attribute:
 * <ul>
 * <li>{@code text}, {@code inet}, {@code uuid}: the text ({@code uuid} lower-case and
 * hyphenated);</li>
 * <li>{@code bigint}, {@code int}: the decimal number as a string, e.g.
 * {@code "-42"};</li>
 * <li>{@code set<text>}: the elements joined by {@code "; "}, unescaped and unbracketed;
 * an empty set is the empty string;</li>
 * <li>{@code list}: the elements joined by {@code ", "};</li>
 * <li>{@code tuple}: the fields joined by {@code :}, with {@code :} and {@code @} inside
 * a field escaped by a backslash and a null field written {@code @}; so
 * {@code list<tuple<uuid,int>>} is {@code "<uuid>:<shard>, <uuid>:<shard>"};</li>
 * <li>{@code map}: {@code "{k : v}, {k2 : v2}"}, a frozen map wrapped in
 * parentheses.</li>
 * </ul>
 * The parsers accept spaces around separators and fields. A present value without the
 * expected rendering throws {@link UnparsableValueException} naming the table, the column
 * and the value; callers treat it as "placement unavailable", never as a failure of a
 * request.
 * <p>
 * Immutable and thread-safe (the item is not modified).
 */
final class SystemRow {

	private static final int UUID_LENGTH = 36;

	private final String table;

	private final Map<String, AttributeValue> item;

	/**
	 * Wrap a scanned item.
	 * @param table the system table it came from, e.g. {@code system.peers}, for messages
	 * @param item the item
	 */
	SystemRow(String table, Map<String, AttributeValue> item) {
		this.table = table;
		this.item = item;
	}

	/**
	 * The table this row came from.
	 * @return the table name, e.g. {@code system.peers}
	 */
	String table() {
		return this.table;
	}

	/**
	 * A {@code text} (or any string-rendered) column.
	 * @param column the column
	 * @return the text, or {@code null} when the column is null
	 */
	@Nullable String text(String column) {
		AttributeValue value = this.item.get(column);
		if (value == null) {
			return null;
		}
		String s = value.s();
		if (s == null) {
			throw unparsable(column, rendering(value), "a string (S) attribute");
		}
		return s;
	}

	/**
	 * A {@code text} column that must be present.
	 * @param column the column
	 * @return the text
	 */
	String requiredText(String column) {
		String s = text(column);
		if (s == null) {
			throw unparsable(column, null, "a value");
		}
		return s;
	}

	/**
	 * A {@code uuid} column.
	 * @param column the column
	 * @return the uuid, or {@code null} when the column is null
	 */
	@Nullable UUID uuid(String column) {
		String s = text(column);
		if (s == null) {
			return null;
		}
		UUID uuid = parseUuid(s.trim());
		if (uuid == null) {
			throw unparsable(column, s, "a uuid");
		}
		return uuid;
	}

	/**
	 * A {@code uuid} column that must be present.
	 * @param column the column
	 * @return the uuid
	 */
	UUID requiredUuid(String column) {
		UUID uuid = uuid(column);
		if (uuid == null) {
			throw unparsable(column, null, "a uuid");
		}
		return uuid;
	}

	/**
	 * A {@code bigint} column that must be present.
	 * @param column the column
	 * @return the value
	 */
	long requiredBigint(String column) {
		String s = requiredText(column);
		try {
			return Long.parseLong(s.trim());
		}
		catch (NumberFormatException ex) {
			throw unparsable(column, s, "a bigint");
		}
	}

	/**
	 * An {@code int} column.
	 * @param column the column
	 * @return the value, or {@code null} when the column is null
	 */
	@Nullable Integer integer(String column) {
		String s = text(column);
		if (s == null) {
			return null;
		}
		try {
			return Integer.parseInt(s.trim());
		}
		catch (NumberFormatException ex) {
			throw unparsable(column, s, "an int");
		}
	}

	/**
	 * A {@code boolean} column: a {@code BOOL} attribute, or a string {@code true} /
	 * {@code false} should a client's JSON layer keep the server's string as it is.
	 * @param column the column
	 * @return the value, or {@code null} when the column is null
	 */
	@Nullable Boolean bool(String column) {
		AttributeValue value = this.item.get(column);
		if (value == null) {
			return null;
		}
		if (value.bool() != null) {
			return value.bool();
		}
		String s = value.s();
		if ("true".equals(s) || "false".equals(s)) {
			return Boolean.valueOf(s);
		}
		throw unparsable(column, rendering(value), "a boolean");
	}

	/**
	 * An {@code inet} column, parsed without any name lookup.
	 * @param column the column
	 * @return the address, or {@code null} when the column is null
	 */
	@Nullable Host inet(String column) {
		String s = text(column);
		if (s == null) {
			return null;
		}
		Host host = Host.parseOrNull(s.trim());
		if (host == null || !host.isIpLiteral()) {
			throw unparsable(column, s, "an IP address");
		}
		return host;
	}

	/**
	 * A {@code set<text>} column whose elements hold no {@code ;} (tokens, names).
	 * @param column the column
	 * @return the elements in the server's order; empty when the column is null or the
	 * set empty
	 */
	List<String> set(String column) {
		String s = text(column);
		if (s == null || s.isBlank()) {
			return List.of();
		}
		List<String> elements = new ArrayList<>();
		for (String element : s.split(";", -1)) {
			String trimmed = element.trim();
			if (trimmed.isEmpty()) {
				throw unparsable(column, s, "elements joined by '; '");
			}
			elements.add(trimmed);
		}
		return Collections.unmodifiableList(elements);
	}

	/**
	 * A {@code list<tuple<uuid, int>>} column: tablet replicas.
	 * @param column the column
	 * @return the replicas in the server's order; empty when the column is null or the
	 * list empty
	 */
	List<TabletReplica> replicas(String column) {
		String s = text(column);
		if (s == null || s.isBlank()) {
			return List.of();
		}
		List<TabletReplica> replicas = new ArrayList<>();
		for (String element : s.split(",", -1)) {
			List<@Nullable String> fields = tupleFields(element.trim());
			String hostId = (fields.size() == 2) ? fields.get(0) : null;
			String shard = (fields.size() == 2) ? fields.get(1) : null;
			UUID uuid = (hostId != null) ? parseUuid(hostId.trim()) : null;
			int shardNumber = (shard != null) ? parseNonNegativeInt(shard.trim()) : -1;
			if (uuid == null || shardNumber < 0) {
				throw unparsable(column, s, "'<host id>:<shard>' tuples joined by ', '");
			}
			replicas.add(new TabletReplica(uuid, shardNumber));
		}
		return Collections.unmodifiableList(replicas);
	}

	/**
	 * A {@code map<text, text>} column, frozen ({@code ({k : v}, {k2 : v2})}) or not
	 * ({@code {k : v}, {k2 : v2}}), whose keys and values hold no {@code :},
	 * <code>{</code> or <code>}</code> (replication options).
	 * @param column the column
	 * @return the entries in the server's order; empty when the column is null or the map
	 * empty
	 */
	Map<String, String> map(String column) {
		String s = text(column);
		if (s == null) {
			return Map.of();
		}
		Map<String, String> map = parseMap(s);
		if (map == null) {
			throw unparsable(column, s, "'{key : value}' entries joined by ', ', optionally in '( )'");
		}
		return map;
	}

	/**
	 * Split a tuple's rendering into its fields.
	 * @param rendering the fields joined by {@code :}, with {@code \:} and {@code \@}
	 * inside fields and {@code @} for a null field
	 * @return the unescaped fields, {@code null} for a null field
	 */
	static List<@Nullable String> tupleFields(String rendering) {
		List<@Nullable String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean escaped = false;
		for (int i = 0; i < rendering.length(); i++) {
			char c = rendering.charAt(i);
			if (c == '\\' && i + 1 < rendering.length()
					&& (rendering.charAt(i + 1) == ':' || rendering.charAt(i + 1) == '@')) {
				field.append(rendering.charAt(++i));
				escaped = true;
			}
			else if (c == ':') {
				fields.add(fieldValue(field, escaped));
				field.setLength(0);
				escaped = false;
			}
			else {
				field.append(c);
			}
		}
		fields.add(fieldValue(field, escaped));
		return fields;
	}

	private static @Nullable String fieldValue(StringBuilder field, boolean escaped) {
		String value = field.toString();
		return (!escaped && value.trim().equals("@")) ? null : value;
	}

	private static @Nullable Map<String, String> parseMap(String rendering) {
		String s = rendering.trim();
		if (s.startsWith("(") && s.endsWith(")")) {
			s = s.substring(1, s.length() - 1).trim();
		}
		Map<String, String> map = new LinkedHashMap<>();
		int i = 0;
		while (i < s.length()) {
			if (s.charAt(i) != '{') {
				return null;
			}
			int close = s.indexOf('}', i);
			int colon = s.indexOf(':', i);
			if (close < 0 || colon < 0 || colon > close) {
				return null;
			}
			String key = s.substring(i + 1, colon).trim();
			String value = s.substring(colon + 1, close).trim();
			if (key.isEmpty() || value.indexOf('{') >= 0 || map.put(key, value) != null) {
				return null;
			}
			i = close + 1;
			while (i < s.length() && s.charAt(i) == ' ') {
				i++;
			}
			if (i < s.length()) {
				if (s.charAt(i) != ',') {
					return null;
				}
				i++;
				while (i < s.length() && s.charAt(i) == ' ') {
					i++;
				}
				if (i == s.length()) {
					return null;
				}
			}
		}
		return Collections.unmodifiableMap(map);
	}

	/**
	 * Parse a lower- or upper-case hyphenated uuid strictly ({@link UUID#fromString}
	 * accepts shortened groups).
	 * @param s the text
	 * @return the uuid or {@code null}
	 */
	static @Nullable UUID parseUuid(String s) {
		if (s.length() != UUID_LENGTH) {
			return null;
		}
		long high = 0;
		long low = 0;
		int digits = 0;
		for (int i = 0; i < UUID_LENGTH; i++) {
			char c = s.charAt(i);
			if (i == 8 || i == 13 || i == 18 || i == 23) {
				if (c != '-') {
					return null;
				}
				continue;
			}
			int digit = Character.digit(c, 16);
			if (digit < 0 || c > 'f') {
				return null;
			}
			if (digits < 16) {
				high = (high << 4) | digit;
			}
			else {
				low = (low << 4) | digit;
			}
			digits++;
		}
		return new UUID(high, low);
	}

	private static int parseNonNegativeInt(String s) {
		if (s.isEmpty() || s.length() > 9) {
			return -1;
		}
		int value = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private UnparsableValueException unparsable(String column, @Nullable String value, String expected) {
		return new UnparsableValueException(this.table, column, value, expected);
	}

	private static String rendering(AttributeValue value) {
		if (value.s() != null) {
			return value.s();
		}
		if (value.n() != null) {
			return value.n();
		}
		if (value.bool() != null) {
			return String.valueOf(value.bool());
		}
		return value.toString();
	}

}
