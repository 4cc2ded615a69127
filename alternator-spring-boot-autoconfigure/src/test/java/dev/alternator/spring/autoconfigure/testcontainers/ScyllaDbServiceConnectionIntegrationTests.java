package dev.alternator.spring.autoconfigure.testcontainers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorNodeDirectory;
import dev.alternator.client.RequestCompression;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.AlternatorConnectionDetails;
import dev.alternator.spring.autoconfigure.AlternatorDynamoDbClientCustomizer;
import dev.alternator.spring.autoconfigure.ItemTable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.scylladb.ScyllaDBContainer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter against one real ScyllaDB container with Alternator, configured only by
 * {@code @ServiceConnection}. Skipped without Docker; with Docker, a container that does
 * not start fails the class.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = ScyllaDbServiceConnectionIntegrationTests.TestConfiguration.class,
		webEnvironment = WebEnvironment.NONE)
class ScyllaDbServiceConnectionIntegrationTests {

	@Container
	@ServiceConnection
	static final ScyllaDBContainer scylla = new ScyllaDBContainer(ScyllaDbTestImage.IMAGE).withAlternator();

	@Autowired
	private AlternatorConnectionDetails connectionDetails;

	@Autowired
	private AlternatorNodeDirectory directory;

	@Autowired
	private DynamoDbClient client;

	@Test
	void serviceConnectionPointsAtTheMappedPortWithDiscoveryOff() {
		AlternatorConfig config = this.directory.config();
		assertThat(this.connectionDetails.getSeedHosts()).containsExactly(scylla.getHost());
		assertThat(config.seedHosts()).containsExactly(scylla.getHost());
		assertThat(config.port()).isEqualTo(scylla.getMappedPort(8000));
		assertThat(config.scheme()).isEqualTo("http");
		assertThat(config.discoveryEnabled()).isFalse();
	}

	@Test
	void crudThroughTheStarter() {
		ItemTable table = ItemTable.create(this.client, "crud_items");
		table.put("apple", "Apple", 3);
		assertThat(table.get("apple")).containsEntry("name", AttributeValue.fromS("Apple"))
			.containsEntry("quantity", AttributeValue.fromN("3"));
		table.setQuantity("apple", 5);
		assertThat(table.get("apple")).containsEntry("quantity", AttributeValue.fromN("5"));
		table.delete("apple");
		assertThat(table.get("apple")).isEmpty();
		table.drop();
		assertThat(this.directory.nodes()).singleElement()
			.satisfies((node) -> assertThat(node.requests()).isPositive());
	}

	/**
	 * Gzip request compression ({@code alternator.compression=gzip}, every size): the
	 * server decompresses what the client sent.
	 */
	@Nested
	@TestPropertySource(properties = { "alternator.compression=gzip", "alternator.min-compression-size=0" })
	class GzipRequestCompression {

		@Autowired
		private DynamoDbClient client;

		@Autowired
		private AlternatorConfig config;

		@Autowired
		private ContentEncodings contentEncodings;

		@Test
		void compressedRequestsRoundTrip() {
			assertThat(this.config.compression()).isEqualTo(RequestCompression.GZIP);
			ItemTable table = ItemTable.create(this.client, "gzip_items");
			String name = "compressible ".repeat(500);
			this.contentEncodings.clear();
			table.put("pear", name, 7);
			assertThat(this.contentEncodings.sent()).containsExactly("gzip");
			assertThat(table.get("pear")).containsEntry("name", AttributeValue.fromS(name))
				.containsEntry("quantity", AttributeValue.fromN("7"));
			table.drop();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AlternatorAutoConfiguration.class)
	static class TestConfiguration {

		@Bean
		ContentEncodings contentEncodings() {
			return new ContentEncodings();
		}

		@Bean
		AlternatorDynamoDbClientCustomizer recordContentEncodings(ContentEncodings contentEncodings) {
			return (builder) -> builder
				.overrideConfiguration((override) -> override.addExecutionInterceptor(contentEncodings));
		}

	}

	/**
	 * Records the {@code Content-Encoding} of every {@code PutItem} request as it is sent
	 * (after compression and signing).
	 */
	static final class ContentEncodings implements ExecutionInterceptor {

		private final List<String> sent = new CopyOnWriteArrayList<>();

		@Override
		public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
			if (context.request() instanceof PutItemRequest) {
				this.sent.add(context.httpRequest().firstMatchingHeader("Content-Encoding").orElse("identity"));
			}
		}

		List<String> sent() {
			return List.copyOf(this.sent);
		}

		void clear() {
			this.sent.clear();
		}

	}

}
