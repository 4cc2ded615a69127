package dev.alternator.sample;

/**
 * One item of the {@code items} table.
 *
 * @param id the partition key
 * @param name the name
 * @param quantity the quantity
 * @param version incremented by every write, for optimistic concurrency
 * @since 0.1.0
 */
public record Item(String id, String name, long quantity, long version) {

}
