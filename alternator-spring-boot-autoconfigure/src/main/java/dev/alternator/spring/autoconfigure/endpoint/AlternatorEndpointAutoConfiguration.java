package dev.alternator.spring.autoconfigure.endpoint;

import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code alternator} actuator endpoint, when actuator is on the
 * classpath and the endpoint is available (enabled and exposed).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AlternatorAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, AlternatorNodeDirectory.class })
@ConditionalOnAvailableEndpoint(AlternatorEndpoint.class)
public final class AlternatorEndpointAutoConfiguration {

	AlternatorEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(AlternatorNodeDirectory.class)
	AlternatorEndpoint alternatorEndpoint(AlternatorNodeDirectory directory) {
		return new AlternatorEndpoint(directory);
	}

}
