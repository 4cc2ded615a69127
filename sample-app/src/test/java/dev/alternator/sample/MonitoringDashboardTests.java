package dev.alternator.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.alternator.testsupport.LocalAlternatorCluster;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard of {@code docker/monitoring/} against what the sample app exports
 * on {@code /actuator/prometheus} after some traffic: every metric name a dashboard query
 * reads must be exported, so the dashboard cannot drift from the meters.
 * <p>
 * The local cluster answers from memory (no dynalite): only the client's meters matter
 * here. It is a bean of the application, so it closes with the application (after the
 * node directory), which {@link DirtiesContext} closes at the end of this class.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MonitoringDashboardTests {

	private static final Path DASHBOARD = Path.of("..", "docker", "monitoring", "grafana", "dashboards",
			"alternator.json");

	private static final LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
		.node("dc1", "rack1")
		.node("dc1", "rack2")
		.node("dc1", "rack3")
		.instant(true)
		.start();

	@LocalServerPort
	private int port;

	@Autowired
	private ObjectProvider<MeterFilter> meterFilters;

	@DynamicPropertySource
	static void alternator(DynamicPropertyRegistry registry) {
		registry.add("alternator.seed-hosts", () -> String.join(",", cluster.seedHosts()));
		registry.add("alternator.port", cluster::port);
	}

	@Test
	void everyMetricTheDashboardQueriesIsExported() throws IOException {
		makeTraffic();
		Map<String, Set<String>> queries = dashboardQueries();
		assertThat(queries).isNotEmpty();
		assertThat(queries).allSatisfy(
				(query, names) -> assertThat(names).as("metric names read by the query %s", query).isNotEmpty());
		Set<String> queried = new LinkedHashSet<>();
		queries.values().forEach(queried::addAll);
		assertThat(queried).contains("alternator_nodes_live_nodes", "alternator_nodes_quarantined_nodes",
				"alternator_nodes_probation_nodes", "alternator_requests_total", "alternator_routing_fallbacks_total",
				"alternator_key_affinity_total", "alternator_replica_routing_total",
				"alternator_discovery_seconds_count");
		assertThat(queried).contains("alternator_api_calls_seconds_bucket", "alternator_api_calls_seconds_count",
				"alternator_api_call_attempts_sum", "alternator_api_call_attempts_count",
				"alternator_nodes_demoted_nodes", "alternator_nodes_latency_seconds",
				"alternator_nodes_in_flight_requests", "alternator_writes_not_retried_requests_total",
				"alternator_http_pool_leased_connections", "alternator_http_pool_pending_requests",
				"alternator_http_pool_acquire_seconds_count");
		Set<String> exported = exportedNames();
		assertThat(exported).as("names exported on /actuator/prometheus").containsAll(queried);
	}

	@Test
	void apiCallTimerPublishesAPercentileHistogram() {
		Meter.Id apiCalls = new Meter.Id("alternator.api.calls", Tags.of("operation", "GetItem"), null, null,
				Meter.Type.TIMER);
		DistributionStatisticConfig config = DistributionStatisticConfig.NONE;
		for (MeterFilter filter : this.meterFilters) {
			DistributionStatisticConfig configured = filter.configure(apiCalls, config);
			config = (configured != null) ? configured : config;
		}
		assertThat(config.isPercentileHistogram()).isTrue();
	}

	private void makeTraffic() {
		RestClient client = client();
		for (int i = 0; i < 12; i++) {
			String id = "item-" + i;
			client.post()
				.uri("/items")
				.contentType(MediaType.APPLICATION_JSON)
				.body(new ItemRequest(id, "Item " + i, i))
				.retrieve()
				.toBodilessEntity();
			client.get().uri("/items/{id}", id).retrieve().toBodilessEntity();
		}
	}

	/**
	 * Every query of the dashboard, panels (rows included) and query variables, with the
	 * metric names it reads.
	 */
	private static Map<String, Set<String>> dashboardQueries() throws IOException {
		DocumentContext dashboard = JsonPath.parse(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>(dashboard.<List<String>>read("$..targets[*].expr"));
		queries.addAll(dashboard.<List<String>>read("$.templating.list[?(@.type == 'query')].definition"));
		Map<String, Set<String>> names = new LinkedHashMap<>();
		for (String query : queries) {
			names.put(query, PromQl.metricNames(query));
		}
		return names;
	}

	/**
	 * The names of the samples of one scrape in the Prometheus text format.
	 */
	private Set<String> exportedNames() {
		String scrape = client().get()
			.uri("/actuator/prometheus")
			.accept(MediaType.TEXT_PLAIN)
			.retrieve()
			.body(String.class);
		assertThat(scrape).isNotBlank();
		Set<String> names = new LinkedHashSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				names.add(line.split("[{ ]", 2)[0]);
			}
		}
		return names;
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LocalCluster {

		@Bean
		LocalAlternatorCluster localAlternatorCluster() {
			return cluster;
		}

	}

}
