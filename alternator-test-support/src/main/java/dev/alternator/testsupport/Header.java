package dev.alternator.testsupport;

/**
 * One HTTP header field as received or sent: the name keeps its case.
 *
 * @param name the field name as on the wire
 * @param value the field value without leading and trailing whitespace
 */
record Header(String name, String value) {

	boolean is(String otherName) {
		return this.name.equalsIgnoreCase(otherName);
	}

}
