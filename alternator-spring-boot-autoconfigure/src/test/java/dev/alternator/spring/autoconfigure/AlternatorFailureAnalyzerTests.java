package dev.alternator.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorConfigurationException;
import dev.alternator.client.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AlternatorFailureAnalyzer} and the translation of the core's
 * validation failures into property names.
 */
class AlternatorFailureAnalyzerTests {

	private final AlternatorFailureAnalyzer analyzer = new AlternatorFailureAnalyzer();

	@Test
	void namesThePropertyAndTheFix() {
		FailureAnalysis analysis = this.analyzer
			.analyze(new IllegalStateException(new InvalidAlternatorConfigurationException("alternator.port",
					"port must be 1-65535, got 0", new IllegalArgumentException("port must be 1-65535, got 0"))));
		assertThat(analysis.getDescription()).contains("port must be 1-65535, got 0")
			.contains("Property: alternator.port");
		assertThat(analysis.getAction()).contains("'alternator.port'").contains("1-65535");
	}

	@Test
	void explainsMissingSeedHostsAndHowToTurnTheAutoConfigurationOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class))
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: alternator.seed-hosts");
				assertThat(analysis.getAction()).contains("alternator.seed-hosts=10.0.0.1,10.0.0.2")
					.contains("alternator.enabled=false");
			});
	}

	@Test
	void analyzesAStartupFailureFromAnInvalidProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class))
			.withPropertyValues("alternator.seed-hosts=127.0.0.1", "alternator.quarantine-initial-backoff=2m",
					"alternator.quarantine-max-backoff=1m")
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: alternator.quarantine-max-backoff");
				assertThat(analysis.getAction()).contains("'alternator.quarantine-initial-backoff'");
			});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void reportsTheAnalysisWhenTheApplicationFailsToStart(CapturedOutput output) {
		SpringApplication application = new SpringApplication(AlternatorApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> application.run("--alternator.seed-hosts=127.0.0.1", "--alternator.port=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: alternator.port")
			.contains("Set 'alternator.port' to the Alternator port of the nodes (1-65535).");
	}

	@Test
	void thePropertyComesFromTheCoreOptionNotFromTheMessage() {
		InvalidAlternatorConfigurationException ex = InvalidAlternatorConfigurationException.fromCore(
				new AlternatorConfigurationException("attemptTimeout", "port must be 1-65535 (a misleading text)"));
		assertThat(ex.getProperty()).isEqualTo("alternator.attempt-timeout");
		assertThat(InvalidAlternatorConfigurationException
			.fromCore(new IllegalArgumentException("port must be 1-65535, got 0"))
			.getProperty()).as("an untyped exception names no property").isNull();
	}

	@Test
	void analyzesACoreExceptionThatReachedStartupUnwrapped() {
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("context failed",
				new AlternatorConfigurationException("tls.serverName", "tls.serverName must be a DNS host name")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Property: alternator.tls.server-name");
		assertThat(analysis.getAction()).contains("'alternator.tls.server-name'");
	}

	@Test
	void aSeedTheRuntimeCannotUseFailsAtConfigurationNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class))
			.withPropertyValues("alternator.seed-hosts=fe80::1%eth0")
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: alternator.seed-hosts")
					.contains("IPv6 zone ids such as '%eth0' are not supported");
			});
	}

	@Test
	void aDurationThatOverflowsFailsNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AlternatorAutoConfiguration.class))
			.withPropertyValues("alternator.seed-hosts=127.0.0.1", "alternator.attempt-timeout=999999999999d")
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: alternator.attempt-timeout")
					.contains("attemptTimeout must be at most 36500 days");
			});
	}

	@Test
	void explainsAFailureThatNamesNoProperty() {
		FailureAnalysis analysis = this.analyzer
			.analyze(new InvalidAlternatorConfigurationException(null, "something is off", null));
		assertThat(analysis.getDescription()).contains("something is off");
		assertThat(analysis.getAction()).contains("'alternator.*'").contains("AlternatorConfigCustomizer");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidOptions")
	void translatesEveryCoreValidationFailureToItsProperty(String property,
			Consumer<AlternatorConfig.Builder> invalid) {
		AlternatorConfig.Builder builder = AlternatorConfig.builder().seedHosts("node");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> {
			invalid.accept(builder);
			builder.build();
		})
			.satisfies((ex) -> assertThat(InvalidAlternatorConfigurationException.fromCore(ex).getProperty())
				.isEqualTo(property));
	}

	static Stream<Arguments> invalidOptions() {
		return Stream.of(option("alternator.seed-hosts", (b) -> b.seedHosts(List.of())),
				option("alternator.seed-hosts", (b) -> b.seedHosts("http://node:8000")),
				option("alternator.port", (b) -> b.port(0)), option("alternator.scheme", (b) -> b.scheme("ftp")),
				option("alternator.datacenter", (b) -> b.rack("rack1")),
				option("alternator.datacenter", (b) -> b.datacenter(" ")),
				option("alternator.rack", (b) -> b.datacenter("dc1").rack(" ")),
				option("alternator.region", (b) -> b.region(" ")),
				option("alternator.credentials.access-key", (b) -> b.credentials("key", null, null)),
				option("alternator.credentials.session-token", (b) -> b.credentials(null, null, "token")),
				option("alternator.min-compression-size", (b) -> b.minCompressionSizeBytes(-1)),
				option("alternator.compression-level", (b) -> b.compressionLevel(10)),
				option("alternator.response-compression", (b) -> b.responseCompression(List.of("br"))),
				option("alternator.headers-whitelist", (b) -> b.headersWhitelist(List.of(" "))),
				option("alternator.max-pool-connections", (b) -> b.maxPoolConnectionsPerNode(0)),
				option("alternator.active-refresh-interval", (b) -> b.activeRefreshInterval(Duration.ZERO)),
				option("alternator.idle-refresh-interval", (b) -> b.idleRefreshInterval(Duration.ZERO)),
				option("alternator.discovery-timeout", (b) -> b.discoveryTimeout(Duration.ZERO)),
				option("alternator.connect-timeout", (b) -> b.connectTimeout(Duration.ZERO)),
				option("alternator.read-timeout", (b) -> b.readTimeout(Duration.ZERO)),
				option("alternator.attempt-timeout", (b) -> b.attemptTimeout(Duration.ZERO)),
				option("alternator.max-attempts", (b) -> b.maxAttempts(0)),
				option("alternator.connection-max-idle-time", (b) -> b.connectionMaxIdleTime(Duration.ZERO)),
				option("alternator.connection-acquisition-timeout",
						(b) -> b.connectionAcquisitionTimeout(Duration.ZERO)),
				option("alternator.failures-before-quarantine", (b) -> b.failuresBeforeQuarantine(0)),
				option("alternator.quarantine-initial-backoff", (b) -> b.quarantineInitialBackoff(Duration.ZERO)),
				option("alternator.quarantine-max-backoff", (b) -> b.quarantineMaxBackoff(Duration.ofMillis(1))),
				option("alternator.user-agent", (b) -> b.userAgent(" ")),
				option("alternator.placement-refresh-interval", (b) -> b.placementRefreshInterval(Duration.ZERO)),
				option("alternator.tls.ca-certificates",
						(b) -> b.tls(TlsConfig.builder().useSystemCaCertificates(false).build())),
				option("alternator.tls.ca-certificates",
						(b) -> b.tls(TlsConfig.builder().caCertificates(List.of(Path.of("/no/such.pem"))).build())),
				option("alternator.tls.client-key",
						(b) -> b.tls(TlsConfig.builder().clientKey(Path.of("/no/such.key")).build())),
				option("alternator.tls.client-certificate",
						(b) -> b.tls(TlsConfig.builder().clientCertificate(Path.of("/no/such.pem")).build())),
				option("alternator.tls.server-name", (b) -> b.tls(TlsConfig.builder().serverName(" ").build())),
				option("alternator.tls.server-name", (b) -> b.tls(TlsConfig.builder().serverName("10.0.0.1").build())),
				option("alternator.seed-hosts", (b) -> b.seedHosts("999.1.1.1")),
				option("alternator.read-timeout", (b) -> b.readTimeout(Duration.ofSeconds(Long.MAX_VALUE))),
				option("alternator.tls.session-cache-size",
						(b) -> b.tls(TlsConfig.builder().sessionCacheSize(0).build())),
				option("alternator.tls.session-timeout",
						(b) -> b.tls(TlsConfig.builder().sessionTimeout(Duration.ZERO).build())));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AlternatorAutoConfiguration.class)
	static class AlternatorApplication {

	}

	private static Arguments option(String property, Consumer<AlternatorConfig.Builder> invalid) {
		return Arguments.of(property, invalid);
	}

}
