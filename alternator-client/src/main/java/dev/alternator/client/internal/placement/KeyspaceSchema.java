package dev.alternator.client.internal.placement;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What placement needs to know of a keyspace: its replication and whether its tables use
 * tablets (then {@code system.tablets} places them) or vnodes (then the token ring and
 * the replication strategy do).
 *
 * @param name the keyspace name, e.g. {@code alternator_orders}
 * @param replication its replication strategy
 * @param tablets whether {@code system_schema.scylla_keyspaces.initial_tablets} is set
 */
public record KeyspaceSchema(String name, ReplicationStrategy replication, boolean tablets) {

	static final String SCYLLA_KEYSPACES = "system_schema.scylla_keyspaces";

	/**
	 * Parse a keyspace's rows.
	 * @param keyspaceRow its row of {@code system_schema.keyspaces}
	 * @param scyllaKeyspaceRow its row of {@code system_schema.scylla_keyspaces}, or
	 * {@code null} when that table has none (a vnode keyspace)
	 * @return the keyspace's schema
	 * @throws UnparsableValueException when a row renders a column unexpectedly
	 */
	public static KeyspaceSchema parse(Map<String, AttributeValue> keyspaceRow,
			@Nullable Map<String, AttributeValue> scyllaKeyspaceRow) {
		SystemRow row = new SystemRow(ReplicationStrategy.SCHEMA_KEYSPACES, keyspaceRow);
		String name = row.requiredText("keyspace_name");
		ReplicationStrategy replication = ReplicationStrategy.parse(row.map("replication"));
		boolean tablets = false;
		if (scyllaKeyspaceRow != null) {
			SystemRow scyllaRow = new SystemRow(SCYLLA_KEYSPACES, scyllaKeyspaceRow);
			String scyllaName = scyllaRow.requiredText("keyspace_name");
			if (!scyllaName.equals(name)) {
				throw new UnparsableValueException(SCYLLA_KEYSPACES, "keyspace_name", scyllaName, "'" + name + "'");
			}
			tablets = scyllaRow.integer("initial_tablets") != null;
		}
		return new KeyspaceSchema(name, replication, tablets);
	}

}
