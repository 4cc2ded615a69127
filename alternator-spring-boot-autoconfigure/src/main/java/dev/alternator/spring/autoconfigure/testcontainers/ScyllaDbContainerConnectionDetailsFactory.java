package dev.alternator.spring.autoconfigure.testcontainers;

import java.net.URI;
import java.util.List;

import dev.alternator.spring.autoconfigure.AlternatorConnectionDetails;
import org.testcontainers.scylladb.ScyllaDBContainer;

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
	 * A {@link ContainerConnectionDetails} itself rather than a wrapper around one, so
	 * that Spring Boot's callbacks (which obtain the container, and hand over the
	 * application context) reach it, its origin is the container's, and the container's
	 * SSL bundle ({@code getSslBundle()}) is at hand.
	 */
	static final class ScyllaDbContainerConnectionDetails extends ContainerConnectionDetails<ScyllaDBContainer>
			implements AlternatorConnectionDetails {

		ScyllaDbContainerConnectionDetails(ContainerConnectionSource<ScyllaDBContainer> source) {
			super(source);
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
			return fromEndpoint(alternatorEndpoint());
		}

		private String alternatorEndpoint() {
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
