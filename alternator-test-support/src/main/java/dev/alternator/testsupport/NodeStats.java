package dev.alternator.testsupport;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of one emulated node's counters, taken by
 * {@link LocalAlternatorNode#stats()}.
 * <p>
 * The counters cover everything since the node started or since its last
 * {@link LocalAlternatorNode#resetStats()}. A snapshot is consistent: all counters are
 * read under the same lock that request recording takes. Instances are immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class NodeStats {

	private final long apiRequests;

	private final Map<String, Long> requestsByOperation;

	private final Map<Integer, Long> responsesByStatus;

	private final Map<String, Long> headerNames;

	private final long bytesReceived;

	private final long bytesSent;

	private final long healthRequests;

	private final long localNodesRequests;

	private final long rejectedAttempts;

	private final long forwardedRequests;

	private final long replicaRequests;

	private final long nonReplicaRequests;

	NodeStats(long apiRequests, Map<String, Long> requestsByOperation, Map<Integer, Long> responsesByStatus,
			Map<String, Long> headerNames, long bytesReceived, long bytesSent, long healthRequests,
			long localNodesRequests, long rejectedAttempts, long forwardedRequests, long replicaRequests,
			long nonReplicaRequests) {
		this.apiRequests = apiRequests;
		this.requestsByOperation = sorted(requestsByOperation);
		this.responsesByStatus = sorted(responsesByStatus);
		this.headerNames = sorted(headerNames);
		this.bytesReceived = bytesReceived;
		this.bytesSent = bytesSent;
		this.healthRequests = healthRequests;
		this.localNodesRequests = localNodesRequests;
		this.rejectedAttempts = rejectedAttempts;
		this.forwardedRequests = forwardedRequests;
		this.replicaRequests = replicaRequests;
		this.nonReplicaRequests = nonReplicaRequests;
	}

	private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, Long> map) {
		return Collections.unmodifiableMap(new TreeMap<>(map));
	}

	/**
	 * API requests ({@code POST /}) the node read and handled, whatever their outcome;
	 * rejected attempts are not included.
	 * @return the number of API requests
	 */
	public long apiRequests() {
		return this.apiRequests;
	}

	/**
	 * API requests by operation (the {@code X-Amz-Target} text after the first
	 * {@code .}); requests without an operation are counted under the empty string.
	 * @return an unmodifiable map sorted by operation
	 */
	public Map<String, Long> requestsByOperation() {
		return this.requestsByOperation;
	}

	/**
	 * API requests of one operation.
	 * @param operation the operation name, e.g. {@code GetItem}
	 * @return the count, {@code 0} when none
	 */
	public long requests(String operation) {
		return this.requestsByOperation.getOrDefault(operation, 0L);
	}

	/**
	 * Responses sent, by status code, for every kind of request (API, health,
	 * {@code /localnodes}, not found).
	 * @return an unmodifiable map sorted by status
	 */
	public Map<Integer, Long> responsesByStatus() {
		return this.responsesByStatus;
	}

	/**
	 * Responses sent with one status code.
	 * @param status the status code
	 * @return the count, {@code 0} when none
	 */
	public long responses(int status) {
		return this.responsesByStatus.getOrDefault(status, 0L);
	}

	/**
	 * Header field names seen in received requests (lowercased), with the number of
	 * occurrences.
	 * @return an unmodifiable map sorted by name
	 */
	public Map<String, Long> headerNames() {
		return this.headerNames;
	}

	/**
	 * Raw bytes read from client connections (request heads and bodies as on the wire).
	 * @return the bytes received
	 */
	public long bytesReceived() {
		return this.bytesReceived;
	}

	/**
	 * Raw bytes written to client connections (interim {@code 100 Continue} answers,
	 * response heads and bodies).
	 * @return the bytes sent
	 */
	public long bytesSent() {
		return this.bytesSent;
	}

	/**
	 * Health checks ({@code GET /}) read.
	 * @return the number of health requests
	 */
	public long healthRequests() {
		return this.healthRequests;
	}

	/**
	 * Discovery requests ({@code GET /localnodes}) read.
	 * @return the number of discovery requests
	 */
	public long localNodesRequests() {
		return this.localNodesRequests;
	}

	/**
	 * Connections reset while the node was {@linkplain LocalAlternatorNode#reject()
	 * rejecting}, after their request head had been read.
	 * @return the number of rejected attempts
	 */
	public long rejectedAttempts() {
		return this.rejectedAttempts;
	}

	/**
	 * API requests passed to the DynamoDB backend (applied), whether or not their answer
	 * reached the client.
	 * @return the number of forwarded requests
	 */
	public long forwardedRequests() {
		return this.forwardedRequests;
	}

	/**
	 * Single-key requests ({@code GetItem}, {@code PutItem}, {@code UpdateItem},
	 * {@code DeleteItem}, {@code Query} with an equality on the hash key, not on an
	 * index) on Alternator tables for keys this node is a replica of (reads' replica set,
	 * which follows tablet migrations), so served without an extra hop.
	 * @return the number of requests that reached a replica
	 */
	public long replicaRequests() {
		return this.replicaRequests;
	}

	/**
	 * Single-key requests on Alternator tables (as for {@link #replicaRequests()}) for
	 * keys this node is not a replica of: a real coordinator forwards each of them to a
	 * replica, one extra network hop.
	 * @return the number of requests that cost an extra hop
	 */
	public long nonReplicaRequests() {
		return this.nonReplicaRequests;
	}

	@Override
	public String toString() {
		return "NodeStats{apiRequests=" + this.apiRequests + ", byOperation=" + this.requestsByOperation + ", byStatus="
				+ this.responsesByStatus + ", bytesReceived=" + this.bytesReceived + ", bytesSent=" + this.bytesSent
				+ ", healthRequests=" + this.healthRequests + ", localNodesRequests=" + this.localNodesRequests
				+ ", rejectedAttempts=" + this.rejectedAttempts + ", forwardedRequests=" + this.forwardedRequests
				+ ", replicaRequests=" + this.replicaRequests + ", nonReplicaRequests=" + this.nonReplicaRequests + "}";
	}

}
