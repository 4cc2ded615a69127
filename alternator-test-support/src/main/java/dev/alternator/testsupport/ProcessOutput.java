package dev.alternator.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Drains a child process's output on a daemon thread so the child never blocks on a full
 * pipe, keeping the last few kilobytes for error messages. Thread-safe.
 */
final class ProcessOutput {

	private static final int KEPT_CHARS = 8 * 1024;

	private final StringBuilder tail = new StringBuilder();

	private final Thread thread;

	private ProcessOutput(InputStream stream, String threadName, Consumer<String> lines) {
		this.thread = DaemonThreads.start(threadName, () -> drain(stream, lines), true);
	}

	/**
	 * Starts draining.
	 * @param stream the child's merged stdout and stderr
	 * @param threadName the name of the draining thread
	 * @param lines called with every line, on the draining thread
	 */
	static ProcessOutput drain(InputStream stream, String threadName, Consumer<String> lines) {
		return new ProcessOutput(stream, threadName, lines);
	}

	private void drain(InputStream stream, Consumer<String> lines) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this.tail) {
					this.tail.append(line).append('\n');
					if (this.tail.length() > KEPT_CHARS) {
						this.tail.delete(0, this.tail.length() - KEPT_CHARS);
					}
				}
				lines.accept(line);
			}
		}
		catch (IOException ex) {
			// the process ended or its pipe was closed
		}
	}

	/**
	 * Waits a little for the draining thread to see the end of the output.
	 */
	void awaitEnd(long millis) {
		try {
			this.thread.join(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The last lines of output seen so far.
	 */
	String tail() {
		synchronized (this.tail) {
			return this.tail.toString().strip();
		}
	}

}
