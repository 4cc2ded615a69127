package dev.alternator.spring.autoconfigure.observation;

import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.micrometer.AlternatorObservations;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.AlternatorDynamoDbAsyncClientCustomizer;
import dev.alternator.spring.autoconfigure.AlternatorDynamoDbClientCustomizer;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of the API call observations: with an {@link ObservationRegistry}
 * bean, each API call of the client beans the starter builds (sync and async; the
 * Enhanced clients wrap those) is an {@code alternator.api.call} observation, so Boot's
 * tracing bridges give one span per call with the node of each attempt. Off with
 * {@code alternator.observations.enabled=false}.
 * <p>
 * The observation interceptor and its publisher are added by customizers that run last
 * (lowest precedence, registered after the application's); the application's own
 * interceptors and publishers are kept.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AlternatorAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, AlternatorObservations.class, AlternatorNodeDirectory.class })
@ConditionalOnBean({ ObservationRegistry.class, AlternatorNodeDirectory.class })
@ConditionalOnBooleanProperty(name = "alternator.observations.enabled", matchIfMissing = true)
public final class AlternatorObservationAutoConfiguration {

	AlternatorObservationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	AlternatorObservations alternatorObservations(ObservationRegistry registry) {
		return AlternatorObservations.create(registry);
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnMissingBean(name = "alternatorObservationsClientCustomizer")
	AlternatorDynamoDbClientCustomizer alternatorObservationsClientCustomizer(AlternatorObservations observations) {
		return (builder) -> apply(builder, observations);
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnMissingBean(name = "alternatorObservationsAsyncClientCustomizer")
	AlternatorDynamoDbAsyncClientCustomizer alternatorObservationsAsyncClientCustomizer(
			AlternatorObservations observations) {
		return (builder) -> apply(builder, observations);
	}

	private static void apply(SdkClientBuilder<?, ?> builder, AlternatorObservations observations) {
		builder.overrideConfiguration(observations.applyTo(builder.overrideConfiguration().toBuilder()).build());
	}

}
