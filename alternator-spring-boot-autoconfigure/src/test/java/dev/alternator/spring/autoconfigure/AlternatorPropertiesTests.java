package dev.alternator.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.KeyAffinityMode;
import dev.alternator.client.LoadBalancing;
import dev.alternator.client.RequestCompression;
import dev.alternator.client.TlsConfig;
import dev.alternator.client.WriteRetryPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlternatorProperties} and its configuration metadata.
 */
class AlternatorPropertiesTests {

	private static final AlternatorConfig CORE = AlternatorConfig.builder().seedHosts("node").build();

	@Test
	void documentedDefaultsEqualTheCoreDefaults() throws IOException {
		Map<String, Object> defaults = documentedDefaults();
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("alternator.enabled", true);
		expected.put("alternator.async.enabled", false);
		expected.put("alternator.metrics.sdk.enabled", true);
		expected.put("alternator.observations.enabled", true);
		expected.put("alternator.port", AlternatorConfig.DEFAULT_PORT);
		expected.put("alternator.scheme", AlternatorConfig.DEFAULT_SCHEME);
		expected.put("alternator.fallback-enabled", CORE.fallbackEnabled());
		expected.put("alternator.discovery-enabled", CORE.discoveryEnabled());
		expected.put("alternator.region", AlternatorConfig.DEFAULT_REGION);
		expected.put("alternator.authentication-enabled", CORE.authenticationEnabled());
		expected.put("alternator.active-refresh-interval", AlternatorConfig.DEFAULT_ACTIVE_REFRESH_INTERVAL);
		expected.put("alternator.idle-refresh-interval", AlternatorConfig.DEFAULT_IDLE_REFRESH_INTERVAL);
		expected.put("alternator.discovery-timeout", AlternatorConfig.DEFAULT_DISCOVERY_TIMEOUT);
		expected.put("alternator.connect-timeout", AlternatorConfig.DEFAULT_CONNECT_TIMEOUT);
		expected.put("alternator.read-timeout", AlternatorConfig.DEFAULT_READ_TIMEOUT);
		expected.put("alternator.attempt-timeout", AlternatorConfig.DEFAULT_ATTEMPT_TIMEOUT);
		expected.put("alternator.max-attempts", AlternatorConfig.DEFAULT_MAX_ATTEMPTS);
		expected.put("alternator.max-pool-connections", AlternatorConfig.DEFAULT_MAX_POOL_CONNECTIONS_PER_NODE);
		expected.put("alternator.load-balancing", AlternatorConfig.DEFAULT_LOAD_BALANCING);
		expected.put("alternator.latency-half-life", AlternatorConfig.DEFAULT_LATENCY_HALF_LIFE);
		expected.put("alternator.replica-aware-routing", AlternatorConfig.DEFAULT_REPLICA_AWARE_ROUTING);
		expected.put("alternator.placement-refresh-interval", AlternatorConfig.DEFAULT_PLACEMENT_REFRESH_INTERVAL);
		expected.put("alternator.slow-node-ratio", AlternatorConfig.DEFAULT_SLOW_NODE_RATIO);
		expected.put("alternator.slow-node-min-excess", AlternatorConfig.DEFAULT_SLOW_NODE_MIN_EXCESS);
		expected.put("alternator.connection-max-idle-time", AlternatorConfig.DEFAULT_CONNECTION_MAX_IDLE_TIME);
		expected.put("alternator.connection-acquisition-timeout",
				AlternatorConfig.DEFAULT_CONNECTION_ACQUISITION_TIMEOUT);
		expected.put("alternator.failures-before-quarantine", AlternatorConfig.DEFAULT_FAILURES_BEFORE_QUARANTINE);
		expected.put("alternator.quarantine-initial-backoff", AlternatorConfig.DEFAULT_QUARANTINE_INITIAL_BACKOFF);
		expected.put("alternator.quarantine-max-backoff", AlternatorConfig.DEFAULT_QUARANTINE_MAX_BACKOFF);
		expected.put("alternator.compression", CORE.compression());
		expected.put("alternator.min-compression-size", AlternatorConfig.DEFAULT_MIN_COMPRESSION_SIZE_BYTES);
		expected.put("alternator.compression-level", AlternatorConfig.DEFAULT_COMPRESSION_LEVEL);
		expected.put("alternator.response-compression", CORE.responseCompression());
		expected.put("alternator.optimize-headers", CORE.optimizeHeaders());
		expected.put("alternator.key-affinity.mode", CORE.keyAffinityMode());
		expected.put("alternator.write-retry-policy", AlternatorConfig.DEFAULT_WRITE_RETRY_POLICY);
		expected.put("alternator.tls.use-system-ca-certificates", TlsConfig.defaults().useSystemCaCertificates());
		expected.put("alternator.tls.trust-all", TlsConfig.defaults().trustAll());
		expected.put("alternator.tls.hostname-verification", TlsConfig.defaults().hostnameVerification());
		expected.put("alternator.tls.session-cache-size", TlsConfig.DEFAULT_SESSION_CACHE_SIZE);
		expected.put("alternator.tls.session-timeout", TlsConfig.DEFAULT_SESSION_TIMEOUT);
		expected.put("management.health.alternator.enabled", true);
		assertThat(defaults).containsOnlyKeys(expected.keySet());
		expected.forEach((name, value) -> assertThat(interpret(name, defaults.get(name))).as(name).isEqualTo(value));
	}

	@Test
	void documentsEveryPropertyOfTheIssue() throws IOException {
		List<String> names = JsonPath.read(metadata(), "$.properties[*].name");
		assertThat(names).contains("alternator.enabled", "alternator.seed-hosts", "alternator.port",
				"alternator.scheme", "alternator.datacenter", "alternator.rack", "alternator.fallback-enabled",
				"alternator.discovery-enabled", "alternator.region", "alternator.credentials.access-key",
				"alternator.credentials.secret-key", "alternator.credentials.session-token",
				"alternator.authentication-enabled", "alternator.active-refresh-interval",
				"alternator.idle-refresh-interval", "alternator.discovery-timeout", "alternator.read-timeout",
				"alternator.connect-timeout", "alternator.attempt-timeout", "alternator.max-attempts",
				"alternator.max-pool-connections", "alternator.compression", "alternator.min-compression-size",
				"alternator.response-compression", "alternator.optimize-headers", "alternator.headers-whitelist",
				"alternator.key-affinity.mode", "alternator.key-affinity.partition-keys", "alternator.tls.bundle",
				"alternator.tls.ca-certificates", "alternator.tls.trust-all", "alternator.tls.hostname-verification",
				"alternator.tls.session-cache-size", "alternator.async.enabled", "alternator.load-balancing",
				"alternator.latency-half-life", "alternator.slow-node-ratio", "alternator.slow-node-min-excess",
				"alternator.replica-aware-routing", "alternator.placement-refresh-interval",
				"alternator.write-retry-policy", "alternator.metrics.sdk.enabled", "alternator.observations.enabled",
				"management.health.alternator.enabled");
		List<String> undocumented = JsonPath.read(metadata(),
				"$.properties[?(@.name =~ /alternator\\..*/ && !@.description)].name");
		assertThat(undocumented).isEmpty();
	}

	@Test
	void hintsTheEnumValues() throws IOException {
		List<String> modes = JsonPath.read(metadata(),
				"$.hints[?(@.name == 'alternator.key-affinity.mode')].values[*].value");
		assertThat(modes).containsExactly("none", "rmw", "any-write");
		assertThat(modes.stream().map(AlternatorPropertiesTests::enumName).map(KeyAffinityMode::valueOf))
			.containsExactly(KeyAffinityMode.values());
		List<String> compressions = JsonPath.read(metadata(),
				"$.hints[?(@.name == 'alternator.compression')].values[*].value");
		assertThat(compressions.stream().map(AlternatorPropertiesTests::enumName).map(RequestCompression::valueOf))
			.containsExactly(RequestCompression.values());
		List<String> balancing = JsonPath.read(metadata(),
				"$.hints[?(@.name == 'alternator.load-balancing')].values[*].value");
		assertThat(balancing.stream().map(AlternatorPropertiesTests::enumName).map(LoadBalancing::valueOf))
			.containsExactlyInAnyOrder(LoadBalancing.values());
		List<String> writeRetryPolicies = JsonPath.read(metadata(),
				"$.hints[?(@.name == 'alternator.write-retry-policy')].values[*].value");
		assertThat(writeRetryPolicies.stream().map(AlternatorPropertiesTests::enumName).map(WriteRetryPolicy::valueOf))
			.containsExactly(WriteRetryPolicy.values());
	}

	private static Object interpret(String name, Object documented) {
		if (name.endsWith("-interval") || name.endsWith("-timeout") || name.endsWith("-backoff")
				|| name.endsWith("-idle-time") || name.endsWith("-half-life") || name.endsWith("-excess")) {
			return DurationStyle.detectAndParse((String) documented);
		}
		return switch (name) {
			case "alternator.min-compression-size" -> (int) DataSize.parse((String) documented).toBytes();
			case "alternator.compression" -> RequestCompression.valueOf(enumName((String) documented));
			case "alternator.key-affinity.mode" -> KeyAffinityMode.valueOf(enumName((String) documented));
			case "alternator.load-balancing" -> LoadBalancing.valueOf(enumName((String) documented));
			case "alternator.slow-node-ratio" -> ((Number) documented).doubleValue();
			case "alternator.write-retry-policy" -> WriteRetryPolicy.valueOf(enumName((String) documented));
			case "alternator.response-compression" -> "none".equals(documented) ? List.of() : documented;
			default -> documented;
		};
	}

	private static String enumName(String value) {
		return value.toUpperCase(Locale.ROOT).replace('-', '_');
	}

	private static Map<String, Object> documentedDefaults() throws IOException {
		List<Map<String, Object>> properties = JsonPath.read(metadata(), "$.properties[*]");
		Map<String, Object> defaults = new LinkedHashMap<>();
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			boolean ours = name.startsWith("alternator.") || name.startsWith("management.health.alternator.");
			if (ours && property.get("defaultValue") != null) {
				defaults.put(name, property.get("defaultValue"));
			}
		}
		return defaults;
	}

	/**
	 * The metadata the configuration processor generated into this module's classes.
	 */
	private static String metadata() throws IOException {
		URL classes = AlternatorProperties.class.getProtectionDomain().getCodeSource().getLocation();
		URL metadata = new URL(classes, "META-INF/spring-configuration-metadata.json");
		try (InputStream in = metadata.openStream()) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

}
