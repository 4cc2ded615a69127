package dev.alternator.client.internal.placement;

import org.jspecify.annotations.Nullable;

/**
 * A system-table value that does not have the rendering this package expects: names the
 * table, the column and the value (cut to {@value #MAX_VALUE_LENGTH} characters), so one
 * log line tells what the server sent.
 * <p>
 * Immutable.
 */
public final class UnparsableValueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** How much of the offending value a message shows. */
	static final int MAX_VALUE_LENGTH = 64;

	private final String table;

	private final String column;

	/**
	 * Create the exception.
	 * @param table the system table, e.g. {@code system.peers}
	 * @param column the column
	 * @param value the value as received, or {@code null} when it was missing
	 * @param expected what the value should have been
	 */
	UnparsableValueException(String table, String column, @Nullable String value, String expected) {
		super("unparsable " + table + "." + column + ": " + describe(value) + " (expected " + expected + ")");
		this.table = table;
		this.column = column;
	}

	/**
	 * The system table the value came from.
	 * @return the table, e.g. {@code system.tablets}
	 */
	public String table() {
		return this.table;
	}

	/**
	 * The column of the value.
	 * @return the column name
	 */
	public String column() {
		return this.column;
	}

	private static String describe(@Nullable String value) {
		if (value == null) {
			return "missing";
		}
		return (value.length() <= MAX_VALUE_LENGTH) ? "'" + value + "'"
				: "'" + value.substring(0, MAX_VALUE_LENGTH) + "…' (" + value.length() + " characters)";
	}

}
