package dev.alternator.client.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.alternator.client.internal.discovery.ControlClient;

/**
 * A scripted control client: answers {@code /localnodes} and {@code GET /} from a
 * function and logs every request as {@code "<virtual ms> <host><path>"}, the event log
 * that timing tests assert on.
 * <p>
 * Thread-safe.
 */
final class FakeControl implements ControlClient {

	private final FakeScheduler scheduler;

	private final List<String> log = new CopyOnWriteArrayList<>();

	private volatile Function<URI, Response> answers;

	private volatile Runnable duringRequest = () -> {
	};

	FakeControl(FakeScheduler scheduler, List<String> nodes) {
		this.scheduler = scheduler;
		this.answers = (uri) -> uri.getPath().equals("/localnodes") ? new Response(200, json(nodes))
				: new Response(200, "healthy");
	}

	static String json(List<String> nodes) {
		StringBuilder json = new StringBuilder("[");
		for (String node : nodes) {
			json.append((json.length() > 1) ? "," : "").append('"').append(node).append('"');
		}
		return json.append(']').toString();
	}

	/**
	 * Replaces the answers.
	 * @param answers the response of each request; throw an {@link IOException} wrapped
	 * in {@link java.io.UncheckedIOException} for a failure
	 */
	void answer(Function<URI, Response> answers) {
		this.answers = answers;
	}

	/**
	 * Runs something in the middle of every request (while the caller waits on it).
	 * @param action the action
	 */
	void duringRequest(Runnable action) {
		this.duringRequest = action;
	}

	List<String> log() {
		return List.copyOf(this.log);
	}

	List<String> log(String path) {
		return this.log.stream().filter((line) -> line.endsWith(path)).toList();
	}

	void clearLog() {
		this.log.clear();
	}

	@Override
	public Response get(URI uri, Duration deadline) throws IOException {
		this.log.add(this.scheduler.millis() + " " + uri.getHost() + uri.getPath());
		this.duringRequest.run();
		try {
			return this.answers.apply(uri);
		}
		catch (java.io.UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	@Override
	public void close() {
	}

}
