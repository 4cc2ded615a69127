package dev.alternator.client.internal.node;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NodeLoadTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long HALF_LIFE = 500 * MS;

	private final NodeLoad load = new NodeLoad(HALF_LIFE);

	@Test
	void estimateStartsAtTheSecondAnswer() {
		assertThat(this.load.estimateNanos(0)).isZero();
		this.load.observe(40 * MS, false, 0);
		assertThat(this.load.estimateNanos(0)).isZero();
		assertThat(this.load.expectedWaitNanos(0)).isZero();
		this.load.observe(2 * MS, false, 1);
		assertThat(this.load.estimateNanos(1)).isEqualTo(2.0 * MS);
	}

	@Test
	void twoSlowAnswersRaiseTheEstimateAtOnce() {
		this.load.observe(2 * MS, false, 0);
		this.load.observe(2 * MS, false, 1);
		this.load.observe(150 * MS, false, 2);
		this.load.observe(160 * MS, false, 3);
		assertThat(this.load.estimateNanos(3)).isEqualTo(150.0 * MS);
	}

	@Test
	void aSingleLateAnswerHardlyMovesTheEstimate() {
		this.load.observe(2 * MS, false, 0);
		this.load.observe(2 * MS, false, MS);
		this.load.observe(50 * MS, false, 2 * MS);
		this.load.observe(2 * MS, false, 3 * MS);
		assertThat(this.load.estimateNanos(3 * MS)).isLessThan(2.2 * MS);
	}

	@Test
	void fastAnswersPullTheEstimateDownByHalfEveryHalfLife() {
		this.load.observe(100 * MS, false, -1);
		this.load.observe(100 * MS, false, 0);
		// one fast answer one half-life later: halfway between the estimate and the
		// answer
		this.load.observe(0, false, HALF_LIFE);
		assertThat(this.load.estimateNanos(HALF_LIFE)).isCloseTo(50.0 * MS, within(1.0));
	}

	@Test
	void aBurstOfFastAnswersBringsTheEstimateDownByTheirNumber() {
		this.load.observe(100 * MS, false, -1);
		this.load.observe(100 * MS, false, 0);
		// sixteen answers within 16 µs: time alone would hardly move the estimate
		for (int i = 1; i <= 16; i++) {
			this.load.observe(0, false, i * 1000L);
		}
		double expected = 100.0 * MS * Math.pow(1 - NodeLoad.FAST_ANSWER_WEIGHT, 16);
		assertThat(this.load.estimateNanos(16_000)).isCloseTo(expected, within(0.01 * MS));
	}

	@Test
	void slowerAnswersOneByOneWeighByTheTimeSinceThePreviousOne() {
		this.load.observe(10 * MS, false, -1);
		this.load.observe(10 * MS, false, 0);
		// a single slower answer, one half-life after the previous one: halfway
		this.load.observe(100 * MS, false, HALF_LIFE);
		assertThat(this.load.estimateNanos(HALF_LIFE)).isCloseTo(55.0 * MS, within(1.0));
	}

	@Test
	void withoutAnswersTheEstimateDecaysTowardsZero() {
		this.load.observe(100 * MS, false, -1);
		this.load.observe(100 * MS, false, 0);
		assertThat(this.load.estimateNanos(2 * HALF_LIFE)).isCloseTo(25.0 * MS, within(1.0));
		// reading does not change the state
		assertThat(this.load.estimateNanos(HALF_LIFE)).isCloseTo(50.0 * MS, within(1.0));
	}

	@Test
	void fastFailuresCountAsSlowAnswers() {
		this.load.observe(MS, false, 0);
		this.load.observe(MS / 10, true, 1);
		this.load.observe(MS / 10, true, 2);
		assertThat(this.load.estimateNanos(2)).isEqualTo((double) NodeLoad.FAILURE_PENALTY_NANOS);
	}

	@Test
	void expectedWaitGrowsWithAttemptsInFlight() {
		this.load.observe(10 * MS, false, -1);
		this.load.observe(10 * MS, false, 0);
		this.load.started();
		this.load.started();
		assertThat(this.load.inFlight()).isEqualTo(2);
		assertThat(this.load.expectedWaitNanos(0)).isEqualTo(30.0 * MS);
		this.load.ended();
		this.load.ended();
		assertThat(this.load.inFlight()).isZero();
		assertThat(this.load.expectedWaitNanos(0)).isEqualTo(10.0 * MS);
	}

	@Test
	void demotionReportsOnlyChanges() {
		assertThat(this.load.isDemoted()).isFalse();
		assertThat(this.load.demote(true)).isTrue();
		assertThat(this.load.demote(true)).isFalse();
		assertThat(this.load.isDemoted()).isTrue();
		assertThat(this.load.demote(false)).isTrue();
	}

}
