package dev.alternator.testsupport;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One node's counters and bounded request log. Thread-safe: every method holds the
 * instance lock, so snapshots are consistent.
 */
final class NodeRecorder {

	private final int logLimit;

	private final ArrayDeque<RecordedRequest> log = new ArrayDeque<>();

	private final Map<String, Long> byOperation = new HashMap<>();

	private final Map<Integer, Long> byStatus = new HashMap<>();

	private final Map<String, Long> headerNames = new HashMap<>();

	private long apiRequests;

	private long bytesReceived;

	private long bytesSent;

	private long healthRequests;

	private long localNodesRequests;

	private long rejectedAttempts;

	private long forwardedRequests;

	private long replicaRequests;

	private long nonReplicaRequests;

	NodeRecorder(int logLimit) {
		this.logLimit = logLimit;
	}

	synchronized void record(RecordedRequest request, long receivedBytes, long sentBytes) {
		this.bytesReceived += receivedBytes;
		this.bytesSent += sentBytes;
		for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
			this.headerNames.merge(header.getKey().toLowerCase(Locale.ROOT), (long) header.getValue().size(),
					Long::sum);
		}
		if (request.rejected()) {
			this.rejectedAttempts++;
		}
		else {
			if (request.method().equals("POST") && request.path().equals("/")) {
				this.apiRequests++;
				String operation = request.operation();
				this.byOperation.merge((operation != null) ? operation : "", 1L, Long::sum);
			}
			else if (request.method().equals("GET") && request.path().equals("/")) {
				this.healthRequests++;
			}
			else if (request.method().equals("GET") && request.path().equals("/localnodes")) {
				this.localNodesRequests++;
			}
		}
		if (request.forwarded()) {
			this.forwardedRequests++;
		}
		if (request.status() != 0) {
			this.byStatus.merge(request.status(), 1L, Long::sum);
		}
		if (this.logLimit > 0) {
			if (this.log.size() >= this.logLimit) {
				this.log.removeFirst();
			}
			this.log.addLast(request);
		}
	}

	/**
	 * Counts a single-key request on an Alternator table by whether this node is a
	 * replica of the key.
	 */
	synchronized void recordKeyOwnership(boolean replica) {
		if (replica) {
			this.replicaRequests++;
		}
		else {
			this.nonReplicaRequests++;
		}
	}

	synchronized void addBytes(long receivedBytes, long sentBytes) {
		this.bytesReceived += receivedBytes;
		this.bytesSent += sentBytes;
	}

	synchronized NodeStats snapshot() {
		return new NodeStats(this.apiRequests, this.byOperation, this.byStatus, this.headerNames, this.bytesReceived,
				this.bytesSent, this.healthRequests, this.localNodesRequests, this.rejectedAttempts,
				this.forwardedRequests, this.replicaRequests, this.nonReplicaRequests);
	}

	synchronized List<RecordedRequest> requests() {
		return List.copyOf(this.log);
	}

	synchronized void reset() {
		this.log.clear();
		this.byOperation.clear();
		this.byStatus.clear();
		this.headerNames.clear();
		this.apiRequests = 0;
		this.bytesReceived = 0;
		this.bytesSent = 0;
		this.healthRequests = 0;
		this.localNodesRequests = 0;
		this.rejectedAttempts = 0;
		this.forwardedRequests = 0;
		this.replicaRequests = 0;
		this.nonReplicaRequests = 0;
	}

}
