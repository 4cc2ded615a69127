package dev.alternator.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.alternator.client.AttemptOutcome;
import dev.alternator.client.NodeState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeHealthTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private long now = 1_000 * SECOND;

	private final List<String> log = new ArrayList<>();

	private final NodeHealth health = new NodeHealth(
			new HealthPolicy(5, SECOND, 60 * SECOND, new SplittableRandom(42)));

	private void observe(AttemptOutcome outcome) {
		NodeHealth.Transition transition = this.health.record(outcome, outcome.name().toLowerCase(), this.now);
		this.log.add(outcome + "->" + transition + "/" + this.health.snapshot().consecutiveFailures());
	}

	private void probe(boolean healthy) {
		NodeHealth.Transition transition = this.health.recordProbe(healthy, "probe", this.now);
		this.log.add("probe " + healthy + "->" + transition);
	}

	private double backoffSeconds() {
		return (this.health.snapshot().nextProbeAtNanos() - this.now) / (double) SECOND;
	}

	@Test
	void quarantinesAfterExactlyFiveConsecutiveServerErrors() {
		for (int i = 0; i < 5; i++) {
			observe(AttemptOutcome.SERVER_ERROR);
		}
		assertThat(this.log).containsExactly("SERVER_ERROR->NONE/1", "SERVER_ERROR->NONE/2", "SERVER_ERROR->NONE/3",
				"SERVER_ERROR->NONE/4", "SERVER_ERROR->QUARANTINED/5");
		assertThat(this.health.snapshot().cause()).isEqualTo("5 consecutive failures, last: server_error");
	}

	@Test
	void successResetsTheStreak() {
		for (int i = 0; i < 4; i++) {
			observe(AttemptOutcome.TIMEOUT);
		}
		observe(AttemptOutcome.SUCCESS);
		for (int i = 0; i < 4; i++) {
			observe(AttemptOutcome.SERVER_ERROR);
		}
		assertThat(this.health.isActive()).isTrue();
		assertThat(this.log).contains("SUCCESS->NONE/0").doesNotContain("QUARANTINED");
	}

	@Test
	void connectionFailureQuarantinesAtOnce() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		assertThat(this.log).containsExactly("CONNECTION_FAILURE->QUARANTINED/1");
		assertThat(this.health.snapshot().state()).isEqualTo(NodeState.QUARANTINED);
		assertThat(this.health.snapshot().cause()).isEqualTo("connection_failure");
	}

	@Test
	void quarantineTransitionIsReportedOnce() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		observe(AttemptOutcome.CONNECTION_FAILURE);
		observe(AttemptOutcome.SERVER_ERROR);
		assertThat(this.log).containsExactly("CONNECTION_FAILURE->QUARANTINED/1", "CONNECTION_FAILURE->NONE/2",
				"SERVER_ERROR->NONE/3");
	}

	@Test
	void probeSuccessReleasesAndResetsFailures() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		this.now += 2 * SECOND;
		probe(false);
		probe(true);
		assertThat(this.log).containsExactly("CONNECTION_FAILURE->QUARANTINED/1", "probe false->NONE",
				"probe true->RELEASED");
		assertThat(this.health.snapshot().consecutiveFailures()).isZero();
		assertThat(this.health.isActive()).isTrue();
	}

	@Test
	void successfulRequestToQuarantinedNodeReleasesIt() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		observe(AttemptOutcome.SUCCESS);
		assertThat(this.log).containsExactly("CONNECTION_FAILURE->QUARANTINED/1", "SUCCESS->RELEASED/0");
	}

	@Test
	void backoffDoublesPerRepeatWithinFifteenPercentUpToSixtySeconds() {
		List<Double> backoffs = new ArrayList<>();
		for (int repeat = 0; repeat < 9; repeat++) {
			observe(AttemptOutcome.CONNECTION_FAILURE);
			backoffs.add(backoffSeconds());
			this.now = this.health.snapshot().nextProbeAtNanos();
			probe(true);
			this.now += SECOND;
		}
		double[] expected = { 1, 2, 4, 8, 16, 32, 60, 60, 60 };
		for (int i = 0; i < expected.length; i++) {
			assertThat(backoffs.get(i)).isBetween(expected[i] * 0.85, expected[i] * 1.15);
		}
	}

	@Test
	void failedProbesDoubleTheBackoff() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		List<Double> backoffs = new ArrayList<>(List.of(backoffSeconds()));
		for (int i = 0; i < 3; i++) {
			this.now = this.health.snapshot().nextProbeAtNanos();
			probe(false);
			backoffs.add(backoffSeconds());
		}
		double[] expected = { 1, 2, 4, 8 };
		for (int i = 0; i < expected.length; i++) {
			assertThat(backoffs.get(i)).isBetween(expected[i] * 0.85, expected[i] * 1.15);
		}
	}

	@Test
	void quarantineLongAfterReleaseStartsOverAtOneSecond() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		this.now += 2 * SECOND;
		probe(true);
		observe(AttemptOutcome.CONNECTION_FAILURE);
		assertThat(backoffSeconds()).isBetween(1.7, 2.3);
		this.now += 2 * SECOND;
		probe(true);
		this.now += 61 * SECOND;
		observe(AttemptOutcome.CONNECTION_FAILURE);
		assertThat(backoffSeconds()).isBetween(0.85, 1.15);
	}

	@Test
	void sameSeedGivesSameBackoffs() {
		NodeHealth other = new NodeHealth(new HealthPolicy(5, SECOND, 60 * SECOND, new SplittableRandom(42)));
		this.health.record(AttemptOutcome.CONNECTION_FAILURE, "x", this.now);
		other.record(AttemptOutcome.CONNECTION_FAILURE, "x", this.now);
		assertThat(other.snapshot().nextProbeAtNanos()).isEqualTo(this.health.snapshot().nextProbeAtNanos());
	}

}
