package dev.alternator.sample;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a start that failed because no Alternator node answered (the sample creates
 * its table at startup), with what to run instead, rather than a long stack trace.
 *
 * @since 0.1.0
 */
class ClusterUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SdkClientException> {

	private final Environment environment;

	ClusterUnreachableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SdkClientException cause) {
		Throwable network = networkCause(cause);
		if (network == null) {
			return null;
		}
		String seeds = this.environment.getProperty("alternator.seed-hosts", "(alternator.seed-hosts not set)");
		String port = this.environment.getProperty("alternator.port", "8000");
		return new FailureAnalysis(
				"No Alternator node answered at " + seeds + " port " + port + " (" + network.getMessage()
						+ "), so the sample app could not create its table.",
				"Run the sample app with a local 3-node cluster: ./mvnw -pl sample-app -am spring-boot:test-run\n"
						+ "or point it at a running cluster: --alternator.seed-hosts=<host> --alternator.port=<port>",
				cause);
	}

	private static @Nullable Throwable networkCause(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof ConnectException || current instanceof NoRouteToHostException
					|| current instanceof UnknownHostException) {
				return current;
			}
		}
		return null;
	}

}
