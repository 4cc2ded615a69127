package dev.alternator.spring.autoconfigure.endpoint;

import java.util.concurrent.atomic.LongAdder;

import dev.alternator.client.AlternatorListener;

/**
 * Counts key-affinity hits and misses from {@link AlternatorListener#keyAffinity} events,
 * for the {@code alternator} endpoint.
 * <p>
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class KeyAffinityCounter implements AlternatorListener {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	@Override
	public void keyAffinity(String table, boolean hit) {
		(hit ? this.hits : this.misses).increment();
	}

	/**
	 * Writes routed to their partition key's node.
	 * @return the number of hits
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Writes that qualified for key affinity but were balanced as usual.
	 * @return the number of misses
	 */
	public long misses() {
		return this.misses.sum();
	}

}
