package dev.alternator.client.internal.placement;

import java.util.Arrays;
import java.util.UUID;

import dev.alternator.client.internal.common.Host;

/**
 * A token-owning node as {@code system.local} or {@code system.peers} describes it.
 * <p>
 * Immutable and thread-safe.
 */
public final class ClusterNode {

	private final UUID hostId;

	private final Host rpcAddress;

	private final String datacenter;

	private final String rack;

	private final long[] tokens;

	/**
	 * Create a node.
	 * @param hostId the host id
	 * @param rpcAddress the address clients reach it on, as {@code /localnodes} lists it
	 * @param datacenter its datacenter
	 * @param rack its rack
	 * @param tokens its vnode tokens (not modified; copied and sorted)
	 */
	ClusterNode(UUID hostId, Host rpcAddress, String datacenter, String rack, long[] tokens) {
		this.hostId = hostId;
		this.rpcAddress = rpcAddress;
		this.datacenter = datacenter;
		this.rack = rack;
		this.tokens = tokens.clone();
		Arrays.sort(this.tokens);
	}

	/**
	 * The node's host id ({@code system.tablets} replicas name nodes by it).
	 * @return the host id
	 */
	public UUID hostId() {
		return this.hostId;
	}

	/**
	 * The node's {@code rpc_address}, which {@code /localnodes} lists.
	 * @return the address
	 */
	public Host rpcAddress() {
		return this.rpcAddress;
	}

	/**
	 * The node's datacenter.
	 * @return the datacenter name
	 */
	public String datacenter() {
		return this.datacenter;
	}

	/**
	 * The node's rack.
	 * @return the rack name
	 */
	public String rack() {
		return this.rack;
	}

	/**
	 * How many vnode tokens the node owns.
	 * @return the token count, at least 1
	 */
	public int tokenCount() {
		return this.tokens.length;
	}

	/**
	 * The node's vnode tokens, ascending.
	 * @return a copy of the tokens
	 */
	public long[] tokens() {
		return this.tokens.clone();
	}

	long token(int index) {
		return this.tokens[index];
	}

	@Override
	public String toString() {
		return this.rpcAddress + " (" + this.hostId + ", " + this.datacenter + "/" + this.rack + ")";
	}

}
