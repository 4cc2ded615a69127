package dev.alternator.spring.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.alternator.client.micrometer.AlternatorSdkMetrics;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.AlternatorConfigCustomizer;
import dev.alternator.spring.autoconfigure.AlternatorDynamoDbClientCustomizer;
import dev.alternator.spring.autoconfigure.AlternatorProperties;
import dev.alternator.spring.autoconfigure.FakeAlternatorNode;
import dev.alternator.testsupport.LocalAlternatorCluster;
import dev.alternator.testsupport.LocalAlternatorNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlternatorSdkMetricsAutoConfiguration}.
 */
class AlternatorSdkMetricsAutoConfigurationTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private static final Map<String, AttributeValue> KEY = Map.of("id", AttributeValue.fromS("k"));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
				AlternatorSdkMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port());

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void countsEachApiCallOfTheClientBeanPerOperation() {
		this.contextRunner.run((context) -> {
			DynamoDbClient client = context.getBean(DynamoDbClient.class);
			for (int i = 0; i < 3; i++) {
				client.getItem((r) -> r.tableName("items").key(KEY));
			}
			client.putItem((r) -> r.tableName("items").item(KEY));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "GetItem").count()).isEqualTo(3);
			assertThat(calls(registry, "PutItem").count()).isOne();
			assertThat(registry.get("alternator.api.call.attempts").tag("operation", "GetItem").summary().count())
				.isEqualTo(3);
			assertThat(registry.get("alternator.http.pool.leased").tag("http.client", "Apache5").gauge()).isNotNull();
		});
	}

	@Test
	void countsTheCallsOfTheAsyncClientBean() {
		this.contextRunner.withPropertyValues("alternator.async.enabled=true").run((context) -> {
			DynamoDbAsyncClient client = context.getBean(DynamoDbAsyncClient.class);
			client.getItem((r) -> r.tableName("items").key(KEY)).join();
			client.getItem((r) -> r.tableName("items").key(KEY)).join();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "GetItem").count()).isEqualTo(2);
			assertThat(registry.get("alternator.http.pool.max").tag("http.client", "NettyNio").gauge()).isNotNull();
		});
	}

	@Test
	void keepsThePublishersOfTheApplicationsCustomizers() {
		RecordingPublisher mine = new RecordingPublisher();
		this.contextRunner
			.withBean("myCustomizer", AlternatorDynamoDbClientCustomizer.class,
					() -> (builder) -> builder.overrideConfiguration((o) -> o.addMetricPublisher(mine)))
			.run((context) -> {
				DynamoDbClient client = context.getBean(DynamoDbClient.class);
				assertThat(publishers(client)).containsExactly(mine, context.getBean(AlternatorSdkMetrics.class));
				client.getItem((r) -> r.tableName("items").key(KEY));
				assertThat(mine.published).hasSize(1);
				assertThat(calls(context.getBean(MeterRegistry.class), "GetItem").count()).isOne();
			});
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("alternator.metrics.sdk.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AlternatorSdkMetrics.class)
				.doesNotHaveBean("alternatorSdkMetricsClientCustomizer");
			assertThat(context.getBean(AlternatorProperties.class).getMetrics().getSdk().isEnabled()).isFalse();
			assertThat(publishers(context.getBean(DynamoDbClient.class))).isEmpty();
		});
	}

	@Test
	void isOnByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(AlternatorProperties.class).getMetrics().getSdk().isEnabled()).isTrue();
			assertThat(publishers(context.getBean(DynamoDbClient.class)))
				.containsExactly(context.getBean(AlternatorSdkMetrics.class));
		});
	}

	@Test
	void doesNotRunWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class,
					AlternatorSdkMetricsAutoConfiguration.class))
			.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port())
			.run((context) -> assertThat(context).doesNotHaveBean(AlternatorSdkMetrics.class)
				.hasSingleBean(DynamoDbClient.class));
	}

	@Test
	void doesNotRunWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("alternatorSdkMetrics")
				.hasSingleBean(DynamoDbClient.class));
	}

	@Test
	void backsOffToAUserPublisher() {
		this.contextRunner
			.withBean("userSdkMetrics", AlternatorSdkMetrics.class,
					() -> AlternatorSdkMetrics.create(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
							Tags.of("client", "mine")))
			.run((context) -> {
				assertThat(context).hasSingleBean(AlternatorSdkMetrics.class).hasBean("userSdkMetrics");
				assertThat(publishers(context.getBean(DynamoDbClient.class)))
					.containsExactly(context.getBean("userSdkMetrics", AlternatorSdkMetrics.class));
			});
	}

	/**
	 * A Boot application against a local three-node cluster with a node that throttles:
	 * every call is counted once under its operation, the throttled attempts were retried
	 * on another node and show as {@code error=throttling}, and the attempts equal what
	 * the nodes received.
	 */
	@Test
	void countsCallsRetriesAndThrottlingAgainstALocalClusterWithAThrottlingNode() {
		try (LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.instant(true)
			.node("dc1", "r1")
			.node("dc1", "r1")
			.node("dc1", "r1")
			.maxLifetime(Duration.ofMinutes(2))
			.start()) {
			// replica-aware routing off: its background reads would add to the requests
			// the nodes count
			this.contextRunner
				.withPropertyValues("alternator.seed-hosts=" + cluster.seedHosts().get(0),
						"alternator.port=" + cluster.port(), "alternator.max-attempts=3")
				.withBean(AlternatorConfigCustomizer.class, () -> (builder) -> builder.replicaAwareRouting(false))
				.run((context) -> {
					DynamoDbClient client = context.getBean(DynamoDbClient.class);
					client.createTable((table) -> table.tableName("items")
						.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
						.attributeDefinitions(AttributeDefinition.builder()
							.attributeName("id")
							.attributeType(ScalarAttributeType.S)
							.build())
						.billingMode(BillingMode.PAY_PER_REQUEST));
					cluster.nodes().forEach(LocalAlternatorNode::resetStats);
					cluster.node(2).failWith(429);
					for (int i = 0; i < 20; i++) {
						String id = "item-" + i;
						client.putItem((put) -> put.tableName("items").item(Map.of("id", AttributeValue.fromS(id))));
						client.getItem((get) -> get.tableName("items").key(Map.of("id", AttributeValue.fromS(id))));
					}
					long throttled = cluster.node(2).stats().apiRequests();
					long received = cluster.nodes().stream().mapToLong((each) -> each.stats().apiRequests()).sum();
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					double putCalls = sum(registry, "PutItem");
					double getCalls = sum(registry, "GetItem");
					double throttledCalls = registry.find("alternator.api.calls")
						.tag("error", "throttling")
						.timers()
						.stream()
						.mapToDouble(Timer::count)
						.sum();
					double attempts = registry.find("alternator.api.call.attempts")
						.tag("operation", (operation) -> !"CreateTable".equals(operation))
						.summaries()
						.stream()
						.mapToDouble((summary) -> summary.totalAmount())
						.sum();
					assertThat(putCalls).isEqualTo(20);
					assertThat(getCalls).isEqualTo(20);
					assertThat(throttled).isPositive();
					assertThat(throttledCalls).isEqualTo(throttled);
					assertThat(registry.find("alternator.api.calls").tag("outcome", "failure").timers()).isEmpty();
					assertThat(attempts).isEqualTo(40 + throttled).isEqualTo(received);
				});
		}
	}

	private static Timer calls(MeterRegistry registry, String operation) {
		return registry.get("alternator.api.calls")
			.tag("operation", operation)
			.tag("outcome", "success")
			.tag("error", "none")
			.timer();
	}

	private static double sum(MeterRegistry registry, String operation) {
		return registry.find("alternator.api.calls")
			.tag("operation", operation)
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum();
	}

	private static List<MetricPublisher> publishers(SdkClient client) {
		return client.serviceClientConfiguration().overrideConfiguration().metricPublishers();
	}

	private static final class RecordingPublisher implements MetricPublisher {

		final List<MetricCollection> published = new CopyOnWriteArrayList<>();

		@Override
		public void publish(MetricCollection metricCollection) {
			this.published.add(metricCollection);
		}

		@Override
		public void close() {
		}

	}

}
