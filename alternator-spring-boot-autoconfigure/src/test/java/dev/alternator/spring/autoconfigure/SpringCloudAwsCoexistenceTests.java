package dev.alternator.spring.autoconfigure;

import dev.alternator.client.AlternatorConfig;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration;
import io.awspring.cloud.dynamodb.DynamoDbTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the Alternator auto-configuration runs before spring-cloud-aws's DynamoDB
 * auto-configuration (spring-cloud-aws 4.0, for Boot 4), whose beans back off or wrap
 * ours.
 */
class SpringCloudAwsCoexistenceTests {

	private static final FakeAlternatorNode node = FakeAlternatorNode.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DynamoDbAutoConfiguration.class, AwsAutoConfiguration.class,
				CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
				AlternatorAutoConfiguration.class, AlternatorEnhancedClientAutoConfiguration.class))
		.withPropertyValues("alternator.seed-hosts=" + FakeAlternatorNode.ADDRESS, "alternator.port=" + node.port(),
				"spring.cloud.aws.region.static=eu-west-1", "spring.cloud.aws.credentials.access-key=aws-key",
				"spring.cloud.aws.credentials.secret-key=aws-secret");

	@AfterAll
	static void stopNode() {
		node.close();
	}

	@Test
	void springCloudAwsBacksOffAndWrapsTheLoadBalancedClient() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DynamoDbClient.class)
				.hasSingleBean(DynamoDbEnhancedClient.class)
				.hasSingleBean(DynamoDbTemplate.class);
			int before = node.apiRequests();
			context.getBean(DynamoDbClient.class).listTables();
			assertThat(node.apiRequests()).isEqualTo(before + 1);
			assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().region().id())
				.isEqualTo(AlternatorConfig.DEFAULT_REGION);
		});
	}

	@Test
	void usesTheSpringCloudAwsCredentialsProvider() {
		this.contextRunner.run((context) -> {
			AlternatorConfig config = context.getBean(AlternatorConfig.class);
			assertThat(config.credentialsProvider()).isSameAs(context.getBean(AwsCredentialsProvider.class));
			assertThat(config.credentialsProvider().resolveCredentials().accessKeyId()).isEqualTo("aws-key");
		});
	}

	@Test
	void alternatorCredentialsWinOverSpringCloudAws() {
		this.contextRunner
			.withPropertyValues("alternator.credentials.access-key=role", "alternator.credentials.secret-key=hash")
			.run((context) -> assertThat(
					context.getBean(AlternatorConfig.class).credentialsProvider().resolveCredentials().accessKeyId())
				.isEqualTo("role"));
	}

	@Test
	void springCloudAwsCreatesItsClientWhenAlternatorIsDisabled() {
		this.contextRunner.withPropertyValues("alternator.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DynamoDbClient.class)
				.doesNotHaveBean(AlternatorConfig.class));
	}

}
