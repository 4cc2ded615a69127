package dev.alternator.spring.autoconfigure.endpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyAffinityCounter}.
 */
class KeyAffinityCounterTests {

	@Test
	void countsHitsAndMisses() {
		KeyAffinityCounter counter = new KeyAffinityCounter();
		counter.keyAffinity("orders", true);
		counter.keyAffinity("orders", true);
		counter.keyAffinity("users", false);
		assertThat(counter.hits()).isEqualTo(2);
		assertThat(counter.misses()).isEqualTo(1);
	}

}
