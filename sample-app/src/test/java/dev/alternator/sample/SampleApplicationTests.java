package dev.alternator.sample;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.alternator.testsupport.LocalAlternatorCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app against a local 3-node cluster: REST endpoints, then the actuator
 * surfaces before and after one node stops.
 * <p>
 * The cluster is a bean of the application, so it closes with the application (after the
 * node directory), which {@link DirtiesContext} closes at the end of this class; closed
 * in an {@code @AfterAll} instead, it would stop while the cached application still
 * discovers nodes and logs their failures while later test classes run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleApplicationTests {

	private static final String SECRET = "sample-secret-never-shown";

	private static final LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
		.node("dc1", "rack1")
		.node("dc1", "rack2")
		.node("dc1", "rack3")
		.start();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void alternator(DynamicPropertyRegistry registry) {
		registry.add("alternator.seed-hosts", () -> String.join(",", cluster.seedHosts()));
		registry.add("alternator.port", cluster::port);
		registry.add("alternator.credentials.access-key", () -> "sample_role");
		registry.add("alternator.credentials.secret-key", () -> SECRET);
	}

	@Test
	@Order(1)
	void createsReadsUpdatesListsAndDeletesItems() {
		RestClient client = client();
		Item created = client.post()
			.uri("/items")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ItemRequest("apple", "Apple", 3))
			.retrieve()
			.body(Item.class);
		assertThat(created).isEqualTo(new Item("apple", "Apple", 3, 1));
		assertThat(status(client.post()
			.uri("/items")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ItemRequest("apple", "Other", 1)))).isEqualTo(HttpStatus.CONFLICT);
		assertThat(client.get().uri("/items/apple").retrieve().body(Item.class)).isEqualTo(created);
		Item replaced = client.put()
			.uri("/items/apple")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ItemRequest(null, "Green apple", 5))
			.retrieve()
			.body(Item.class);
		assertThat(replaced).isEqualTo(new Item("apple", "Green apple", 5, 2));
		assertThat(client.get().uri("/items").retrieve().body(Item[].class)).containsExactly(replaced);
		Item added = client.post().uri("/items/apple/quantity?delta=4").retrieve().body(Item.class);
		assertThat(added).isEqualTo(new Item("apple", "Green apple", 9, 3));
		assertThat(status(client.delete().uri("/items/apple"))).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(status(client.get().uri("/items/apple"))).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status(client.put()
			.uri("/items/apple")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ItemRequest(null, "Gone", 1)))).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status(client.post().uri("/items/apple/quantity?delta=1"))).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	@Order(2)
	void conditionalUpdatesNeverLoseAnIncrement() throws Exception {
		RestClient client = client();
		client.post()
			.uri("/items")
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ItemRequest("counter", "Counter", 0))
			.retrieve()
			.toBodilessEntity();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<HttpStatusCode>> results = executor
				.invokeAll(Collections.nCopies(12, () -> status(client.post().uri("/items/counter/quantity?delta=1"))));
			long succeeded = 0;
			for (Future<HttpStatusCode> result : results) {
				if (result.get() == HttpStatus.OK) {
					succeeded++;
				}
			}
			assertThat(succeeded).isPositive();
			Item counter = client.get().uri("/items/counter").retrieve().body(Item.class);
			assertThat(counter.quantity()).isEqualTo(succeeded);
			assertThat(counter.version()).isEqualTo(1 + succeeded);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	@Order(3)
	void alternatorEndpointShowsThreeActiveNodesAndNoCredential() {
		String body = client().get().uri("/actuator/alternator").retrieve().body(String.class);
		assertThat(body).doesNotContain(SECRET).doesNotContain("sample_role");
		DocumentContext json = JsonPath.parse(body);
		assertThat(json.<List<String>>read("$.seeds")).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3");
		assertThat(json.<String>read("$.scope.configured.level")).isEqualTo("cluster");
		assertThat(json.<String>read("$.scope.active.level")).isEqualTo("cluster");
		assertThat(json.<List<String>>read("$.nodes[*].address")).containsExactly("127.0.0.1", "127.0.0.2",
				"127.0.0.3");
		assertThat(json.<List<String>>read("$.nodes[*].state")).containsOnly("ACTIVE");
		assertThat(json.<List<Integer>>read("$.nodes[*].requests"))
			.allSatisfy((requests) -> assertThat(requests).isPositive());
		assertThat(json.<List<Integer>>read("$.nodes[*].consecutiveFailures")).containsOnly(0);
		assertThat(json.<List<Integer>>read("$.nodes[*].errors")).containsOnly(0);
		assertThat(json.<String>read("$.lastRefresh.outcome")).isEqualTo("SUCCESS");
		assertThat(json.<String>read("$.lastRefresh.node")).startsWith("127.0.0.");
		assertThat(json.<String>read("$.lastRefresh.time")).isNotBlank();
		assertThat(json.<Integer>read("$.fallbacks")).isZero();
		assertThat(json.<String>read("$.keyAffinity.mode")).isEqualTo("RMW");
		assertThat(json.<Integer>read("$.keyAffinity.hits")).isPositive();
		assertThat(json.<Integer>read("$.keyAffinity.misses")).isZero();
		DocumentContext hits = JsonPath.parse(client().get()
			.uri("/actuator/metrics/alternator.key.affinity?tag=result:hit")
			.retrieve()
			.body(String.class));
		assertThat(hits.<Number>read("$.measurements[0].value").doubleValue()).isPositive();
	}

	@Test
	@Order(3)
	void alternatorEndpointShowsReplicaRoutingOfTheItemsTable() {
		RestClient client = client();
		// the table's placement is read in the background after its first single-key
		// request
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			client.get().uri("/items/counter").retrieve().toBodilessEntity();
			DocumentContext json = JsonPath
				.parse(client.get().uri("/actuator/alternator").retrieve().body(String.class));
			assertThat(json.<Boolean>read("$.replicaRouting.enabled")).isTrue();
			assertThat(json.<List<String>>read("$.replicaRouting.tables[?(@.table == 'items')].placement"))
				.singleElement()
				.isIn("TABLETS", "VNODES");
			assertThat(json.<List<String>>read("$.replicaRouting.tables[?(@.table == 'items')].lastRefresh"))
				.singleElement()
				.isNotNull();
			assertThat(json.<Number>read("$.replicaRouting.hits").longValue()).isPositive();
		});
		DocumentContext hits = JsonPath.parse(client.get()
			.uri("/actuator/metrics/alternator.replica.routing?tag=result:hit")
			.retrieve()
			.body(String.class));
		assertThat(hits.<Number>read("$.measurements[0].value").doubleValue()).isPositive();
	}

	@Test
	@Order(4)
	void healthIsUpWithPerNodeDetails() {
		DocumentContext json = JsonPath.parse(client().get().uri("/actuator/health").retrieve().body(String.class));
		assertThat(json.<String>read("$.status")).isEqualTo("UP");
		assertThat(json.<String>read("$.components.alternator.status")).isEqualTo("UP");
		assertThat(json.<String>read("$.components.alternator.details.nodes['127.0.0.2'].state")).isEqualTo("ACTIVE");
		assertThat(json.<Integer>read("$.components.alternator.details.activeNodes")).isEqualTo(3);
	}

	@Test
	@Order(5)
	void liveNodesDropFromThreeToTwoWhenANodeStops() {
		assertThat(liveNodes()).isEqualTo(3.0);
		cluster.node(2).down();
		RestClient client = client();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			client.get().uri("/items").retrieve().toBodilessEntity();
			assertThat(liveNodes()).isEqualTo(2.0);
		});
		DocumentContext health = JsonPath.parse(client.get().uri("/actuator/health").retrieve().body(String.class));
		assertThat(health.<String>read("$.components.alternator.status")).isEqualTo("UP");
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			DocumentContext requests = JsonPath
				.parse(client.get().uri("/actuator/metrics/alternator.requests").retrieve().body(String.class));
			assertThat(requests.<List<String>>read("$.availableTags[?(@.tag == 'node')].values[*]"))
				.containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
		});
	}

	private double liveNodes() {
		DocumentContext json = JsonPath
			.parse(client().get().uri("/actuator/metrics/alternator.nodes.live").retrieve().body(String.class));
		return json.<Number>read("$.measurements[0].value").doubleValue();
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

	private static HttpStatusCode status(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((req, response) -> response.getStatusCode());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LocalCluster {

		@Bean
		LocalAlternatorCluster localAlternatorCluster() {
			return cluster;
		}

	}

}
