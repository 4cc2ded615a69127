package dev.alternator.spring.autoconfigure.observation;

import java.util.List;
import java.util.Map;

import dev.alternator.client.micrometer.AlternatorObservations;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.AlternatorDynamoDbClientCustomizer;
import dev.alternator.spring.autoconfigure.AlternatorProperties;
import dev.alternator.spring.autoconfigure.FakeAlternatorNode;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlternatorObservationAutoConfiguration}.
 */
class AlternatorObservationAutoConfigurationTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private static final Map<String, AttributeValue> KEY = Map.of("id", AttributeValue.fromS("k"));

	private static final String NAME = AlternatorObservations.OBSERVATION_NAME;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(AlternatorAutoConfiguration.class, AlternatorObservationAutoConfiguration.class))
		.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port());

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void observesEachApiCallOfTheClientBeanWithItsNode() {
		this.contextRunner.run((context) -> {
			DynamoDbClient client = context.getBean(DynamoDbClient.class);
			client.getItem((r) -> r.tableName("items").key(KEY));
			client.putItem((r) -> r.tableName("items").item(KEY));
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasNumberOfObservationsWithNameEqualTo(NAME, 2)
				.forAllObservationsWithNameEqualTo(NAME,
						(observation) -> observation.hasLowCardinalityKeyValue("outcome", "success")
							.hasHighCardinalityKeyValue("table", "items")
							.hasHighCardinalityKeyValue("nodes", FakeAlternatorNode.ADDRESS)
							.hasHighCardinalityKeyValue("attempts", "1"))
				.hasAnObservationWithAKeyValue("operation", "GetItem")
				.hasAnObservationWithAKeyValue("operation", "PutItem");
		});
	}

	@Test
	void observesTheCallsOfTheAsyncClientBean() {
		this.contextRunner.withPropertyValues("alternator.async.enabled=true").run((context) -> {
			context.getBean(DynamoDbAsyncClient.class).getItem((r) -> r.tableName("items").key(KEY)).join();
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasSingleObservationThat()
				.hasNameEqualTo(NAME)
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasHighCardinalityKeyValue("nodes", FakeAlternatorNode.ADDRESS);
		});
	}

	@Test
	void keepsTheInterceptorsAndPublishersOfTheApplicationsCustomizers() {
		ExecutionInterceptor mine = new ExecutionInterceptor() {
		};
		this.contextRunner
			.withBean("myCustomizer", AlternatorDynamoDbClientCustomizer.class,
					() -> (builder) -> builder.overrideConfiguration((o) -> o.addExecutionInterceptor(mine)))
			.run((context) -> {
				AlternatorObservations observations = context.getBean(AlternatorObservations.class);
				DynamoDbClient client = context.getBean(DynamoDbClient.class);
				assertThat(interceptors(client)).contains(mine, observations.interceptor());
				assertThat(interceptors(client).indexOf(mine))
					.isLessThan(interceptors(client).indexOf(observations.interceptor()));
				assertThat(client.serviceClientConfiguration().overrideConfiguration().metricPublishers())
					.containsExactly(observations.publisher());
			});
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("alternator.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AlternatorObservations.class)
				.doesNotHaveBean("alternatorObservationsClientCustomizer");
			assertThat(context.getBean(AlternatorProperties.class).getObservations().isEnabled()).isFalse();
			context.getBean(DynamoDbClient.class).getItem((r) -> r.tableName("items").key(KEY));
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.doesNotHaveAnyObservation();
		});
	}

	@Test
	void isOnByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AlternatorObservations.class);
			assertThat(context.getBean(AlternatorProperties.class).getObservations().isEnabled()).isTrue();
		});
	}

	@Test
	void usesTheRegistryOfBootsObservationAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
					AlternatorObservationAutoConfiguration.class, ObservationAutoConfiguration.class))
			.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port())
			.run((context) -> assertThat(context).hasSingleBean(ObservationRegistry.class)
				.hasSingleBean(AlternatorObservations.class));
	}

	@Test
	void doesNotRunWithoutAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
					AlternatorObservationAutoConfiguration.class))
			.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AlternatorObservations.class).hasSingleBean(DynamoDbClient.class);
				assertThat(interceptors(context.getBean(DynamoDbClient.class)))
					.noneMatch((each) -> each.getClass().getName().startsWith(AlternatorObservations.class.getName()));
			});
	}

	@Test
	void doesNotRunWithoutMicrometerObservation() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
					AlternatorObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
			.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port())
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("alternatorObservations")
				.hasSingleBean(DynamoDbClient.class));
	}

	private static List<ExecutionInterceptor> interceptors(SdkClient client) {
		return client.serviceClientConfiguration().overrideConfiguration().executionInterceptors();
	}

}
