package dev.alternator.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.alternator.client.AlternatorWriteOutcomeUnknownException;
import dev.alternator.testsupport.LocalAlternatorCluster;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app when a node applies writes and then fails to answer (500): conditional
 * creates are not resent by the client (write retry policy {@code safe}); the repository
 * reads the item back and reports the create that did apply as created.
 * <p>
 * The cluster is a bean of the application, closed with it by {@link DirtiesContext}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class WriteOutcomeUnknownTests {

	private static final LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
		.node("dc1", "rack1")
		.node("dc1", "rack2")
		.node("dc1", "rack3")
		.instant(true)
		.start();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void alternator(DynamicPropertyRegistry registry) {
		registry.add("alternator.seed-hosts", () -> String.join(",", cluster.seedHosts()));
		registry.add("alternator.port", cluster::port);
		// every node keeps its share until quarantined, so that creates reach the failing
		// one
		registry.add("alternator.load-balancing", () -> "round-robin");
	}

	@Test
	void createsAppliedByANodeThatThenFailedAreReportedCreated() {
		RestClient client = RestClient.create("http://localhost:" + this.port);
		cluster.node(0).failAfterApplying(500);
		try {
			List<Item> created = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				created.add(client.post()
					.uri("/items")
					.contentType(MediaType.APPLICATION_JSON)
					.body(new ItemRequest("unknown-" + i, "Item " + i, i))
					.retrieve()
					.body(Item.class));
			}
			for (int i = 0; i < 12; i++) {
				assertThat(created.get(i)).isEqualTo(new Item("unknown-" + i, "Item " + i, i, 1));
			}
		}
		finally {
			cluster.node(0).failAfterApplying(0);
		}
		String endpoint = client.get().uri("/actuator/alternator").retrieve().body(String.class);
		long notRetried = JsonPath.<Number>read(endpoint, "$.writeRetry.notRetried").longValue();
		assertThat(notRetried).as("creates whose outcome was unknown, resolved by reading back").isPositive();
		for (int i = 0; i < 12; i++) {
			assertThat(client.get().uri("/items/{id}", "unknown-" + i).retrieve().body(Item.class).version())
				.isEqualTo(1);
		}
	}

	@Test
	void aWriteWhoseOutcomeStaysUnknownIsAnswered503WithAProblemDetail() {
		ProblemDetail problem = new ItemController(null).writeOutcomeUnknown(AlternatorWriteOutcomeUnknownException
			.create("PutItem", "127.0.0.1", new IOException("Read timed out")));
		assertThat(problem.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
		assertThat(problem.getDetail()).contains("may or may not have been applied");
		assertThat(problem.getProperties()).containsEntry("node", "127.0.0.1");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LocalCluster {

		@Bean
		LocalAlternatorCluster localAlternatorCluster() {
			return cluster;
		}

	}

}
