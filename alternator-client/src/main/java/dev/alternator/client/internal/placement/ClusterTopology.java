package dev.alternator.client.internal.placement;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.alternator.client.internal.common.Host;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cluster's token-owning nodes — host id, datacenter, rack, {@code rpc_address} and
 * vnode tokens — from the rows of {@code system.local} and {@code system.peers}, as the
 * node that answered sees them.
 * <p>
 * Rows without tokens (a node bootstrapping or replacing another) are skipped: such a
 * node owns no data yet. Nodes are matched to the {@code /localnodes} addresses by
 * {@code rpc_address}, IP literals by address ({@code 2001:db8::1} equals
 * {@code 2001:db8:0:0:0:0:0:1}).
 * <p>
 * Memory: one {@link ClusterNode} per node with its tokens; at most {@value #MAX_TOKENS}
 * tokens in all (1024 nodes of 256 vnodes), above which the rows are rejected as
 * unparsable rather than held.
 * <p>
 * Immutable and thread-safe.
 */
public final class ClusterTopology {

	/** The most tokens a topology holds. */
	public static final int MAX_TOKENS = 1 << 18;

	static final String LOCAL = "system.local";

	static final String PEERS = "system.peers";

	private final List<ClusterNode> nodes;

	private final Map<UUID, ClusterNode> byHostId;

	private final Map<Object, ClusterNode> byAddress;

	private final int tokenCount;

	private ClusterTopology(List<ClusterNode> nodes) {
		this.nodes = List.copyOf(nodes);
		Map<UUID, ClusterNode> byHostId = new HashMap<>();
		Map<Object, ClusterNode> byAddress = new HashMap<>();
		int tokenCount = 0;
		for (ClusterNode node : nodes) {
			byHostId.put(node.hostId(), node);
			byAddress.put(addressKey(node.rpcAddress()), node);
			tokenCount += node.tokenCount();
		}
		this.byHostId = Collections.unmodifiableMap(byHostId);
		this.byAddress = Collections.unmodifiableMap(byAddress);
		this.tokenCount = tokenCount;
	}

	/**
	 * Build the topology from scanned rows.
	 * @param localRows the items of {@code system.local} (one row)
	 * @param peerRows the items of {@code system.peers}
	 * @return the topology
	 * @throws UnparsableValueException when a row lacks a required column or renders one
	 * unexpectedly, when two rows share a host id or an address, when
	 * {@code system.local} has no row, or when the tokens exceed {@link #MAX_TOKENS}
	 */
	public static ClusterTopology parse(List<Map<String, AttributeValue>> localRows,
			List<Map<String, AttributeValue>> peerRows) {
		if (localRows.size() != 1) {
			throw new UnparsableValueException(LOCAL, "key", localRows.size() + " rows", "one row");
		}
		List<SystemRow> rows = new ArrayList<>();
		rows.add(new SystemRow(LOCAL, localRows.get(0)));
		for (Map<String, AttributeValue> item : peerRows) {
			rows.add(new SystemRow(PEERS, item));
		}
		List<ClusterNode> nodes = new ArrayList<>();
		Map<UUID, ClusterNode> hostIds = new HashMap<>();
		Map<Object, ClusterNode> addresses = new HashMap<>();
		int tokenTotal = 0;
		for (SystemRow row : rows) {
			ClusterNode node = tokenOwner(row);
			if (node == null) {
				continue;
			}
			tokenTotal += node.tokenCount();
			if (tokenTotal > MAX_TOKENS) {
				throw new UnparsableValueException(row.table(), "tokens", tokenTotal + " tokens",
						"at most " + MAX_TOKENS + " tokens in the cluster");
			}
			if (hostIds.putIfAbsent(node.hostId(), node) != null) {
				throw new UnparsableValueException(row.table(), "host_id", node.hostId().toString(),
						"a host id of one row");
			}
			if (addresses.putIfAbsent(addressKey(node.rpcAddress()), node) != null) {
				throw new UnparsableValueException(row.table(), "rpc_address", node.rpcAddress().value(),
						"an address of one row");
			}
			nodes.add(node);
		}
		return new ClusterTopology(nodes);
	}

	/**
	 * Build a topology from nodes (for tests and for the local cluster's emulation).
	 * @param nodes the nodes, distinct by host id and address
	 * @return the topology
	 */
	static ClusterTopology of(List<ClusterNode> nodes) {
		return new ClusterTopology(nodes);
	}

	/**
	 * The node a row describes.
	 * @param row a row of {@code system.local} or {@code system.peers}
	 * @return the node, or {@code null} when the row has no tokens
	 */
	private static @Nullable ClusterNode tokenOwner(SystemRow row) {
		List<String> tokenTexts = row.set("tokens");
		if (tokenTexts.isEmpty()) {
			return null;
		}
		if (tokenTexts.size() > MAX_TOKENS) {
			throw new UnparsableValueException(row.table(), "tokens", tokenTexts.size() + " tokens",
					"at most " + MAX_TOKENS + " tokens in the cluster");
		}
		UUID hostId = row.requiredUuid("host_id");
		Host address = row.inet("rpc_address");
		if (address == null) {
			throw new UnparsableValueException(row.table(), "rpc_address", null, "an IP address");
		}
		String datacenter = row.requiredText("data_center");
		String rack = row.requiredText("rack");
		long[] tokens = new long[tokenTexts.size()];
		for (int i = 0; i < tokens.length; i++) {
			try {
				tokens[i] = Long.parseLong(tokenTexts.get(i));
			}
			catch (NumberFormatException ex) {
				throw new UnparsableValueException(row.table(), "tokens", tokenTexts.get(i), "decimal int64 tokens");
			}
		}
		return new ClusterNode(hostId, address, datacenter, rack, tokens);
	}

	/**
	 * The key two spellings of one address share: the address of an IP literal, the
	 * canonical form otherwise.
	 */
	private static Object addressKey(Host host) {
		InetAddress address = host.address();
		return (address != null) ? address : host.canonical();
	}

	/**
	 * The token-owning nodes, {@code system.local}'s first, then {@code system.peers}' in
	 * scan order.
	 * @return the nodes
	 */
	public List<ClusterNode> nodes() {
		return this.nodes;
	}

	/**
	 * The node with a host id.
	 * @param hostId the host id
	 * @return the node, or {@code null} when no token-owning node has it
	 */
	public @Nullable ClusterNode node(UUID hostId) {
		return this.byHostId.get(hostId);
	}

	/**
	 * The node whose {@code rpc_address} is a {@code /localnodes} address: its datacenter
	 * and rack, and whether it is a replica.
	 * @param address the address as discovered
	 * @return the node, or {@code null} when no token-owning node has that address
	 */
	public @Nullable ClusterNode nodeAt(Host address) {
		return this.byAddress.get(addressKey(address));
	}

	/**
	 * The address of the node with a host id.
	 * @param hostId the host id
	 * @return the {@code rpc_address}, or {@code null} when no token-owning node has it
	 */
	public @Nullable Host address(UUID hostId) {
		ClusterNode node = node(hostId);
		return (node != null) ? node.rpcAddress() : null;
	}

	/**
	 * All tokens of all nodes.
	 * @return the number of vnode tokens
	 */
	public int tokenCount() {
		return this.tokenCount;
	}

	@Override
	public String toString() {
		return this.nodes.size() + " nodes, " + this.tokenCount + " tokens";
	}

}
