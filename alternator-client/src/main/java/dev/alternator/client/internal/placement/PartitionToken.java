package dev.alternator.client.internal.placement;

import dev.alternator.client.internal.common.Murmur3;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The token ScyllaDB places a partition by, computed from a DynamoDB partition-key value.
 * <p>
 * The key is serialized as its CQL column: {@code S} as {@code text} (the UTF-8 bytes),
 * {@code B} as {@code blob} (the bytes), {@code N} as {@code decimal}
 * ({@link DecimalEncoding}: the exact string of the request, not normalized). The token
 * is {@code h1} of MurmurHash3 x64_128 with seed 0 over those bytes with the tail bytes
 * sign-extended ({@link Murmur3.Tail#SIGN_EXTENDED}, as Cassandra's
 * {@code Murmur3Partitioner}), where {@link Long#MIN_VALUE}, the ring's minimum token,
 * becomes {@link Long#MAX_VALUE}.
 * <p>
 * Since no key has the token {@link Long#MIN_VALUE}, that value is the {@link #NONE}
 * result for values without a token, so the request path needs neither an exception nor
 * an allocation to learn it. Strings and byte arrays are hashed without allocating; a
 * number allocates its small encoding.
 * <p>
 * This is not the key-affinity hash, which hashes a type byte before the value and reads
 * the tail unsigned.
 * <p>
 * Stateless and thread-safe.
 */
public final class PartitionToken {

	/** The result for a value that has no token: not a valid key of type S, N or B. */
	public static final long NONE = Long.MIN_VALUE;

	private PartitionToken() {
	}

	/**
	 * The token of a partition-key attribute value.
	 * @param value an {@code S}, {@code N} or {@code B} value
	 * @return the token, or {@link #NONE} for another type or an invalid number
	 */
	public static long of(AttributeValue value) {
		String s = value.s();
		if (s != null) {
			return ofString(s);
		}
		String n = value.n();
		if (n != null) {
			return ofNumber(n);
		}
		if (value.b() != null) {
			return ofBinary(value.b().asByteArrayUnsafe());
		}
		return NONE;
	}

	/**
	 * The token of a string ({@code S}) key.
	 * @param s the string
	 * @return the token, never {@link #NONE}
	 */
	public static long ofString(String s) {
		return token(Murmur3.hashUtf8(Murmur3.NO_PREFIX, s, Murmur3.Tail.SIGN_EXTENDED));
	}

	/**
	 * The token of a binary ({@code B}) key.
	 * @param bytes the decoded bytes; not modified
	 * @return the token, never {@link #NONE}
	 */
	public static long ofBinary(byte[] bytes) {
		return ofBytes(bytes);
	}

	/**
	 * The token of a number ({@code N}) key, exactly as written in the request.
	 * @param number the number as sent: {@code 42} and {@code 42.0} have different tokens
	 * @return the token, or {@link #NONE} when the server would not accept the number
	 */
	public static long ofNumber(String number) {
		byte[] encoded = DecimalEncoding.encode(number);
		return (encoded != null) ? ofBytes(encoded) : NONE;
	}

	/**
	 * The token of a serialized partition key (for a single-column key, the column's CQL
	 * serialization).
	 * @param serializedKey the key bytes; not modified
	 * @return the token, never {@link #NONE}
	 */
	public static long ofBytes(byte[] serializedKey) {
		return token(Murmur3.hash(serializedKey, Murmur3.Tail.SIGN_EXTENDED));
	}

	private static long token(long hash) {
		return (hash == Long.MIN_VALUE) ? Long.MAX_VALUE : hash;
	}

}
