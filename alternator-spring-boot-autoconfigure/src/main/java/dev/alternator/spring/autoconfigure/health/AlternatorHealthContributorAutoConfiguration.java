package dev.alternator.spring.autoconfigure.health;

import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code alternator} health indicator
 * ({@code management.health.alternator.enabled}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AlternatorAutoConfiguration.class,
		afterName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, AlternatorNodeDirectory.class })
@ConditionalOnBean(AlternatorNodeDirectory.class)
@ConditionalOnEnabledHealthIndicator("alternator")
public final class AlternatorHealthContributorAutoConfiguration {

	AlternatorHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = { "alternatorHealthIndicator", "alternatorHealthContributor" })
	AlternatorHealthIndicator alternatorHealthIndicator(AlternatorNodeDirectory directory) {
		return new AlternatorHealthIndicator(directory);
	}

}
