package dev.alternator.benchmarks;

import java.time.Duration;

import dev.alternator.client.WriteRetryPolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short chaos soak (12 s of faults): the invariants of {@link ChaosSoak} hold, and with
 * the default write retry policy no write is applied twice. The long runs (both policies
 * side by side) are made by hand and reported in docs/performance.md.
 */
@Timeout(180)
class ChaosSoakTests {

	@Test
	void aShortSoakLosesNoAcknowledgedWriteAppliesNothingTwiceAndEndsEvenlySpread() throws Exception {
		ChaosSoak.Report report = ChaosSoak.run(ChaosSoak.Options.of(Duration.ofSeconds(12)));
		report.faults().forEach(System.out::println);
		System.out.println(report.summary());
		System.out.println(report.writeRetrySummary());
		assertThat(report.acknowledgedWrites()).isPositive();
		assertThat(report.lostWrites()).isZero();
		assertThat(report.idempotentFailureRate()).isLessThanOrEqualTo(0.001);
		assertThat(report.counterIncrementsApplied()).isGreaterThanOrEqualTo(report.counterIncrementsAcknowledged());
		// the default write retry policy applies nothing twice
		assertThat(report.writeRetryPolicy()).isEqualTo(WriteRetryPolicy.SAFE);
		assertThat(report.excessIncrements()).isLessThanOrEqualTo(0);
		assertThat(report.conditionFailedByResends()).isZero();
		assertThat(report.callsOverBound()).isZero();
		assertThat(report.threadsAfter()).isLessThanOrEqualTo(report.threadsBefore());
		assertThat(report.callsLeftRegistered()).isZero();
		assertThat(report.finalShareRatio()).isLessThanOrEqualTo(1.10);
	}

}
