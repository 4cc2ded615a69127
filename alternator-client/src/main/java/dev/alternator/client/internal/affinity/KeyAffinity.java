package dev.alternator.client.internal.affinity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.internal.common.EventDispatcher;
import dev.alternator.client.internal.node.QueryPlan;
import dev.alternator.client.internal.node.Topology;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Key-route affinity: chooses the plan of a qualifying write from its partition key, so
 * that the writes of one partition are coordinated by one node (conditional writes of one
 * key then never contend across coordinators), with the same key→node choice as the
 * Python, Go and Java Alternator clients.
 * <ul>
 * <li>Single-item writes: a {@link SeededKeyPlan} seeded with the typed MurmurHash3 of
 * the partition-key value ({@link KeyHash}) over the topology's canonical node list.</li>
 * <li>{@code BatchWriteItem} ({@code ANY_WRITE} only): every put item and delete key
 * votes for its key's node; a {@link PreferredPlan} over the votes.</li>
 * </ul>
 * Affinity is a preference only: an unknown partition key (discovery scheduled), an
 * unsupported key type (not exactly one of S, N, B) or an empty node list routes the
 * request normally. Every qualifying request emits one
 * {@link dev.alternator.client.AlternatorListener#keyAffinity(String, boolean)} event per
 * table.
 * <p>
 * Thread-safe.
 */
public final class KeyAffinity implements AutoCloseable {

	private final KeyAffinityMode mode;

	private final PartitionKeyResolver partitionKeys;

	private final EventDispatcher events;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	/**
	 * Creates the router.
	 * @param mode the mode, not {@code NONE}
	 * @param partitionKeys the partition-key names
	 * @param events where hit/miss events go
	 */
	public KeyAffinity(KeyAffinityMode mode, PartitionKeyResolver partitionKeys, EventDispatcher events) {
		this.mode = mode;
		this.partitionKeys = partitionKeys;
		this.events = events;
	}

	/**
	 * The partition-key names.
	 * @return the resolver
	 */
	PartitionKeyResolver partitionKeys() {
		return this.partitionKeys;
	}

	/**
	 * The plan of a request routed by key.
	 * @param request the typed SDK request
	 * @param topology the current snapshot
	 * @return the plan, or {@code null} when the request does not qualify or its key
	 * cannot be used (route normally)
	 */
	public @Nullable QueryPlan plan(SdkRequest request, Topology topology) {
		if (!AffinityRules.qualifies(this.mode, request)) {
			return null;
		}
		if (request instanceof PutItemRequest put) {
			return single(put.tableName(), put.item(), topology);
		}
		if (request instanceof UpdateItemRequest update) {
			return single(update.tableName(), update.key(), topology);
		}
		if (request instanceof DeleteItemRequest delete) {
			return single(delete.tableName(), delete.key(), topology);
		}
		if (request instanceof BatchWriteItemRequest batch) {
			return batch(batch, topology);
		}
		return null;
	}

	private @Nullable QueryPlan single(@Nullable String table, Map<String, AttributeValue> attributes,
			Topology topology) {
		if (table == null) {
			return null;
		}
		String partitionKey = this.partitionKeys.partitionKey(table);
		AttributeValue value = (partitionKey != null) ? attributes.get(partitionKey) : null;
		if (value == null || !hashable(value) || topology.size() == 0) {
			emit(table, false);
			return null;
		}
		emit(table, true);
		return new SeededKeyPlan(topology, hash(value));
	}

	private @Nullable QueryPlan batch(BatchWriteItemRequest batch, Topology topology) {
		int n = topology.size();
		int[] votes = new int[n];
		long[] seed = new long[1];
		boolean voted = false;
		for (Map.Entry<String, List<WriteRequest>> entry : batch.requestItems().entrySet()) {
			String table = entry.getKey();
			if (!hasTarget(entry.getValue())) {
				continue;
			}
			String partitionKey = this.partitionKeys.partitionKey(table);
			boolean tableVoted = false;
			if (partitionKey != null && n > 0) {
				for (WriteRequest write : entry.getValue()) {
					PutRequest put = write.putRequest();
					if (put != null) {
						tableVoted |= vote(votes, seed, put.item().get(partitionKey));
					}
					DeleteRequest delete = write.deleteRequest();
					if (delete != null) {
						tableVoted |= vote(votes, seed, delete.key().get(partitionKey));
					}
				}
			}
			voted |= tableVoted;
			emit(table, tableVoted);
		}
		return voted ? new PreferredPlan(topology, votes, seed[0]) : null;
	}

	private static boolean hasTarget(List<WriteRequest> writes) {
		for (WriteRequest write : writes) {
			if (write.putRequest() != null || write.deleteRequest() != null) {
				return true;
			}
		}
		return false;
	}

	/** Counts a key's vote; the seed sums the keys' hashes (the same in any order). */
	private static boolean vote(int[] votes, long[] seed, @Nullable AttributeValue value) {
		if (value == null || !hashable(value)) {
			return false;
		}
		long hash = hash(value);
		votes[SeededPlan.first(votes.length, hash)]++;
		seed[0] += hash;
		return true;
	}

	/**
	 * Whether a key value can be hashed: exactly one of S, N, B is set.
	 * @param value the value
	 * @return whether it has a supported type
	 */
	static boolean hashable(AttributeValue value) {
		int set = 0;
		set += (value.s() != null) ? 1 : 0;
		set += (value.n() != null) ? 1 : 0;
		set += (value.b() != null) ? 1 : 0;
		return set == 1 && (value.type() == AttributeValue.Type.S || value.type() == AttributeValue.Type.N
				|| value.type() == AttributeValue.Type.B);
	}

	/**
	 * The typed hash of a {@linkplain #hashable(AttributeValue) hashable} value.
	 * @param value the value
	 * @return the signed 64-bit hash
	 */
	static long hash(AttributeValue value) {
		String s = value.s();
		if (s != null) {
			return KeyHash.hashString(s);
		}
		String n = value.n();
		if (n != null) {
			return KeyHash.hashNumber(n);
		}
		return KeyHash.hashBinary(value.b().asByteArrayUnsafe());
	}

	/**
	 * Writes that qualified, by whether their key's node was used.
	 * @param hit {@code true} for writes routed by key, {@code false} for the others
	 * @return the count
	 */
	public long count(boolean hit) {
		return (hit ? this.hits : this.misses).sum();
	}

	private void emit(String table, boolean hit) {
		(hit ? this.hits : this.misses).increment();
		if (this.events.wantsKeyAffinityEvents()) {
			this.events.publish((listener) -> listener.keyAffinity(table, hit));
		}
	}

	@Override
	public void close() {
		this.partitionKeys.close();
	}

}
