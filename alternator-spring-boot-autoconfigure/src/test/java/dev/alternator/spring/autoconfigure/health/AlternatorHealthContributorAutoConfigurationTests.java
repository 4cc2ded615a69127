package dev.alternator.spring.autoconfigure.health;

import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.FakeAlternatorNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlternatorHealthContributorAutoConfiguration}.
 */
class AlternatorHealthContributorAutoConfigurationTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
				AlternatorHealthContributorAutoConfiguration.class))
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port());

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void reportsUpWithTheDiscoveredNode() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AlternatorHealthIndicator.class).hasBean("alternatorHealthIndicator");
			assertThat(context.getBean(AlternatorHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void canBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.alternator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorHealthIndicator.class));
	}

	@Test
	void followsTheDefaultsSwitch() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorHealthIndicator.class));
	}

	@Test
	void doesNotRunWithoutTheHealthModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorHealthIndicator.class)
				.hasSingleBean(AlternatorNodeDirectory.class));
	}

	@Test
	void doesNotRunWhenAlternatorIsDisabled() {
		this.contextRunner.withPropertyValues("alternator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorHealthIndicator.class));
	}

	@Test
	void backsOffToAUserIndicator() {
		this.contextRunner
			.withBean("alternatorHealthIndicator", HealthIndicator.class,
					() -> () -> org.springframework.boot.health.contributor.Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorHealthIndicator.class));
	}

}
