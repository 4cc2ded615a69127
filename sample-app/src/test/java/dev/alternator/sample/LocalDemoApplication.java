package dev.alternator.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.alternator.testsupport.LocalAlternatorCluster;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a local 3-node Alternator cluster (127.0.0.1-3, datacenter {@code dc1}, one rack
 * each, backed by dynalite) and the sample app pointed at it: <pre>
 * ./mvnw -pl sample-app -am spring-boot:test-run
 * </pre> The nodes listen on port 8000, or on a free port when 8000 is taken (system
 * property {@code alternator.demo.port} picks another).
 * <p>
 * The cluster is a bean of the application, closed with its context after the context's
 * lifecycle beans have stopped: on Ctrl-C the web server drains its requests and the node
 * directory closes while the nodes still answer, and a failed start closes the cluster
 * too.
 *
 * @since 0.1.0
 */
public final class LocalDemoApplication {

	private static final int DEFAULT_PORT = 8000;

	private static final String CLUSTER_BEAN_NAME = "localAlternatorCluster";

	private LocalDemoApplication() {
	}

	/**
	 * Starts the cluster, then the application.
	 * @param args the application's command-line arguments
	 */
	public static void main(String[] args) {
		int port = Integer.getInteger("alternator.demo.port", DEFAULT_PORT);
		ConfigurableApplicationContext context = run(isFree(port) ? port : 0, args);
		LocalAlternatorCluster cluster = context.getBean(LocalAlternatorCluster.class);
		System.out.println("Local Alternator cluster: " + cluster.seedHosts() + " port " + cluster.port()
				+ "; watch the spread with: curl localhost:8080/actuator/alternator");
	}

	/**
	 * Starts the cluster on a port, then the application pointed at it.
	 * @param port the nodes' port, 0 for a free one
	 * @param args the application's command-line arguments
	 * @return the running application, whose closing stops the cluster
	 */
	static ConfigurableApplicationContext run(int port, String... args) {
		LocalAlternatorCluster cluster = LocalAlternatorCluster.builder()
			.node("dc1", "rack1")
			.node("dc1", "rack2")
			.node("dc1", "rack3")
			.port(port)
			.maxLifetime(Duration.ofHours(8))
			// closed by the application, not beside it: JVM shutdown hooks run
			// concurrently, and an application still draining requests would log WARNs
			.stopOnJvmShutdown(false)
			.start();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		Map<String, Object> properties = Map.of("alternator.seed-hosts", String.join(",", cluster.seedHosts()),
				"alternator.port", cluster.port());
		application.addInitializers((context) -> {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("localAlternatorCluster", properties));
			// a disposable singleton is destroyed after every lifecycle bean has stopped
			// (Spring Boot's shutdown hook closes the context on Ctrl-C)
			DefaultListableBeanFactory beanFactory = ((GenericApplicationContext) context)
				.getDefaultListableBeanFactory();
			beanFactory.registerSingleton(CLUSTER_BEAN_NAME, cluster);
			beanFactory.registerDisposableBean(CLUSTER_BEAN_NAME, cluster::close);
		});
		try {
			return application.run(args);
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
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
