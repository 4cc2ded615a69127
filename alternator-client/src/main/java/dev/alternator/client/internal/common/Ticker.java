package dev.alternator.client.internal.common;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Monotonic nanosecond time plus the wall clock, injectable for tests.
 * <p>
 * Thread-safe if the suppliers are.
 *
 * @param nanos monotonic time source, like {@link System#nanoTime()}
 * @param clock wall clock for reported instants
 */
public record Ticker(LongSupplier nanos, Clock clock) {

	/**
	 * The system ticker.
	 * @return {@code System.nanoTime()} and the UTC system clock
	 */
	public static Ticker system() {
		return new Ticker(System::nanoTime, Clock.systemUTC());
	}

	/**
	 * The current monotonic time.
	 * @return nanoseconds
	 */
	public long now() {
		return this.nanos.getAsLong();
	}

	/**
	 * Converts a monotonic time to a wall-clock instant, relative to now.
	 * @param nanoTime a value of {@link #now()}
	 * @return the instant
	 */
	public Instant toInstant(long nanoTime) {
		return this.clock.instant().plusNanos(nanoTime - now());
	}

}
