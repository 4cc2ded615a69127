package dev.alternator.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local Alternator cluster in a separate JVM, so that its CPU use is not counted as
 * the measured client's. Controlled through its standard input ({@code down 1},
 * {@code hang 1}, {@code clear 1}, {@code add dc1 rack1}); every command answers one
 * line.
 */
final class ClusterProcess implements AutoCloseable {

	private final Process process;

	private final BufferedReader out;

	private final PrintWriter in;

	private final List<String> addresses = new ArrayList<>();

	private final int port;

	private ClusterProcess(Process process, BufferedReader out, PrintWriter in, List<String> addresses, int port) {
		this.process = process;
		this.out = out;
		this.in = in;
		this.addresses.addAll(addresses);
		this.port = port;
	}

	static ClusterProcess start(int nodes, String backend, Duration lifetime) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
				"dev.alternator.testsupport.LocalAlternatorClusterMain", "--nodes", Integer.toString(nodes), "--port",
				"0", "--racks", "rack1,rack2,rack3", "--backend", backend, "--control", "stdin", "--lifetime",
				lifetime.toString(), "--request-log-limit", "1000", "--vnode-tokens", "256");
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		PrintWriter in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
		List<String> addresses = new ArrayList<>();
		int port = -1;
		while (addresses.size() < nodes) {
			String line = out.readLine();
			if (line == null) {
				process.destroyForcibly();
				throw new IOException("the cluster process ended before listing its nodes");
			}
			if (line.startsWith("alternator-node ")) {
				addresses.add(field(line, "address"));
				port = Integer.parseInt(field(line, "port"));
			}
		}
		return new ClusterProcess(process, out, in, addresses, port);
	}

	static String field(String line, String name) {
		for (String part : line.split(" ")) {
			if (part.startsWith(name + "=")) {
				return part.substring(name.length() + 1);
			}
		}
		throw new IllegalArgumentException("no " + name + " in: " + line);
	}

	List<String> addresses() {
		return List.copyOf(this.addresses);
	}

	int port() {
		return this.port;
	}

	/**
	 * CPU time the cluster process has used so far, or 0 where the platform does not
	 * report it.
	 */
	long cpuNanos() {
		return this.process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
	}

	/**
	 * Sends a command and returns its answer line.
	 */
	synchronized String command(String command) throws IOException {
		this.in.println(command);
		String answer = this.out.readLine();
		if (answer == null || !answer.startsWith("ok")) {
			throw new IOException("cluster command '" + command + "' failed: " + answer);
		}
		if (answer.contains("alternator-node ")) {
			this.addresses.add(field(answer, "address"));
		}
		return answer;
	}

	@Override
	public void close() {
		this.in.println("quit");
		this.in.close();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
