package dev.alternator.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Records listener events as short strings (tests only).
 */
final class RecordingListener implements AlternatorListener {

	final List<String> events = new CopyOnWriteArrayList<>();

	@Override
	public void nodeAdded(NodeStatus node) {
		this.events.add("added " + node.address());
	}

	@Override
	public void nodeRemoved(NodeStatus node) {
		this.events.add("removed " + node.address());
	}

	@Override
	public void nodeQuarantined(NodeStatus node, String cause) {
		this.events.add("quarantined " + node.address());
	}

	@Override
	public void nodeReleased(NodeStatus node, String reason) {
		this.events.add("released " + node.address());
	}

	@Override
	public void activeScopeChanged(@Nullable RoutingScope previous, RoutingScope current) {
		this.events.add("scope " + current);
	}

	@Override
	public void discoveryCompleted(DiscoveryResult result) {
		this.events.add("discovery " + result.outcome());
	}

	@Override
	public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
		this.events.add("attempt " + address + " " + outcome);
	}

	List<String> without(String prefix) {
		return this.events.stream().filter((event) -> !event.startsWith(prefix)).toList();
	}

}
