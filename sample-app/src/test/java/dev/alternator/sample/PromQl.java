package dev.alternator.sample;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana {@code label_values(...)} variable
 * query) reads, found without a full PromQL parser: string literals, label matchers
 * ({@code {...}}), range and subquery selectors ({@code [...]}), grouping label lists
 * ({@code by (...)}, {@code without (...)}, {@code on (...)}, {@code ignoring (...)},
 * {@code group_left (...)}, {@code group_right (...)}) and Grafana variables
 * ({@code $name}, {@code ${name}}) are removed first; of the identifiers left, those
 * followed by {@code (} are functions or aggregations and the PromQL keywords are
 * operators, everything else is a metric name.
 */
final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");

	private static final Pattern LABEL_VALUES = Pattern
		.compile("^\\s*label_values\\s*\\(\\s*(?:(.+?)\\s*,\\s*)?[a-zA-Z_]\\w*\\s*\\)\\s*$");

	// an identifier not preceded by a name character, a digit (5m, 1e3) or a dot (0.99)
	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.])[a-zA-Z_:][\\w:]*");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "bool", "offset", "atan2", "inf", "nan");

	private PromQl() {
	}

	/**
	 * The metric names a query reads.
	 * @param query a PromQL expression or a Grafana {@code label_values(metric, label)}
	 * variable query
	 * @return the names in order of first appearance
	 */
	static Set<String> metricNames(String query) {
		Matcher labelValues = LABEL_VALUES.matcher(query);
		if (labelValues.matches()) {
			return (labelValues.group(1) != null) ? metricNames(labelValues.group(1)) : Set.of();
		}
		String expression = STRING.matcher(query).replaceAll(" ");
		expression = LABEL_MATCHERS.matcher(expression).replaceAll(" ");
		expression = RANGE.matcher(expression).replaceAll(" ");
		expression = GROUPING.matcher(expression).replaceAll(" ");
		expression = VARIABLE.matcher(expression).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher identifier = IDENTIFIER.matcher(expression);
		while (identifier.find()) {
			String name = identifier.group();
			if (!KEYWORDS.contains(name) && !isCall(expression, identifier.end())) {
				names.add(name);
			}
		}
		return names;
	}

	private static boolean isCall(String expression, int end) {
		int next = end;
		while (next < expression.length() && Character.isWhitespace(expression.charAt(next))) {
			next++;
		}
		return next < expression.length() && expression.charAt(next) == '(';
	}

}
