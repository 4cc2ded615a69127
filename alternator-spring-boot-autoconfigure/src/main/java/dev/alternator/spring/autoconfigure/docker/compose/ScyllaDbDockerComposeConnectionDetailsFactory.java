package dev.alternator.spring.autoconfigure.docker.compose;

import java.util.List;

import dev.alternator.spring.autoconfigure.AlternatorConnectionDetails;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * {@link DockerComposeConnectionDetailsFactory} that creates
 * {@link AlternatorConnectionDetails} for a {@code scylladb/scylla} service started by
 * Spring Boot's docker-compose support.
 * <p>
 * The service is the discovery seed: the seed is the Docker host, the port is the host
 * port published for Alternator's 8000, the scheme {@code http}, and <strong>discovery is
 * on</strong>. That relies on each node announcing, with {@code --broadcast-rpc-address},
 * an address the host can reach on that same port, as this project's
 * {@code docker/docker-compose.yml} does (each node publishes 8000 on its own loopback
 * address). For a compose file whose nodes announce container addresses, label its
 * services {@code org.springframework.boot.ignore} and use the {@code alternator.*}
 * properties instead (seed and published port,
 * {@code alternator.discovery-enabled=false}). In a cluster, label every node but one
 * {@code org.springframework.boot.ignore}: each unlabelled node becomes one connection
 * details bean.
 * <p>
 * Registered in {@code META-INF/spring.factories}; Spring Boot logs and skips it when
 * spring-boot-docker-compose is not on the class path.
 * <p>
 * Thread-safe: stateless.
 */
class ScyllaDbDockerComposeConnectionDetailsFactory
		extends DockerComposeConnectionDetailsFactory<AlternatorConnectionDetails> {

	private static final String[] SCYLLA_IMAGE_NAMES = { "scylladb/scylla" };

	private static final int ALTERNATOR_PORT = 8000;

	ScyllaDbDockerComposeConnectionDetailsFactory() {
		super(SCYLLA_IMAGE_NAMES);
	}

	@Override
	protected AlternatorConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new ScyllaDbDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * Details of one running ScyllaDB service, read once when created.
	 */
	static final class ScyllaDbDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements AlternatorConnectionDetails {

		private final List<String> seedHosts;

		private final int port;

		ScyllaDbDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.seedHosts = List.of(service.host());
			this.port = service.ports().get(ALTERNATOR_PORT);
		}

		@Override
		public List<String> getSeedHosts() {
			return this.seedHosts;
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
			return true;
		}

	}

}
