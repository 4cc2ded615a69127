package dev.alternator.testsupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * Finds dynalite, or installs it with npm when it is missing. The directory is the system
 * property {@value #DIRECTORY_PROPERTY} when set, otherwise
 * {@code ${user.home}/.cache/alternator-test-support/dynalite-<version>}. Installs are
 * serialized within the JVM and, through a file lock, across JVMs. Thread-safe.
 */
final class DynaliteInstaller {

	static final String VERSION = "4.0.0";

	static final String PACKAGE = "dynalite@" + VERSION;

	static final String DIRECTORY_PROPERTY = "alternator.dynalite.dir";

	static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

	private static final Logger logger = Logs.logger("dynalite");

	private static final Object JVM_LOCK = new Object();

	private final Path directory;

	private final String npm;

	private final Duration timeout;

	DynaliteInstaller(Path directory, String npm, Duration timeout) {
		this.directory = directory.toAbsolutePath();
		this.npm = npm;
		this.timeout = timeout;
	}

	/**
	 * The installer for the configured (or default) directory, using {@code npm} from the
	 * {@code PATH}.
	 */
	static DynaliteInstaller configured() {
		String configured = System.getProperty(DIRECTORY_PROPERTY);
		Path directory = (configured != null && !configured.isBlank()) ? Paths.get(configured) : Paths
			.get(System.getProperty("user.home"), ".cache", "alternator-test-support", "dynalite-" + VERSION);
		return new DynaliteInstaller(directory, isWindows() ? "npm.cmd" : "npm", DEFAULT_TIMEOUT);
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * The dynalite command-line entry point inside the directory.
	 */
	Path cli() {
		return this.directory.resolve("node_modules").resolve("dynalite").resolve("cli.js");
	}

	/**
	 * Returns the path of dynalite's {@code cli.js}, installing dynalite first when it is
	 * missing.
	 * @throws IOException if npm is missing, fails or takes too long
	 */
	Path ensureInstalled() throws IOException {
		Path cli = cli();
		if (Files.isRegularFile(cli)) {
			return cli;
		}
		synchronized (JVM_LOCK) {
			Files.createDirectories(this.directory);
			try (FileChannel channel = FileChannel.open(this.directory.resolve(".install.lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
				FileLock lock = channel.lock();
				try {
					if (!Files.isRegularFile(cli)) {
						install();
					}
				}
				finally {
					lock.release();
				}
			}
		}
		if (!Files.isRegularFile(cli)) {
			throw new IOException("npm reported success but " + cli + " does not exist");
		}
		return cli;
	}

	private void install() throws IOException {
		List<String> command = List.of(this.npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix",
				this.directory.toString(), PACKAGE);
		logger.info("Installing {} into {} (one time, needs Node.js with npm)", PACKAGE, this.directory);
		long start = System.nanoTime();
		Process process;
		try {
			process = new ProcessBuilder(command).directory(this.directory.toFile()).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IOException("Cannot run '" + this.npm + "' to install " + PACKAGE + " into " + this.directory
					+ ": the local Alternator cluster needs Node.js (with npm) on the PATH. Install Node.js, or install"
					+ " dynalite yourself with 'npm install --prefix <dir> " + PACKAGE
					+ "' and set the system property " + DIRECTORY_PROPERTY + "=<dir>. Cause: " + ex.getMessage(), ex);
		}
		process.getOutputStream().close();
		ProcessOutput output = ProcessOutput.drain(process.getInputStream(), "alternator-local-cluster-npm-output",
				(line) -> logger.debug("npm: {}", line));
		boolean finished;
		try {
			finished = process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while installing " + PACKAGE, ex);
		}
		if (!finished) {
			process.destroyForcibly();
			throw new IOException("'" + String.join(" ", command) + "' did not finish within " + this.timeout
					+ "; output: " + output.tail());
		}
		output.awaitEnd(1_000);
		if (process.exitValue() != 0) {
			throw new IOException("'" + String.join(" ", command) + "' failed with exit code " + process.exitValue()
					+ " (is the npm registry reachable?); output: " + output.tail());
		}
		logger.info("Installed {} in {} ms", PACKAGE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	static boolean isWindows() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
	}

}
