package dev.alternator.client.internal.placement;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The outcome of reading a system table: its rows, or why they could not be read.
 * Immutable.
 */
public sealed interface TableRead {

	/**
	 * Why a system table could not be read.
	 */
	enum Cause {

		/**
		 * The server enforces authorization and the client's role may not read the table:
		 * it needs {@code GRANT SELECT ON
		 *
		<table>
		 *  TO <role>}.
		 */
		ACCESS_DENIED,

		/**
		 * The server does not serve ScyllaDB's internal tables through the DynamoDB API
		 * (not ScyllaDB, or a version without that access): the table is unknown or its
		 * name invalid.
		 */
		NOT_AVAILABLE,

		/** More rows or pages than a placement may hold. */
		TOO_LARGE,

		/** Any other failure: network, timeout, server error. Worth retrying later. */
		ERROR

	}

	/**
	 * The rows of the table (or of the partition queried).
	 *
	 * @param table the table read
	 * @param items the items in the server's order
	 */
	record Rows(SystemTable table, List<Map<String, AttributeValue>> items) implements TableRead {

		/**
		 * Create the result; the list is copied.
		 * @param table the table read
		 * @param items the items
		 */
		public Rows {
			items = List.copyOf(items);
		}

	}

	/**
	 * A read that failed, with a message an operator can act on.
	 *
	 * @param table the table that could not be read
	 * @param cause the kind of failure
	 * @param message what happened and, where known, how to fix it
	 */
	record Failed(SystemTable table, Cause cause, String message) implements TableRead {

	}

}
