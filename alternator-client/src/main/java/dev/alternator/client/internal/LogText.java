package dev.alternator.client.internal;

/**
 * Makes text that came from the network safe for a log line: quoted, control and other
 * non-printable characters escaped ({@code \n}, {@code \u0007}), cut at
 * {@value #MAX_CHARS} characters. A log line never carries raw control characters from an
 * answer (they could forge log lines or drive a terminal).
 * <p>
 * Stateless and thread-safe.
 */
final class LogText {

	/**
	 * Longest text quoted; the rest is replaced by {@code …}.
	 */
	static final int MAX_CHARS = 64;

	private LogText() {
	}

	/**
	 * Quotes text for a log line.
	 * @param text the text
	 * @return the quoted, escaped, bounded text
	 */
	static String quote(String text) {
		StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8).append('\'');
		int end = Math.min(text.length(), MAX_CHARS);
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			if (c == '\n') {
				quoted.append("\\n");
			}
			else if (c == '\r') {
				quoted.append("\\r");
			}
			else if (c == '\t') {
				quoted.append("\\t");
			}
			else if (c == '\'' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)
					|| Character.getType(c) == Character.UNASSIGNED) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		if (text.length() > MAX_CHARS) {
			quoted.append('…');
		}
		return quoted.append('\'').toString();
	}

}
