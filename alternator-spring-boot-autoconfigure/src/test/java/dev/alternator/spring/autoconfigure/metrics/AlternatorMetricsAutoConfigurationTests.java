package dev.alternator.spring.autoconfigure.metrics;

import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.FakeAlternatorNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlternatorMetricsAutoConfiguration}.
 */
class AlternatorMetricsAutoConfigurationTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
				AlternatorMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port());

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void bindsTheMetersToTheRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AlternatorMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("alternator.nodes.live").gauge().value()).isEqualTo(1);
			assertThat(registry.get("alternator.nodes.quarantined").gauge().value()).isZero();
			assertThat(registry.get("alternator.routing.fallbacks").functionCounter().count()).isZero();
		});
	}

	@Test
	void doesNotRunWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).doesNotHaveBean(MeterBinder.class)
				.doesNotHaveBean("alternatorMetrics")
				.hasSingleBean(DynamoDbClient.class));
	}

	@Test
	void doesNotRunWhenAlternatorIsDisabled() {
		this.contextRunner.withPropertyValues("alternator.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorMetrics.class));
	}

	@Test
	void backsOffToAUserBinder() {
		this.contextRunner
			.withBean("userMetrics", AlternatorMetrics.class,
					() -> new AlternatorMetrics(
							org.mockito.Mockito.mock(dev.alternator.client.AlternatorNodeDirectory.class),
							io.micrometer.core.instrument.Tags.empty()))
			.run((context) -> assertThat(context).hasSingleBean(AlternatorMetrics.class).hasBean("userMetrics"));
	}

}
