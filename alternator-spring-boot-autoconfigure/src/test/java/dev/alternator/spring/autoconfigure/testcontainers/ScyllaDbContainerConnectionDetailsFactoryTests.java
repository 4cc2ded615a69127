package dev.alternator.spring.autoconfigure.testcontainers;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.AlternatorConnectionDetails;
import dev.alternator.spring.autoconfigure.FakeAlternatorNode;
import dev.alternator.spring.autoconfigure.PropertiesAlternatorConnectionDetails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.scylladb.ScyllaDBContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ScyllaDbContainerConnectionDetailsFactory}, through Spring Boot's
 * service connection support with a stubbed {@link ScyllaDBContainer} (no Docker): its
 * Alternator endpoint is a fake node.
 */
class ScyllaDbContainerConnectionDetailsFactoryTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, AlternatorAutoConfiguration.class));

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void serviceConnectionConfiguresTheMappedPortWithDiscoveryOff() {
		this.contextRunner.withUserConfiguration(AlternatorContainerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AlternatorConnectionDetails.class)
				.doesNotHaveBean(PropertiesAlternatorConnectionDetails.class);
			AlternatorConnectionDetails details = context.getBean(AlternatorConnectionDetails.class);
			assertThat(details.getSeedHosts()).containsExactly(FakeAlternatorNode.ADDRESS);
			assertThat(details.getPort()).isEqualTo(node.port());
			assertThat(details.getScheme()).isEqualTo("http");
			assertThat(details.isDiscoveryEnabled()).isFalse();
			AlternatorConfig config = context.getBean(AlternatorConfig.class);
			assertThat(config.seedHosts()).containsExactly(FakeAlternatorNode.ADDRESS);
			assertThat(config.port()).isEqualTo(node.port());
			assertThat(config.scheme()).isEqualTo("http");
			assertThat(config.discoveryEnabled()).isFalse();
		});
	}

	@Test
	void connectionDetailsAreSpringBootContainerConnectionDetails() {
		this.contextRunner.withUserConfiguration(AlternatorContainerConfiguration.class).run((context) -> {
			AlternatorConnectionDetails details = context.getBean(AlternatorConnectionDetails.class);
			// Boot's ContainerConnectionDetails is protected: its callbacks identify it
			assertThat(details).isInstanceOf(InitializingBean.class)
				.isInstanceOf(ApplicationContextAware.class)
				.isInstanceOf(OriginProvider.class);
			assertThat(((OriginProvider) details).getOrigin()).isNotNull();
		});
	}

	@Test
	void serviceConnectionWinsOverConnectionProperties() {
		this.contextRunner.withUserConfiguration(AlternatorContainerConfiguration.class)
			.withPropertyValues("alternator.seed-hosts=10.0.0.10", "alternator.port=10", "alternator.scheme=https",
					"alternator.discovery-enabled=true", "alternator.max-attempts=10")
			.run((context) -> {
				AlternatorConfig config = context.getBean(AlternatorConfig.class);
				assertThat(config.seedHosts()).containsExactly(FakeAlternatorNode.ADDRESS);
				assertThat(config.port()).isEqualTo(node.port());
				assertThat(config.scheme()).isEqualTo("http");
				assertThat(config.discoveryEnabled()).isFalse();
				assertThat(config.maxAttempts()).isEqualTo(10);
			});
	}

	@Test
	void clientSendsRequestsToTheContainer() {
		this.contextRunner.withUserConfiguration(AlternatorContainerConfiguration.class).run((context) -> {
			int before = node.apiRequests();
			assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames()).isEmpty();
			assertThat(node.apiRequests()).isEqualTo(before + 1);
		});
	}

	@Test
	void containerWithoutAlternatorFailsStartupNamingWithAlternator() {
		this.contextRunner.withUserConfiguration(PlainContainerConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessage("Alternator is not enabled");
			assertThat(context.getStartupFailure()).hasStackTraceContaining(
					"A @ServiceConnection ScyllaDBContainer must be created with withAlternator()");
		});
	}

	@Test
	void endpointMapsToOneNodeWithDiscoveryOff() {
		AlternatorConnectionDetails details = ScyllaDbContainerConnectionDetailsFactory
			.fromEndpoint("http://docker-host:32768");
		assertThat(details.getSeedHosts()).containsExactly("docker-host");
		assertThat(details.getPort()).isEqualTo(32768);
		assertThat(details.getScheme()).isEqualTo("http");
		assertThat(details.isDiscoveryEnabled()).isFalse();
		assertThat(details.getDatacenter()).isNull();
		assertThat(details.getRack()).isNull();
		assertThat(details.getSslBundleName()).isNull();
	}

	private static ScyllaDBContainer container() {
		ScyllaDBContainer container = mock(ScyllaDBContainer.class);
		given(container.getDockerImageName()).willReturn("scylladb/scylla:2026.2.0");
		return container;
	}

	@Configuration(proxyBeanMethods = false)
	static class AlternatorContainerConfiguration {

		@Bean
		@ServiceConnection
		ScyllaDBContainer scylla() {
			ScyllaDBContainer container = container();
			given(container.getAlternatorEndpoint())
				.willReturn("http://" + FakeAlternatorNode.ADDRESS + ":" + node.port());
			return container;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainContainerConfiguration {

		@Bean
		@ServiceConnection
		ScyllaDBContainer scylla() {
			ScyllaDBContainer container = container();
			given(container.getAlternatorEndpoint()).willThrow(new IllegalStateException("Alternator is not enabled"));
			return container;
		}

	}

}
