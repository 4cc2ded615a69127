package dev.alternator.sample;

import org.jspecify.annotations.Nullable;

/**
 * Body of a create or replace request.
 *
 * @param id the id; generated when creating without one, ignored when replacing
 * @param name the name
 * @param quantity the quantity
 * @since 0.1.0
 */
public record ItemRequest(@Nullable String id, String name, long quantity) {

}
