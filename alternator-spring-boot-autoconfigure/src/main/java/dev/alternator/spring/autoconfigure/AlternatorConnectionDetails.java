package dev.alternator.spring.autoconfigure;

import java.util.List;

import dev.alternator.client.AlternatorConfig;
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
	 * Whether to discover the cluster's nodes with {@code GET /localnodes} from the
	 * seeds; when off, the seeds are the only nodes requests go to.
	 * <p>
	 * A primitive, not an "unset" {@code null}: like the seeds and the port, the value of
	 * a connection details bean wins over {@code alternator.discovery-enabled}, which
	 * only the properties-backed default bean reads. A service connection decides it from
	 * what it knows about the addresses nodes announce: a single Testcontainers container
	 * announces a container-internal address, so its connection turns discovery off.
	 * @return whether node discovery is on ({@code true} unless overridden)
	 */
	default boolean isDiscoveryEnabled() {
		return AlternatorConfig.DEFAULT_DISCOVERY_ENABLED;
	}

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
	default @Nullable String getSslBundleName() {
		return null;
	}

}
