package dev.alternator.spring.autoconfigure.metrics;

import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.micrometer.AlternatorSdkMetrics;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.AlternatorDynamoDbAsyncClientCustomizer;
import dev.alternator.spring.autoconfigure.AlternatorDynamoDbClientCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of the SDK call metrics: an {@link AlternatorSdkMetrics} publisher
 * over the application's {@link MeterRegistry}, added to the metric publishers of every
 * client bean the starter builds (sync and async; the Enhanced clients wrap those).
 * Publishers the application sets through its own customizers are kept. Off with
 * {@code alternator.metrics.sdk.enabled=false}.
 * <p>
 * The publisher is added by customizers that run last (lowest precedence, registered
 * after the application's), so a customizer that replaces the override configuration does
 * not drop it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AlternatorAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, AlternatorSdkMetrics.class, AlternatorNodeDirectory.class })
@ConditionalOnBean({ MeterRegistry.class, AlternatorNodeDirectory.class })
@ConditionalOnBooleanProperty(name = "alternator.metrics.sdk.enabled", matchIfMissing = true)
public final class AlternatorSdkMetricsAutoConfiguration {

	AlternatorSdkMetricsAutoConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AlternatorSdkMetrics alternatorSdkMetrics(MeterRegistry registry) {
		return AlternatorSdkMetrics.create(registry);
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnMissingBean(name = "alternatorSdkMetricsClientCustomizer")
	AlternatorDynamoDbClientCustomizer alternatorSdkMetricsClientCustomizer(AlternatorSdkMetrics metrics) {
		return (builder) -> addPublisher(builder, metrics);
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnMissingBean(name = "alternatorSdkMetricsAsyncClientCustomizer")
	AlternatorDynamoDbAsyncClientCustomizer alternatorSdkMetricsAsyncClientCustomizer(AlternatorSdkMetrics metrics) {
		return (builder) -> addPublisher(builder, metrics);
	}

	/**
	 * Adds the publisher to what the builder has, keeping every publisher set before.
	 */
	private static void addPublisher(SdkClientBuilder<?, ?> builder, AlternatorSdkMetrics metrics) {
		ClientOverrideConfiguration current = builder.overrideConfiguration();
		if (!current.metricPublishers().contains(metrics)) {
			builder.overrideConfiguration(current.toBuilder().addMetricPublisher(metrics).build());
		}
	}

}
