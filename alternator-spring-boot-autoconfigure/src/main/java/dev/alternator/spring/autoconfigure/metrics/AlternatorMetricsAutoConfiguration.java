package dev.alternator.spring.autoconfigure.metrics;

import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the Alternator Micrometer meters: a {@link MeterBinder} that
 * Spring Boot binds to every meter registry.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AlternatorAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass({ MeterBinder.class, MetricsAutoConfiguration.class, AlternatorNodeDirectory.class })
@ConditionalOnBean(AlternatorNodeDirectory.class)
public final class AlternatorMetricsAutoConfiguration {

	AlternatorMetricsAutoConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AlternatorMetrics alternatorMetrics(AlternatorNodeDirectory directory) {
		return new AlternatorMetrics(directory, Tags.empty());
	}

}
