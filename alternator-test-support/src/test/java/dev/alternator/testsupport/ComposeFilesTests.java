package dev.alternator.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structure of the Docker Compose files in {@code docker/}: nothing here can start them
 * (no Docker engine needed), so these tests check what {@code docker compose up --wait}
 * and the README rely on — services, published Alternator ports, announced addresses,
 * health checks, rack files, the authorization override, the two-datacenter variant and
 * the monitoring profile (Prometheus and Grafana files of {@code docker/monitoring/}).
 */
class ComposeFilesTests {

	private static final Path DOCKER = Path.of("").toAbsolutePath().getParent().resolve("docker");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+):-([^}]*)}");

	private static final List<String> AUTH_FLAGS = List.of("--authenticator=PasswordAuthenticator",
			"--alternator-enforce-authorization=true", "--maintenance-socket=workdir");

	@Test
	void baseFileHasThreeNodesWithAlternatorOnPort8000() throws IOException {
		Map<String, Map<String, Object>> services = services("docker-compose.yml");
		assertThat(services).containsOnlyKeys("scylla-1", "scylla-2", "scylla-3");
		services.forEach((name, service) -> {
			assertThat(resolve((String) service.get("image"))).startsWith("scylladb/scylla:2026.");
			assertThat(flags(service)).containsEntry("--alternator-port", "8000")
				.containsEntry("--alternator-address", "0.0.0.0")
				.containsEntry("--endpoint-snitch", "GossipingPropertyFileSnitch")
				.containsEntry("--alternator-write-isolation", "always");
		});
	}

	@Test
	void monitoringServicesStartOnlyWithTheMonitoringProfile() throws IOException {
		Map<String, Map<String, Object>> all = allServices("docker-compose.yml");
		assertThat(all).containsOnlyKeys("scylla-1", "scylla-2", "scylla-3", "prometheus", "grafana");
		for (String name : List.of("prometheus", "grafana")) {
			Map<String, Object> service = all.get(name);
			assertThat(list(service.get("profiles"))).as(name).containsExactly("monitoring");
			assertThat(map(service.get("labels"))).as(name).containsEntry("org.springframework.boot.ignore", "true");
			assertThat(list(service.get("ports"))).as(name).singleElement().asString().startsWith("127.0.0.1:");
			for (String volume : list(service.get("volumes"))) {
				String[] parts = volume.split(":");
				assertThat(parts).as(volume).hasSize(3).endsWith("ro");
				assertThat(DOCKER.resolve(parts[0]).normalize()).as(volume).exists();
			}
		}
		assertThat(resolve((String) all.get("prometheus").get("image"))).startsWith("prom/prometheus:v3.");
		assertThat(resolve((String) all.get("grafana").get("image"))).startsWith("grafana/grafana:");
	}

	@Test
	void prometheusScrapesTheSampleAppOnTheDockerHost() throws IOException {
		Map<String, Object> prometheus = allServices("docker-compose.yml").get("prometheus");
		assertThat(list(prometheus.get("extra_hosts"))).containsExactly("host.docker.internal:host-gateway");
		assertThat(list(prometheus.get("volumes")))
			.containsExactly("./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
		Map<String, Object> config = yaml(DOCKER.resolve("monitoring/prometheus.yml"));
		List<Object> scrapeConfigs = objects(config.get("scrape_configs"));
		assertThat(scrapeConfigs).hasSize(1);
		Map<String, Object> job = map(scrapeConfigs.get(0));
		assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
		Map<String, Object> targets = map(objects(job.get("static_configs")).get(0));
		assertThat(list(targets.get("targets"))).containsExactly("host.docker.internal:8080");
	}

	@Test
	void grafanaProvisionsThePrometheusDataSourceAndTheDashboard() throws IOException {
		Map<String, Object> grafana = allServices("docker-compose.yml").get("grafana");
		Map<String, String> mounts = new LinkedHashMap<>();
		for (String volume : list(grafana.get("volumes"))) {
			String[] parts = volume.split(":");
			mounts.put(parts[1], parts[0]);
		}
		assertThat(mounts).containsEntry("/etc/grafana/provisioning", "./monitoring/grafana/provisioning");
		Map<String, Object> dataSource = map(objects(
				yaml(DOCKER.resolve("monitoring/grafana/provisioning/datasources/prometheus.yml")).get("datasources"))
			.get(0));
		assertThat(dataSource).containsEntry("type", "prometheus")
			.containsEntry("uid", "prometheus")
			.containsEntry("url", "http://prometheus:9090");
		Map<String, Object> provider = map(objects(
				yaml(DOCKER.resolve("monitoring/grafana/provisioning/dashboards/alternator.yml")).get("providers"))
			.get(0));
		String dashboards = (String) map(provider.get("options")).get("path");
		assertThat(mounts).containsKey(dashboards);
		Path dashboard = DOCKER.resolve(mounts.get(dashboards)).resolve("alternator.json").normalize();
		Map<String, Object> json = yaml(dashboard);
		assertThat(json).containsEntry("uid", "alternator");
		String home = (String) map(grafana.get("environment")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
		assertThat(home).isEqualTo(dashboards + "/alternator.json");
		List<Object> panels = objects(json.get("panels"));
		assertThat(panels).isNotEmpty();
		for (Object panel : panels) {
			Map<String, Object> fields = map(panel);
			if (!"row".equals(fields.get("type"))) {
				assertThat(map(fields.get("datasource"))).as("%s", fields.get("title"))
					.containsEntry("type", "prometheus")
					.containsEntry("uid", "${datasource}");
				assertThat(objects(fields.get("targets"))).as("%s", fields.get("title")).isNotEmpty();
			}
		}
		Map<String, Object> variable = map(objects(map(json.get("templating")).get("list")).get(0));
		assertThat(variable).containsEntry("name", "datasource")
			.containsEntry("type", "datasource")
			.containsEntry("query", "prometheus");
	}

	@Test
	void writeIsolationIsConfigurableWithDefaultAlways() throws IOException {
		services("docker-compose.yml").values()
			.forEach((service) -> assertThat(String.valueOf(service.get("command")))
				.contains("--alternator-write-isolation=${ALTERNATOR_WRITE_ISOLATION:-always}"));
	}

	@Test
	void eachNodePublishesPort8000OnTheAddressItAnnounces() throws IOException {
		for (String file : List.of("docker-compose.yml", "docker-compose.two-dc.yml")) {
			Map<String, Map<String, Object>> services = services(file);
			Set<String> hosts = new LinkedHashSet<>();
			services.forEach((name, service) -> {
				String announced = flags(service).get("--broadcast-rpc-address");
				assertThat(list(service.get("ports"))).containsExactly(announced + ":8000:8000");
				hosts.add(announced);
			});
			List<String> expected = new ArrayList<>();
			for (int i = 1; i <= services.size(); i++) {
				expected.add("127.0.0." + i);
			}
			assertThat(hosts).as(file).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void nodesListenOnTheirContainerAddressAndSeedsAreNodes() throws IOException {
		for (String file : List.of("docker-compose.yml", "docker-compose.two-dc.yml")) {
			Map<String, Map<String, Object>> services = services(file);
			Set<String> addresses = new LinkedHashSet<>();
			services.forEach((name, service) -> {
				String address = containerAddress(service);
				assertThat(flags(service)).containsEntry("--listen-address", address)
					.containsEntry("--rpc-address", address);
				addresses.add(address);
			});
			assertThat(addresses).as(file).hasSize(services.size());
			services.values()
				.forEach((service) -> assertThat(addresses)
					.containsAll(List.of(flags(service).get("--seeds").split(","))));
		}
	}

	@Test
	void everyNodeHasAHealthCheckOnItsAlternatorPort() throws IOException {
		for (String file : List.of("docker-compose.yml", "docker-compose.two-dc.yml")) {
			services(file).forEach((name, service) -> {
				Map<String, Object> healthcheck = map(service.get("healthcheck"));
				assertThat(healthcheck).as(name).containsKeys("interval", "timeout", "retries");
				assertThat(String.join(" ", list(healthcheck.get("test")))).contains("/dev/tcp/127.0.0.1/8000")
					.contains("GET / ")
					.contains("healthy");
			});
		}
	}

	@Test
	void nodesStartOneAfterAnotherOnceThePreviousIsHealthy() throws IOException {
		for (String file : List.of("docker-compose.yml", "docker-compose.two-dc.yml")) {
			List<String> names = new ArrayList<>(services(file).keySet());
			for (int i = 1; i < names.size(); i++) {
				Map<String, Object> dependsOn = map(services(file).get(names.get(i)).get("depends_on"));
				assertThat(dependsOn).containsOnlyKeys(names.get(i - 1));
				assertThat(map(dependsOn.get(names.get(i - 1)))).containsEntry("condition", "service_healthy");
			}
		}
	}

	@Test
	void baseFileHasOneDatacenterAndTwoRacks() throws IOException {
		Map<String, String> racks = racks("docker-compose.yml");
		assertThat(racks).containsEntry("scylla-1", "dc1/rack1")
			.containsEntry("scylla-2", "dc1/rack2")
			.containsEntry("scylla-3", "dc1/rack1");
	}

	@Test
	void twoDatacenterFileHasTwoRacksInEachDatacenterAndOneSeedPerDatacenter() throws IOException {
		Map<String, String> racks = racks("docker-compose.two-dc.yml");
		assertThat(racks).containsExactlyInAnyOrderEntriesOf(Map.of("scylla-1", "dc1/rack1", "scylla-2", "dc1/rack2",
				"scylla-3", "dc2/rack1", "scylla-4", "dc2/rack2"));
		Map<String, Map<String, Object>> services = services("docker-compose.two-dc.yml");
		Set<String> seedDatacenters = new LinkedHashSet<>();
		for (String seed : flags(services.get("scylla-1")).get("--seeds").split(",")) {
			services.forEach((name, service) -> {
				if (containerAddress(service).equals(seed)) {
					seedDatacenters.add(racks.get(name).split("/")[0]);
				}
			});
		}
		assertThat(seedDatacenters).containsExactly("dc1", "dc2");
	}

	@Test
	void authOverrideRepeatsEachBaseCommandAndEnforcesAuthorization() throws IOException {
		Map<String, Map<String, Object>> base = services("docker-compose.yml");
		Map<String, Map<String, Object>> auth = services("docker-compose.auth.yml");
		assertThat(auth).containsOnlyKeys(base.keySet());
		auth.forEach((name, service) -> {
			List<String> expected = new ArrayList<>(command(base.get(name)));
			expected.addAll(AUTH_FLAGS);
			assertThat(command(service)).as(name).containsExactlyElementsOf(expected);
			assertThat(service).as(name).containsOnlyKeys("command");
		});
	}

	@Test
	void onlyTheFirstNodeIsASpringBootServiceConnection() throws IOException {
		for (String file : List.of("docker-compose.yml", "docker-compose.two-dc.yml")) {
			services(file).forEach((name, service) -> {
				if (name.equals("scylla-1")) {
					assertThat(service).as(name).doesNotContainKey("labels");
				}
				else {
					assertThat(map(service.get("labels"))).as(name)
						.containsEntry("org.springframework.boot.ignore", "true");
				}
			});
		}
	}

	@Test
	void rackFilesExistForEveryMountAndNameADatacenterAndARack() throws IOException {
		for (String file : List.of("docker-compose.yml", "docker-compose.two-dc.yml")) {
			services(file).forEach((name, service) -> assertThat(rackFile(service)).isRegularFile());
		}
	}

	private static Map<String, String> racks(String file) throws IOException {
		Map<String, String> racks = new LinkedHashMap<>();
		for (Map.Entry<String, Map<String, Object>> entry : services(file).entrySet()) {
			Properties properties = new Properties();
			try (Reader reader = Files.newBufferedReader(rackFile(entry.getValue()))) {
				properties.load(reader);
			}
			assertThat(properties.stringPropertyNames()).containsExactlyInAnyOrder("dc", "rack");
			racks.put(entry.getKey(), properties.getProperty("dc") + "/" + properties.getProperty("rack"));
		}
		return racks;
	}

	private static Path rackFile(Map<String, Object> service) {
		List<String> mounts = list(service.get("volumes"));
		assertThat(mounts).hasSize(1);
		String[] parts = mounts.get(0).split(":");
		assertThat(parts).containsExactly(parts[0], "/etc/scylla/cassandra-rackdc.properties", "ro");
		assertThat(parts[0]).startsWith("./scylla/");
		return DOCKER.resolve(parts[0]).normalize();
	}

	private static String containerAddress(Map<String, Object> service) {
		Map<String, Object> networks = map(service.get("networks"));
		assertThat(networks).containsOnlyKeys("scylla");
		return (String) map(networks.get("scylla")).get("ipv4_address");
	}

	/**
	 * The ScyllaDB nodes of a compose file: its services that belong to no profile, so
	 * that {@code docker compose up} starts them.
	 */
	private static Map<String, Map<String, Object>> services(String file) throws IOException {
		Map<String, Map<String, Object>> services = allServices(file);
		services.values().removeIf((service) -> service.containsKey("profiles"));
		return services;
	}

	private static Map<String, Map<String, Object>> allServices(String file) throws IOException {
		Map<String, Object> root = yaml(DOCKER.resolve(file));
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		map(root.get("services")).forEach((name, service) -> services.put(name, map(service)));
		return services;
	}

	/**
	 * A YAML file, or a JSON one (JSON is YAML).
	 */
	private static Map<String, Object> yaml(Path path) throws IOException {
		assertThat(path).isRegularFile();
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		return map(yaml.load(new StringReader(Files.readString(path))));
	}

	private static List<String> command(Map<String, Object> service) {
		return list(service.get("command"));
	}

	/**
	 * The node's {@code --name=value} flags, with {@code ${VAR:-default}} resolved to the
	 * default.
	 */
	private static Map<String, String> flags(Map<String, Object> service) {
		Map<String, String> flags = new LinkedHashMap<>();
		for (String argument : command(service)) {
			assertThat(argument).startsWith("--").contains("=");
			int equals = argument.indexOf('=');
			assertThat(flags.put(argument.substring(0, equals), resolve(argument.substring(equals + 1))))
				.as("repeated flag %s", argument)
				.isNull();
		}
		return flags;
	}

	private static String resolve(String value) {
		Matcher matcher = VARIABLE.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group(2)));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<Object> objects(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return new ArrayList<>((List<?>) value);
	}

	private static List<String> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		List<String> strings = new ArrayList<>();
		for (Object element : (List<?>) value) {
			strings.add(resolve(String.valueOf(element)));
		}
		return strings;
	}

}
