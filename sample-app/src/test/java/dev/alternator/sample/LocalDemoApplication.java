package dev.alternator.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.alternator.testsupport.LocalAlternatorCluster;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a local 3-node Alternator cluster (127.0.0.1-3, datacenter {@code dc1}, one rack
 * each, backed by dynalite) and the sample app pointed at it: <pre>
 * ./mvnw -pl sample-app -am spring-boot:test-run
 * </pre> The nodes listen on port 8000, or on a free port when 8000 is taken (system
 * property {@code alternator.demo.port} picks another). On Ctrl-C the application stops
 * first, then the cluster.
 *
 * @since 0.1.0
 */
public final class LocalDemoApplication {

	private static final int DEFAULT_PORT = 8000;

	private LocalDemoApplication() {
	}

	/**
	 * Starts the cluster, then the application.
	 * @param args the application's command-line arguments
	 */
	public static void main(String[] args) {
		int port = Integer.getInteger("alternator.demo.port", DEFAULT_PORT);
		LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "rack1")
			.node("dc1", "rack2")
			.node("dc1", "rack3")
			.port(isFree(port) ? port : 0)
			.maxLifetime(Duration.ofHours(8))
			// stopped after the application, not beside it: JVM shutdown hooks run
			// concurrently, and an application still draining requests would log WARNs
			.stopOnJvmShutdown(false)
			.start();
		SpringApplication.getShutdownHandlers().add(cluster::close);
		SpringApplication application = new SpringApplication(SampleApplication.class);
		Map<String, Object> properties = Map.of("alternator.seed-hosts", String.join(",", cluster.seedHosts()),
				"alternator.port", cluster.port());
		application.addInitializers((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("localAlternatorCluster", properties)));
		application.run(args);
		System.out.println("Local Alternator cluster: " + cluster.seedHosts() + " port " + cluster.port()
				+ "; watch the spread with: curl localhost:8080/actuator/alternator");
	}

	private static boolean isFree(int port) {
		for (int node = 1; node <= 3; node++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + node), port));
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

}
