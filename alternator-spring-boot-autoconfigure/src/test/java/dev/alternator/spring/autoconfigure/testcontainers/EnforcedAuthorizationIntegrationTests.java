package dev.alternator.spring.autoconfigure.testcontainers;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.AlternatorDynamoDbClient;
import dev.alternator.spring.autoconfigure.AlternatorAutoConfiguration;
import dev.alternator.spring.autoconfigure.ItemTable;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.scylladb.ScyllaDBContainer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Signed requests through the starter against a ScyllaDB container that enforces
 * Alternator authorization. The access key is a role name, the secret key that role's
 * salted password hash from {@code system.roles}; the role is created over the node's
 * maintenance socket (new clusters have no default superuser). Skipped without Docker;
 * with Docker, a container that does not start or a role that cannot be created fails the
 * class.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = EnforcedAuthorizationIntegrationTests.TestConfiguration.class,
		webEnvironment = WebEnvironment.NONE)
class EnforcedAuthorizationIntegrationTests {

	private static final String ROLE = "alternator";

	@Container
	@ServiceConnection
	static final EnforcedAuthorizationScyllaDBContainer scylla = new EnforcedAuthorizationScyllaDBContainer();

	@Autowired
	private DynamoDbClient client;

	@Autowired
	private AlternatorConfig config;

	@DynamicPropertySource
	static void credentials(DynamicPropertyRegistry registry) {
		registry.add("alternator.credentials.access-key", () -> ROLE);
		registry.add("alternator.credentials.secret-key", scylla::saltedHash);
	}

	@Test
	void signedRequestsAreServed() {
		assertThat(this.config.signsRequests()).isTrue();
		ItemTable table = ItemTable.create(this.client, "signed_items");
		table.put("plum", "Plum", 2);
		assertThat(table.get("plum")).containsEntry("name", AttributeValue.fromS("Plum"));
		table.drop();
	}

	@Test
	void unsignedRequestsAreRefused() {
		AlternatorConfig anonymous = this.config.toBuilder().authenticationEnabled(false).build();
		try (DynamoDbClient unsigned = AlternatorDynamoDbClient.create(anonymous)) {
			assertThatExceptionOfType(AwsServiceException.class).isThrownBy(unsigned::listTables)
				.satisfies((ex) -> assertThat(ex.statusCode()).isBetween(400, 499));
		}
	}

	@Test
	void requestsSignedWithAnotherSecretAreRefused() {
		AlternatorConfig wrongSecret = this.config.toBuilder().credentials(ROLE, "not-the-salted-hash").build();
		try (DynamoDbClient wrong = AlternatorDynamoDbClient.create(wrongSecret)) {
			assertThatExceptionOfType(AwsServiceException.class).isThrownBy(wrong::listTables)
				.satisfies((ex) -> assertThat(ex.statusCode()).isBetween(400, 499));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AlternatorAutoConfiguration.class)
	static class TestConfiguration {

	}

	/**
	 * A ScyllaDB container with Alternator, password authentication, enforced Alternator
	 * authorization and the maintenance socket; once started, it creates the role and
	 * reads its salted hash.
	 * <p>
	 * {@link ScyllaDBContainer#configure()} replaces the whole command when Alternator is
	 * on, so the extra flags are appended after it.
	 */
	static final class EnforcedAuthorizationScyllaDBContainer extends ScyllaDBContainer {

		private static final String MAINTENANCE_SOCKET = "/var/lib/scylla/cql.m";

		private volatile String saltedHash = "";

		EnforcedAuthorizationScyllaDBContainer() {
			super(ScyllaDbTestImage.IMAGE);
			withAlternator();
		}

		@Override
		protected void configure() {
			super.configure();
			// --maintenance-socket=workdir: a Unix socket at <workdir>/cql.m that needs
			// no login.
			setCommandParts(
					Stream
						.concat(Arrays.stream(getCommandParts()),
								Stream.of("--authenticator=PasswordAuthenticator",
										"--alternator-enforce-authorization=true", "--maintenance-socket=workdir"))
						.toArray(String[]::new));
		}

		@Override
		protected void containerIsStarted(InspectContainerResponse containerInfo) {
			cql("CREATE ROLE " + ROLE + " WITH PASSWORD = '" + ROLE + "' AND LOGIN = true");
			String output = cql("SELECT salted_hash FROM system.roles WHERE role = '" + ROLE + "'");
			this.saltedHash = output.lines()
				.map(String::trim)
				.filter((line) -> line.startsWith("$"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No salted hash for role " + ROLE + " in:\n" + output));
		}

		String saltedHash() {
			return this.saltedHash;
		}

		/**
		 * Runs one statement with {@code cqlsh} over the maintenance socket, retrying for
		 * up to 60 s while the socket is not accepting yet.
		 */
		private String cql(String statement) {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (true) {
				ExecResult result;
				try {
					result = execInContainer("cqlsh", MAINTENANCE_SOCKET, "-e", statement);
				}
				catch (Exception ex) {
					throw new IllegalStateException("Cannot run cqlsh in the container", ex);
				}
				if (result.getExitCode() == 0) {
					return result.getStdout();
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("cqlsh failed (exit " + result.getExitCode() + ") for '" + statement
							+ "': " + result.getStderr());
				}
				sleep();
			}
		}

		private static void sleep() {
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for cqlsh", ex);
			}
		}

	}

}
