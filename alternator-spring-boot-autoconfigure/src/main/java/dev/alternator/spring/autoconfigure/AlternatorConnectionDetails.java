package dev.alternator.spring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Details required to connect to an Alternator cluster: the seeds of node discovery, the
 * port and scheme of every node, the routing scope and the TLS bundle.
 * <p>
 * The auto-configuration uses these instead of the matching {@code alternator.*}
 * properties; a bean of this type (for example from a test container) replaces the
 * properties-backed default.
 *
 * @since 0.1.0
 */
public interface AlternatorConnectionDetails extends ConnectionDetails {

	/**
	 * Host names or IP addresses of nodes to start discovery from, without scheme or
	 * port.
	 * @return the seed hosts, never empty
	 */
	List<String> getSeedHosts();

	/**
	 * The Alternator port of every node.
	 * @return the port
	 */
	int getPort();

	/**
	 * The scheme of every node.
	 * @return {@code http} or {@code https}
	 */
	String getScheme();

	/**
	 * The datacenter to route to.
	 * @return the datacenter, or {@code null} for the whole cluster
	 */
	default @Nullable String getDatacenter() {
		return null;
	}

	/**
	 * The rack of {@link #getDatacenter()} to route to.
	 * @return the rack, or {@code null} for the whole datacenter
	 */
	default @Nullable String getRack() {
		return null;
	}

	/**
	 * The name of the Spring SSL bundle to use for {@code https}.
	 * @return the bundle name, or {@code null} for none
	 */
	default @Nullable String getSslBundle() {
		return null;
	}

}
