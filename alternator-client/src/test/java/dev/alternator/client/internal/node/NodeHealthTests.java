package dev.alternator.client.internal.node;

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
	void passingProbePutsTheNodeOnProbationAndResetsFailures() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		this.now += 2 * SECOND;
		probe(false);
		this.now += 4 * SECOND;
		probe(true);
		assertThat(this.log).containsExactly("CONNECTION_FAILURE->QUARANTINED/1", "probe false->NONE",
				"probe true->PROBATION");
		assertThat(this.health.snapshot().consecutiveFailures()).isZero();
		assertThat(this.health.snapshot().state()).isEqualTo(NodeState.PROBATION);
		assertThat(this.health.isActive()).isFalse();
		assertThat(this.health.isQuarantined()).isFalse();
	}

	@Test
	void successfulRequestOnceTheProbeIsDueStartsProbationButAnEarlierOneDoesNot() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		observe(AttemptOutcome.SUCCESS);
		this.now = this.health.snapshot().nextProbeAtNanos();
		observe(AttemptOutcome.SUCCESS);
		assertThat(this.log).containsExactly("CONNECTION_FAILURE->QUARANTINED/1", "SUCCESS->NONE/1",
				"SUCCESS->PROBATION/0");
		assertThat(this.health.snapshot().probationSuccesses()).isOne();
	}

	@Test
	void probationFailureQuarantinesAgainAtOnceAtTheNextLevel() {
		observe(AttemptOutcome.SERVER_ERROR);
		observe(AttemptOutcome.SERVER_ERROR);
		observe(AttemptOutcome.SERVER_ERROR);
		observe(AttemptOutcome.SERVER_ERROR);
		observe(AttemptOutcome.SERVER_ERROR);
		this.now = this.health.snapshot().nextProbeAtNanos();
		probe(true);
		observe(AttemptOutcome.SUCCESS);
		observe(AttemptOutcome.TIMEOUT);
		assertThat(this.log).containsExactly("SERVER_ERROR->NONE/1", "SERVER_ERROR->NONE/2", "SERVER_ERROR->NONE/3",
				"SERVER_ERROR->NONE/4", "SERVER_ERROR->QUARANTINED/5", "probe true->PROBATION", "SUCCESS->NONE/0",
				"TIMEOUT->QUARANTINED/1");
		assertThat(this.health.snapshot().level()).isOne();
		assertThat(this.health.snapshot().cause()).isEqualTo("failed on probation: timeout");
		assertThat(backoffSeconds()).isBetween(1.7, 2.3);
	}

	@Test
	void failureOfAnAttemptStartedBeforeTheProbationIsIgnored() {
		long hungSince = this.now;
		observe(AttemptOutcome.CONNECTION_FAILURE);
		this.now = this.health.snapshot().nextProbeAtNanos();
		probe(true);
		this.now += SECOND;
		assertThat(this.health.record(AttemptOutcome.TIMEOUT, "attempt timeout", this.now, hungSince))
			.isEqualTo(NodeHealth.Transition.NONE);
		assertThat(this.health.snapshot().state()).isEqualTo(NodeState.PROBATION);
		assertThat(this.health.record(AttemptOutcome.TIMEOUT, "attempt timeout", this.now, this.now))
			.isEqualTo(NodeHealth.Transition.QUARANTINED);
	}

	@Test
	void probationSuccessStreakReturnsTheNodeToActiveAndResetsTheBackoff() {
		for (int repeat = 0; repeat < 4; repeat++) {
			observe(AttemptOutcome.CONNECTION_FAILURE);
			this.now = this.health.snapshot().nextProbeAtNanos();
			probe(true);
		}
		assertThat(this.health.snapshot().level()).isEqualTo(3);
		long probationSince = this.now;
		this.log.clear();
		for (int i = 0; i < 5; i++) {
			observe(AttemptOutcome.SUCCESS);
			this.now += 100_000_000L;
		}
		// five successes, but the minimum probation after an 8 s backoff (3 s) has not
		// passed: one more success once it has
		this.now = probationSince + 3 * SECOND;
		observe(AttemptOutcome.SUCCESS);
		assertThat(this.log).containsExactly("SUCCESS->NONE/0", "SUCCESS->NONE/0", "SUCCESS->NONE/0", "SUCCESS->NONE/0",
				"SUCCESS->NONE/0", "SUCCESS->RELEASED/0");
		assertThat(this.health.snapshot().state()).isEqualTo(NodeState.ACTIVE);
		assertThat(this.health.snapshot().level()).isZero();
		this.now += SECOND;
		observe(AttemptOutcome.CONNECTION_FAILURE);
		assertThat(backoffSeconds()).isBetween(0.85, 1.15);
	}

	@Test
	void probesOfANodeNotQuarantinedChangeNothing() {
		observe(AttemptOutcome.SERVER_ERROR);
		probe(true);
		probe(false);
		assertThat(this.log).containsExactly("SERVER_ERROR->NONE/1", "probe true->NONE", "probe false->NONE");
		assertThat(this.health.snapshot().consecutiveFailures()).isOne();
	}

	@Test
	void backoffDoublesPerRepeatWithinFifteenPercentUpToSixtySecondsWhileProbesStayWithinThreeSeconds() {
		List<Double> backoffs = new ArrayList<>();
		List<Double> probeIntervals = new ArrayList<>();
		for (int repeat = 0; repeat < 9; repeat++) {
			observe(AttemptOutcome.CONNECTION_FAILURE);
			backoffs.add(this.health.snapshot().backoffNanos() / (double) SECOND);
			probeIntervals.add(backoffSeconds());
			this.now = this.health.snapshot().nextProbeAtNanos();
			probe(true);
			this.now += SECOND;
		}
		double[] expected = { 1, 2, 4, 8, 16, 32, 60, 60, 60 };
		for (int i = 0; i < expected.length; i++) {
			assertThat(backoffs.get(i)).isBetween(expected[i] * 0.85, expected[i] * 1.15);
			assertThat(probeIntervals.get(i)).isBetween(Math.min(expected[i], 3) * 0.85,
					Math.min(expected[i], 3) * 1.15);
		}
	}

	@Test
	void failedProbesDoubleTheBackoffWhileProbesStayWithinThreeSeconds() {
		observe(AttemptOutcome.CONNECTION_FAILURE);
		List<String> events = new ArrayList<>();
		double[] expected = { 1, 2, 4, 8, 16, 32, 60, 60 };
		for (int i = 0; i < expected.length; i++) {
			NodeHealth.Snapshot snapshot = this.health.snapshot();
			double backoff = snapshot.backoffNanos() / (double) SECOND;
			double jitter = backoff / expected[i];
			assertThat(jitter).isBetween(0.85, 1.15);
			// the probe interval carries the same jitter as the backoff
			events.add(Math.round(backoff / jitter) + "s backoff, probe after " + Math.round(backoffSeconds() / jitter)
					+ "s");
			this.now = snapshot.nextProbeAtNanos();
			probe(false);
		}
		assertThat(events).containsExactly("1s backoff, probe after 1s", "2s backoff, probe after 2s",
				"4s backoff, probe after 3s", "8s backoff, probe after 3s", "16s backoff, probe after 3s",
				"32s backoff, probe after 3s", "60s backoff, probe after 3s", "60s backoff, probe after 3s");
	}

	@Test
	void sameSeedGivesSameBackoffs() {
		NodeHealth other = new NodeHealth(new HealthPolicy(5, SECOND, 60 * SECOND, new SplittableRandom(42)));
		this.health.record(AttemptOutcome.CONNECTION_FAILURE, "x", this.now);
		other.record(AttemptOutcome.CONNECTION_FAILURE, "x", this.now);
		assertThat(other.snapshot().nextProbeAtNanos()).isEqualTo(this.health.snapshot().nextProbeAtNanos());
	}

	@Test
	void apiFailureAfterAPassingProbeQuarantinesAgainAtOnce() {
		for (int i = 0; i < 5; i++) {
			observe(AttemptOutcome.SERVER_ERROR);
		}
		this.now = this.health.snapshot().nextProbeAtNanos();
		probe(true);
		observe(AttemptOutcome.SERVER_ERROR);
		assertThat(this.log).endsWith("probe true->PROBATION", "SERVER_ERROR->QUARANTINED/1");
	}

	@Test
	void nodeWhoseApiFaultEndedIsBackWithinTenSecondsWhateverItsHistory() {
		// five minutes of API 500s while GET / passes, flapping 3 s bad / 3 s good, then
		// healthy: the node must be fully back within 10 s of its last fault
		long start = this.now;
		long healthyFrom = start + 300 * SECOND;
		long lastFault = simulate(start, healthyFrom + 60 * SECOND,
				(t) -> t < healthyFrom && ((t - start) / (3 * SECOND)) % 2 == 0, true);
		assertThat(this.activeSince - lastFault).isLessThanOrEqualTo(10 * SECOND);
	}

	@Test
	void nodeWhoseHangEndedIsBackWithinTenSecondsWhateverItsHistory() {
		// five minutes of hangs (probes fail too), flapping 5 s hung / 1 s up, then
		// healthy
		long start = this.now;
		long healthyFrom = start + 300 * SECOND;
		long lastFault = simulate(start, healthyFrom + 60 * SECOND,
				(t) -> t < healthyFrom && ((t - start) % (6 * SECOND)) < 5 * SECOND, false);
		assertThat(this.activeSince - lastFault).isLessThanOrEqualTo(10 * SECOND);
	}

	private long activeSince = Long.MIN_VALUE;

	/**
	 * Drives the node on fake time in 50 ms steps: while it is quarantined its probe runs
	 * when due (passing unless it is faulty and {@code probePassesDuringFault} is false);
	 * while it is not quarantined it receives one request per step (one per 16 steps
	 * while on probation, its limited share), failing while {@code faulty}.
	 * @return the last time the node was faulty
	 */
	private long simulate(long from, long to, java.util.function.LongPredicate faulty, boolean probePassesDuringFault) {
		long step = 50_000_000L;
		long lastFault = Long.MIN_VALUE;
		int tick = 0;
		for (this.now = from; this.now < to; this.now += step, tick++) {
			boolean fault = faulty.test(this.now);
			if (fault) {
				lastFault = this.now;
			}
			NodeHealth.Snapshot snapshot = this.health.snapshot();
			if (snapshot.state() == NodeState.QUARANTINED) {
				if (this.now >= snapshot.nextProbeAtNanos()) {
					this.health.recordProbe(!fault || probePassesDuringFault, "probe", this.now);
				}
			}
			else if (snapshot.state() == NodeState.ACTIVE || tick % NodeHealth.PROBATION_SHARE_DIVISOR == 0) {
				this.health.record(fault ? AttemptOutcome.SERVER_ERROR : AttemptOutcome.SUCCESS, "api", this.now);
			}
			boolean active = this.health.isActive();
			if (!active) {
				this.activeSince = Long.MAX_VALUE;
			}
			else if (this.activeSince == Long.MAX_VALUE) {
				this.activeSince = this.now;
			}
		}
		return lastFault;
	}

}
