package dev.alternator.sample;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterUnreachableFailureAnalyzer}.
 */
class ClusterUnreachableFailureAnalyzerTests {

	private final MockEnvironment environment = new MockEnvironment().withProperty("alternator.seed-hosts", "10.0.0.9")
		.withProperty("alternator.port", "8043");

	private final ClusterUnreachableFailureAnalyzer analyzer = new ClusterUnreachableFailureAnalyzer(this.environment);

	@Test
	void anUnreachableClusterSaysWhatToRunInstead() {
		SdkClientException failure = SdkClientException.create("Unable to execute HTTP request",
				new ConnectException("Connection refused"));
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("wrapper", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("10.0.0.9 port 8043", "Connection refused");
		assertThat(analysis.getAction()).contains("./mvnw -pl sample-app -am spring-boot:test-run",
				"--alternator.seed-hosts");
	}

	@Test
	void otherSdkFailuresAreLeftToTheDefaultReport() {
		assertThat(this.analyzer.analyze(SdkClientException.create("Unable to marshall request"))).isNull();
	}

}
