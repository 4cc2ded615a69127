package dev.alternator.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The text ScyllaDB gives a CQL value of a non-Alternator table when Alternator returns
 * it as an item attribute (the server's {@code to_string} of the type): sets joined by
 * {@code "; "}, lists by {@code ", "}, tuple fields by {@code :} with {@code :} and
 * {@code @} escaped by a backslash and {@code @} for a null field, maps as {@code {k :
 * v}, {k2 : v2}} wrapped in parentheses when frozen. Collections are in the CQL order of
 * their elements (text compares as UTF-8 bytes). Stateless and thread-safe.
 */
final class CqlText {

	/** Text compared the way CQL's {@code text} type does: by UTF-8 bytes. */
	static final Comparator<String> TEXT_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
			b.getBytes(StandardCharsets.UTF_8));

	private CqlText() {
	}

	/**
	 * A {@code set<text>}: elements sorted as text, joined by {@code "; "}, no escaping.
	 */
	static String textSet(Collection<String> elements) {
		List<String> sorted = new ArrayList<>(elements);
		sorted.sort(TEXT_ORDER);
		return String.join("; ", sorted);
	}

	/**
	 * A list: elements in list order, joined by {@code ", "}, no escaping.
	 */
	static String list(List<String> elements) {
		return String.join(", ", elements);
	}

	/**
	 * A tuple: fields joined by {@code :}; {@code :} and {@code @} inside a field are
	 * escaped with a backslash; a null field is {@code @}.
	 */
	static String tuple(List<@Nullable String> fields) {
		StringJoiner joiner = new StringJoiner(":");
		for (String field : fields) {
			joiner.add((field != null) ? field.replace("@", "\\@").replace(":", "\\:") : "@");
		}
		return joiner.toString();
	}

	/**
	 * A frozen {@code map<text, text>}: entries sorted by key as text, each {@code {k :
	 * v}}, joined by {@code ", "}, in parentheses.
	 */
	static String frozenTextMap(Map<String, String> map) {
		TreeMap<String, String> sorted = new TreeMap<>(TEXT_ORDER);
		sorted.putAll(map);
		StringJoiner joiner = new StringJoiner(", ", "(", ")");
		for (Map.Entry<String, String> entry : sorted.entrySet()) {
			joiner.add("{" + entry.getKey() + " : " + entry.getValue() + "}");
		}
		return joiner.toString();
	}

}
