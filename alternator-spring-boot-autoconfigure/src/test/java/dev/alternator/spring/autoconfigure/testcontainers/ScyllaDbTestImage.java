package dev.alternator.spring.autoconfigure.testcontainers;

import org.testcontainers.utility.DockerImageName;

/**
 * The ScyllaDB image of the Docker-backed tests: the one
 * {@code docker/docker-compose.yml} uses by default (request compression needs 2026.1.0
 * or later).
 */
final class ScyllaDbTestImage {

	static final DockerImageName IMAGE = DockerImageName.parse("scylladb/scylla:2026.2.0");

	private ScyllaDbTestImage() {
	}

}
