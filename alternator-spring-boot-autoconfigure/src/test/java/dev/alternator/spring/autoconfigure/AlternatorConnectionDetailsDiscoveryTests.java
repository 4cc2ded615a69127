package dev.alternator.spring.autoconfigure;

import java.util.List;

import dev.alternator.client.AlternatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlternatorConnectionDetails#isDiscoveryEnabled()} and how
 * {@link AlternatorAutoConfiguration} applies it.
 */
class AlternatorConnectionDetailsDiscoveryTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class))
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port());

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void discoveryIsOnByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(AlternatorConnectionDetails.class).isDiscoveryEnabled()).isTrue();
			assertThat(context.getBean(AlternatorConfig.class).discoveryEnabled()).isTrue();
		});
	}

	@Test
	void propertiesConnectionDetailsReadTheDiscoveryProperty() {
		this.contextRunner.withPropertyValues("alternator.discovery-enabled=false").run((context) -> {
			assertThat(context.getBean(AlternatorConnectionDetails.class).isDiscoveryEnabled()).isFalse();
			assertThat(context.getBean(AlternatorConfig.class).discoveryEnabled()).isFalse();
		});
	}

	@Test
	void connectionDetailsWithDiscoveryOffWinOverTheProperty() {
		this.contextRunner.withPropertyValues("alternator.discovery-enabled=true")
			.withBean(AlternatorConnectionDetails.class, () -> details(false))
			.run((context) -> {
				AlternatorConfig config = context.getBean(AlternatorConfig.class);
				assertThat(config.discoveryEnabled()).isFalse();
				assertThat(config.seedHosts()).containsExactly(FakeAlternatorNode.ADDRESS);
			});
	}

	@Test
	void connectionDetailsWithDiscoveryOnWinOverTheProperty() {
		this.contextRunner.withPropertyValues("alternator.discovery-enabled=false")
			.withBean(AlternatorConnectionDetails.class, () -> details(true))
			.run((context) -> assertThat(context.getBean(AlternatorConfig.class).discoveryEnabled()).isTrue());
	}

	@Test
	void connectionDetailsKeepDiscoveryOnUnlessTheyOverrideIt() {
		AlternatorConnectionDetails details = new AlternatorConnectionDetails() {

			@Override
			public List<String> getSeedHosts() {
				return List.of(FakeAlternatorNode.ADDRESS);
			}

			@Override
			public int getPort() {
				return node.port();
			}

			@Override
			public String getScheme() {
				return "http";
			}

		};
		assertThat(details.isDiscoveryEnabled()).isEqualTo(AlternatorConfig.DEFAULT_DISCOVERY_ENABLED).isTrue();
		this.contextRunner.withPropertyValues("alternator.discovery-enabled=false")
			.withBean(AlternatorConnectionDetails.class, () -> details)
			.run((context) -> assertThat(context.getBean(AlternatorConfig.class).discoveryEnabled()).isTrue());
	}

	@Test
	void discoveryOffSendsRequestsToTheSeedOnly() {
		this.contextRunner.withBean(AlternatorConnectionDetails.class, () -> details(false)).run((context) -> {
			int before = node.apiRequests();
			assertThat(context.getBean(DynamoDbClient.class).listTables().tableNames()).isEmpty();
			assertThat(node.apiRequests()).isEqualTo(before + 1);
		});
	}

	private static AlternatorConnectionDetails details(boolean discoveryEnabled) {
		return new AlternatorConnectionDetails() {

			@Override
			public List<String> getSeedHosts() {
				return List.of(FakeAlternatorNode.ADDRESS);
			}

			@Override
			public int getPort() {
				return node.port();
			}

			@Override
			public String getScheme() {
				return "http";
			}

			@Override
			public boolean isDiscoveryEnabled() {
				return discoveryEnabled;
			}

		};
	}

}
