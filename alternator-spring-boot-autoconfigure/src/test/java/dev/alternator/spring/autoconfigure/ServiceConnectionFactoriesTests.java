package dev.alternator.spring.autoconfigure;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.stream.Stream;

import dev.alternator.client.AlternatorConfig;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the service connection factories registered in
 * {@code META-INF/spring.factories}.
 */
class ServiceConnectionFactoriesTests {

	private static final String CONTAINER_FACTORY = "dev.alternator.spring.autoconfigure.testcontainers.ScyllaDbContainerConnectionDetailsFactory";

	private static final String DOCKER_COMPOSE_FACTORY = "dev.alternator.spring.autoconfigure.docker.compose.ScyllaDbDockerComposeConnectionDetailsFactory";

	@Test
	void bothFactoriesAreRegistered() {
		List<String> factories = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(ConnectionDetailsFactory.class)
			.stream()
			.map((factory) -> factory.getClass().getName())
			.toList();
		assertThat(factories).contains(CONTAINER_FACTORY, DOCKER_COMPOSE_FACTORY);
	}

	@Test
	void missingTestcontainersOnlySkipsTheContainerFactory() throws Exception {
		// Spring Boot's docker-compose support without Testcontainers: it loads every
		// registered factory; ours for containers cannot load and is logged, not fatal.
		try (URLClassLoader loader = isolatedClassLoader(AlternatorConnectionDetails.class, AlternatorConfig.class,
				ConnectionDetailsFactories.class, SpringApplication.class, SpringFactoriesLoader.class,
				BeanFactory.class, ApplicationContext.class, LogFactory.class, Nullable.class,
				DockerComposeConnectionDetailsFactory.class)) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass("org.testcontainers.scylladb.ScyllaDBContainer"));
			assertThatExceptionOfType(ClassNotFoundException.class).isThrownBy(() -> loader.loadClass(
					"org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory"));
			assertThat(loadedFactories(loader)).contains(DOCKER_COMPOSE_FACTORY).doesNotContain(CONTAINER_FACTORY);
		}
	}

	@Test
	void missingDockerComposeAndTestcontainersAreTolerated() throws Exception {
		try (URLClassLoader loader = isolatedClassLoader(AlternatorConnectionDetails.class, AlternatorConfig.class,
				ConnectionDetailsFactories.class, SpringApplication.class, SpringFactoriesLoader.class,
				BeanFactory.class, ApplicationContext.class, LogFactory.class, Nullable.class)) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass(DockerComposeConnectionDetailsFactory.class.getName()));
			assertThat(loadedFactories(loader)).doesNotContain(DOCKER_COMPOSE_FACTORY, CONTAINER_FACTORY);
		}
	}

	/**
	 * The class names of the factories a {@link ConnectionDetailsFactories} created in
	 * the given class loader holds (as Spring Boot creates it: failures are logged).
	 */
	private static List<String> loadedFactories(ClassLoader loader) throws Exception {
		Object factories = loader.loadClass(ConnectionDetailsFactories.class.getName())
			.getConstructor(ClassLoader.class)
			.newInstance(loader);
		List<?> registrations = (List<?>) ReflectionTestUtils.getField(factories, "registrations");
		assertThat(registrations).isNotNull();
		return registrations.stream()
			.map((registration) -> ReflectionTestUtils.invokeMethod(registration, "factory"))
			.map((factory) -> (factory != null) ? factory.getClass().getName() : "")
			.toList();
	}

	/**
	 * A class loader over only the jars (or class folders) of the given classes, under
	 * the platform class loader: nothing else of the test class path is visible.
	 */
	private static URLClassLoader isolatedClassLoader(Class<?>... classes) {
		URL[] urls = Stream.of(classes)
			.map((type) -> type.getProtectionDomain().getCodeSource().getLocation())
			.distinct()
			.toArray(URL[]::new);
		return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
	}

}
