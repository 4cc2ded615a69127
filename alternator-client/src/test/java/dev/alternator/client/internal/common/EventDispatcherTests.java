package dev.alternator.client.internal.common;

import java.time.Duration;

import dev.alternator.client.AlternatorListener;
import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.NodeStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventDispatcherTests {

	private final EventDispatcher events = new EventDispatcher("test-events");

	@Test
	void membershipListenersDoNotAskForPerRequestEvents() {
		this.events.add(new AlternatorListener() {
			@Override
			public void nodeAdded(NodeStatus node) {
			}
		});
		assertThat(this.events.hasListeners()).isTrue();
		assertThat(this.events.wantsAttemptEvents()).isFalse();
		assertThat(this.events.wantsKeyAffinityEvents()).isFalse();
	}

	@Test
	void attemptAndKeyAffinityListenersAreCountedUntilRemoved() {
		AlternatorListener attempts = new AlternatorListener() {
			@Override
			public void attemptCompleted(String address, AttemptOutcome outcome, Duration duration) {
			}
		};
		AlternatorListener affinity = new AlternatorListener() {
			@Override
			public void keyAffinity(String table, boolean hit) {
			}
		};
		this.events.add(attempts);
		this.events.add(affinity);
		assertThat(this.events.wantsAttemptEvents()).isTrue();
		assertThat(this.events.wantsKeyAffinityEvents()).isTrue();
		this.events.remove(attempts);
		this.events.remove(attempts);
		assertThat(this.events.wantsAttemptEvents()).isFalse();
		assertThat(this.events.wantsKeyAffinityEvents()).isTrue();
		this.events.remove(affinity);
		assertThat(this.events.wantsKeyAffinityEvents()).isFalse();
	}

}
