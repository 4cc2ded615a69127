package dev.alternator.testsupport;

import java.nio.charset.StandardCharsets;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line entry point: starts a {@link LocalAlternatorCluster}, prints one line per
 * node and blocks until Ctrl-C or the end of its lifetime. <pre class="code">
 * java -cp ... dev.alternator.testsupport.LocalAlternatorClusterMain \
 *     --nodes 3 --port 8000 --datacenter dc1 --racks rack1,rack2,rack3 --lifetime PT30M
 * </pre> Options (all optional): {@code --nodes} (default 3), {@code --port} (default
 * 8000, 0 for ephemeral), {@code --datacenter} (default {@code dc1}), {@code --racks}
 * (comma-separated, assigned round-robin, default {@code rack1,rack2,rack3}),
 * {@code --lifetime} (ISO-8601 duration, default {@code PT30M}), {@code --first-address}
 * (last octet of the first node's address, default 1), {@code --request-log-limit}
 * (requests each node keeps for inspection, default
 * {@value LocalAlternatorCluster#DEFAULT_REQUEST_LOG_LIMIT}; lower it for long load
 * runs), {@code --vnode-tokens} (tokens per node, default
 * {@value LocalAlternatorCluster#DEFAULT_VNODE_TOKENS}), {@code --backend}
 * ({@code dynalite}, the default, or {@code instant}: answers from memory, see
 * {@link LocalAlternatorCluster.Builder#instant(boolean)}), {@code --control}
 * ({@code stdin}: read commands from standard input, one per line, each answered by one
 * line starting with {@code ok} or {@code error}: {@code down N}, {@code up N},
 * {@code reject N}, {@code hang N}, {@code slow N MILLIS}, {@code clear N} (node index
 * from 0), {@code add DC RACK} (answers the new node's line), {@code hop DURATION} (the
 * extra delay of a single-key request to a node that does not hold its key, ISO-8601),
 * {@code placement} (answers {@code ok placement replica=R non-replica=N}: the single-key
 * requests the nodes received for keys they hold and do not hold), {@code quit}; end of
 * input also quits). Each node line reads
 * {@code alternator-node address=127.0.0.1 port=8000 dc=dc1 rack=rack1 endpoint=http://127.0.0.1:8000}.
 * <p>
 * This class holds no state; it is thread-safe.
 *
 * @since 0.1.0
 */
public final class LocalAlternatorClusterMain {

	static final String USAGE = "Usage: LocalAlternatorClusterMain [--nodes N] [--port P] [--datacenter DC]"
			+ " [--racks R1,R2,...] [--lifetime PT30M] [--first-address X] [--request-log-limit N]"
			+ " [--vnode-tokens N] [--backend dynalite|instant] [--control none|stdin]";

	private LocalAlternatorClusterMain() {
	}

	/**
	 * Runs the cluster until Ctrl-C or the end of its lifetime.
	 * @param args the command-line options
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		int status = run(args, System.out, System.err);
		if (status != 0) {
			System.exit(status);
		}
	}

	/**
	 * Parses the options, starts the cluster, prints the node lines and waits until the
	 * cluster is closed.
	 * @return the process exit status
	 */
	static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		if (options.help) {
			out.println(USAGE);
			return 0;
		}
		LocalAlternatorCluster.Builder builder = LocalAlternatorCluster.builder()
			.port(options.port)
			.firstAddress(options.firstAddress)
			.maxLifetime(options.lifetime)
			.requestLogLimit(options.requestLogLimit)
			.vnodeTokens(options.vnodeTokens)
			.instant(options.instant);
		for (int i = 0; i < options.nodes; i++) {
			builder.node(options.datacenter, options.racks.get(i % options.racks.size()));
		}
		LocalAlternatorCluster cluster = builder.start();
		for (LocalAlternatorNode node : cluster.nodes()) {
			out.println(nodeLine(node));
		}
		out.flush();
		if (options.control) {
			control(cluster, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
			cluster.close();
			return 0;
		}
		cluster.awaitClosed();
		return 0;
	}

	/**
	 * Runs control commands until {@code quit} or the end of input.
	 */
	static void control(LocalAlternatorCluster cluster, BufferedReader in, PrintStream out) {
		try {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String[] words = line.strip().split("\\s+");
				if (words[0].equals("quit")) {
					out.println("ok quit");
					out.flush();
					return;
				}
				out.println(execute(cluster, words));
				out.flush();
			}
		}
		catch (IOException ex) {
			out.println("error " + ex.getMessage());
		}
	}

	private static String execute(LocalAlternatorCluster cluster, String[] words) {
		try {
			if (words[0].equals("add") && words.length == 3) {
				LocalAlternatorNode node = cluster.addNode(words[1], words[2]);
				return "ok " + nodeLine(node);
			}
			if (words[0].equals("slow") && words.length == 3) {
				LocalAlternatorNode node = cluster.node(Integer.parseInt(words[1]));
				node.slow(Duration.ofMillis(Long.parseLong(words[2])));
				return "ok slow " + node.address();
			}
			if (words[0].equals("placement") && words.length == 1) {
				long replica = 0;
				long nonReplica = 0;
				for (LocalAlternatorNode node : cluster.nodes()) {
					replica += node.stats().replicaRequests();
					nonReplica += node.stats().nonReplicaRequests();
				}
				return "ok placement replica=" + replica + " non-replica=" + nonReplica;
			}
			if (words[0].equals("hop") && words.length == 2) {
				cluster.extraHopDelay(Duration.parse(words[1]));
				return "ok hop " + words[1];
			}
			if (words.length != 2) {
				return "error usage: down|up|reject|hang|clear N, slow N MILLIS, add DC RACK, hop DURATION, placement, "
						+ "quit";
			}
			LocalAlternatorNode node = cluster.node(Integer.parseInt(words[1]));
			switch (words[0]) {
				case "down" -> node.down();
				case "up" -> node.up();
				case "reject" -> node.reject();
				case "hang" -> node.hang();
				case "clear" -> node.clearFaults();
				default -> {
					return "error unknown command " + words[0];
				}
			}
			return "ok " + words[0] + " " + node.address();
		}
		catch (RuntimeException ex) {
			return "error " + ex.getMessage();
		}
	}

	private static String nodeLine(LocalAlternatorNode node) {
		return "alternator-node address=" + node.address() + " port=" + node.port() + " dc=" + node.datacenter()
				+ " rack=" + node.rack() + " endpoint=" + node.endpoint();
	}

	/**
	 * Parsed command-line options.
	 */
	static final class Options {

		int nodes = 3;

		int port = 8000;

		String datacenter = "dc1";

		List<String> racks = List.of("rack1", "rack2", "rack3");

		Duration lifetime = Duration.ofMinutes(30);

		int firstAddress = 1;

		int requestLogLimit = LocalAlternatorCluster.DEFAULT_REQUEST_LOG_LIMIT;

		int vnodeTokens = LocalAlternatorCluster.DEFAULT_VNODE_TOKENS;

		boolean help;

		boolean instant;

		boolean control;

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i++) {
				String name = args[i];
				if (name.equals("--help") || name.equals("-h")) {
					options.help = true;
					continue;
				}
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("Missing value for " + name);
				}
				String value = args[++i];
				switch (name) {
					case "--nodes" -> options.nodes = positive(name, value);
					case "--port" -> options.port = integer(name, value);
					case "--datacenter" -> options.datacenter = nonEmpty(name, value);
					case "--racks" -> options.racks = racks(value);
					case "--lifetime" -> options.lifetime = duration(name, value);
					case "--first-address" -> options.firstAddress = positive(name, value);
					case "--request-log-limit" -> options.requestLogLimit = notNegative(name, value);
					case "--vnode-tokens" -> options.vnodeTokens = positive(name, value);
					case "--backend" -> options.instant = backend(value);
					case "--control" -> options.control = control(value);
					default -> throw new IllegalArgumentException("Unknown option " + name);
				}
			}
			return options;
		}

		private static int integer(String name, String value) {
			try {
				return Integer.parseInt(value);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
			}
		}

		private static int positive(String name, String value) {
			int result = integer(name, value);
			if (result < 1) {
				throw new IllegalArgumentException(name + " must be at least 1, got " + result);
			}
			return result;
		}

		private static int notNegative(String name, String value) {
			int result = integer(name, value);
			if (result < 0) {
				throw new IllegalArgumentException(name + " must be at least 0, got " + result);
			}
			return result;
		}

		private static String nonEmpty(String name, String value) {
			if (value.isBlank()) {
				throw new IllegalArgumentException(name + " must not be empty");
			}
			return value;
		}

		private static boolean backend(String value) {
			return switch (value) {
				case "instant" -> true;
				case "dynalite" -> false;
				default ->
					throw new IllegalArgumentException("--backend must be dynalite or instant, got '" + value + "'");
			};
		}

		private static boolean control(String value) {
			return switch (value) {
				case "stdin" -> true;
				case "none" -> false;
				default -> throw new IllegalArgumentException("--control must be none or stdin, got '" + value + "'");
			};
		}

		private static List<String> racks(String value) {
			List<String> result = new ArrayList<>();
			for (String rack : value.split(",")) {
				if (!rack.isBlank()) {
					result.add(rack.strip());
				}
			}
			if (result.isEmpty()) {
				throw new IllegalArgumentException("--racks needs at least one rack name");
			}
			return List.copyOf(result);
		}

		private static Duration duration(String name, String value) {
			try {
				Duration result = Duration.parse(value);
				if (result.isNegative() || result.isZero()) {
					throw new IllegalArgumentException(name + " must be positive, got " + value);
				}
				return result;
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException(
						name + " needs an ISO-8601 duration such as PT30M, got '" + value + "'");
			}
		}

	}

}
