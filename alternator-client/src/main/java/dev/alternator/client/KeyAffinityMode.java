package dev.alternator.client;

/**
 * Which writes are sent to a coordinator chosen from the item's partition key, so that
 * conditional (LWT) writes to one partition are coordinated by one node.
 *
 * @since 0.1.0
 */
public enum KeyAffinityMode {

	/**
	 * No key affinity: every request is balanced over the live nodes.
	 */
	NONE,

	/**
	 * Read-modify-write single-item writes (conditions, {@code ReturnValues}, update
	 * expressions) use key affinity.
	 */
	RMW,

	/**
	 * Every {@code PutItem}, {@code UpdateItem}, {@code DeleteItem} and
	 * {@code BatchWriteItem} uses key affinity.
	 */
	ANY_WRITE

}
