package dev.alternator.spring.autoconfigure.testcontainers;

import java.net.URI;
import java.util.List;

import dev.alternator.spring.autoconfigure.AlternatorConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.testcontainers.scylladb.ScyllaDBContainer;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link ContainerConnectionDetailsFactory} that creates
 * {@link AlternatorConnectionDetails} from a {@code @ServiceConnection}-annotated
 * {@link ScyllaDBContainer} started {@link ScyllaDBContainer#withAlternator() with
 * Alternator}.
 * <p>
 * The container is one node reached through a mapped port: the seed is the container's
 * host, the port is the port mapped to Alternator's 8000, the scheme {@code http}, and
 * <strong>discovery is off</strong>. {@code GET /localnodes} inside a container answers
 * the container-internal address with the unmapped port 8000, which the host usually
 * cannot reach (Docker Desktop never can), so every request goes to the mapped seed.
 * <p>
 * Registered in {@code META-INF/spring.factories}; Spring Boot logs and skips it when
 * Testcontainers' ScyllaDB module is not on the class path.
 * <p>
 * Thread-safe: stateless.
 */
class ScyllaDbContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<ScyllaDBContainer, AlternatorConnectionDetails> {

	ScyllaDbContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME);
	}

	@Override
	protected AlternatorConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<ScyllaDBContainer> source) {
		return new ScyllaDbContainerConnectionDetails(source);
	}

	/**
	 * Maps an Alternator endpoint of a container ({@code http://host:mappedPort}) to
	 * connection details.
	 * @param endpoint the endpoint {@link ScyllaDBContainer#getAlternatorEndpoint()}
	 * answers
	 * @return the connection details: that host and port, {@code http}, discovery off
	 */
	static AlternatorConnectionDetails fromEndpoint(String endpoint) {
		URI uri = URI.create(endpoint);
		return new SingleNodeConnectionDetails(uri.getHost(), uri.getPort());
	}

	/**
	 * Details read from the started container on each call (the mapped port is known only
	 * once it runs).
	 * <p>
	 * It wraps a {@link ContainerConnectionDetails} instead of extending it, so that only
	 * the Alternator details are public: the initialization callback (which obtains the
	 * container) and the origin are delegated to it.
	 */
	static final class ScyllaDbContainerConnectionDetails
			implements AlternatorConnectionDetails, InitializingBean, OriginProvider {

		private final ContainerAccess container;

		ScyllaDbContainerConnectionDetails(ContainerConnectionSource<ScyllaDBContainer> source) {
			this.container = new ContainerAccess(source);
		}

		@Override
		public void afterPropertiesSet() throws Exception {
			this.container.afterPropertiesSet();
		}

		@Override
		public @Nullable Origin getOrigin() {
			return this.container.getOrigin();
		}

		@Override
		public List<String> getSeedHosts() {
			return node().getSeedHosts();
		}

		@Override
		public int getPort() {
			return node().getPort();
		}

		@Override
		public String getScheme() {
			return node().getScheme();
		}

		@Override
		public boolean isDiscoveryEnabled() {
			return node().isDiscoveryEnabled();
		}

		private AlternatorConnectionDetails node() {
			return fromEndpoint(this.container.alternatorEndpoint());
		}

	}

	/**
	 * Access to the container of a {@link ContainerConnectionSource}, which only a
	 * {@link ContainerConnectionDetails} has.
	 */
	private static final class ContainerAccess extends ContainerConnectionDetails<ScyllaDBContainer> {

		ContainerAccess(ContainerConnectionSource<ScyllaDBContainer> source) {
			super(source);
		}

		String alternatorEndpoint() {
			try {
				return getContainer().getAlternatorEndpoint();
			}
			catch (IllegalStateException ex) {
				throw new IllegalStateException(
						"A @ServiceConnection ScyllaDBContainer must be created with withAlternator()", ex);
			}
		}

	}

	/**
	 * One node at a fixed address, discovery off.
	 *
	 * @param host the host
	 * @param port the port
	 */
	record SingleNodeConnectionDetails(String host, int port) implements AlternatorConnectionDetails {

		@Override
		public List<String> getSeedHosts() {
			return List.of(this.host);
		}

		@Override
		public int getPort() {
			return this.port;
		}

		@Override
		public String getScheme() {
			return "http";
		}

		@Override
		public boolean isDiscoveryEnabled() {
			return false;
		}

	}

}
