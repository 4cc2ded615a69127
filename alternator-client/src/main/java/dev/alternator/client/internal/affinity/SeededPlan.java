package dev.alternator.client.internal.affinity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.alternator.client.internal.common.Endpoints;

/**
 * Seeded "pick-and-remove" query-plan orders, compatible with the other Alternator client
 * libraries.
 * <p>
 * Given a list {@code L} in canonical order (see {@link Endpoints#canonicalOrder(List)})
 * and a {@link GoRand} seeded with the key hash, the order is produced by repeating,
 * while {@code L} is not empty: {@code i = rand.intn(size)}, emit {@code L[i]}, move the
 * last element into slot {@code i} and drop the last slot. A Fisher-Yates "swap to front"
 * shuffle gives different orders and must not be used instead.
 * <p>
 * This class is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class SeededPlan {

	private SeededPlan() {
	}

	/**
	 * Return the full pick-and-remove permutation of the indices {@code 0..size-1}.
	 * @param size the number of nodes, at least 0
	 * @param seed the generator seed (the key hash)
	 * @return a new array holding every index exactly once, in plan order
	 * @throws IllegalArgumentException if {@code size} is negative
	 */
	public static int[] order(int size, long seed) {
		if (size < 0) {
			throw new IllegalArgumentException("size must be >= 0, got " + size);
		}
		int[] slots = new int[size];
		for (int i = 0; i < size; i++) {
			slots[i] = i;
		}
		if (size == 0) {
			return slots;
		}
		GoRand rand = GoRand.lazy(seed);
		// The live list occupies slots[0..n). Swapping the pick with the last live slot
		// is
		// exactly "L[i] = L[n-1]; remove last" for the live part, and parks the picked
		// index at slots[n-1]: the array ends up holding the plan in reverse order.
		for (int n = size; n > 0; n--) {
			int i = rand.intn(n);
			int picked = slots[i];
			slots[i] = slots[n - 1];
			slots[n - 1] = picked;
		}
		for (int lo = 0, hi = size - 1; lo < hi; lo++, hi--) {
			int tmp = slots[lo];
			slots[lo] = slots[hi];
			slots[hi] = tmp;
		}
		return slots;
	}

	/**
	 * Return the first index of the pick-and-remove plan, that is the preferred
	 * coordinator: {@code new GoRand(seed).intn(size)}, equal to
	 * {@code order(size, seed)[0]}. Computed without the rest of the plan and, in the
	 * common case, without allocating.
	 * @param size the number of nodes, at least 1
	 * @param seed the generator seed (the key hash)
	 * @return an index in {@code [0, size)}
	 * @throws IllegalArgumentException if {@code size <= 0}
	 */
	public static int first(int size, long seed) {
		if (size <= 0) {
			throw new IllegalArgumentException("size must be > 0, got " + size);
		}
		return GoRand.firstIntn(seed, size);
	}

	/**
	 * Return the elements of {@code canonical} in pick-and-remove order.
	 * @param <T> the element type
	 * @param canonical the nodes, already in canonical order; not modified
	 * @param seed the generator seed (the key hash)
	 * @return an unmodifiable list holding every element of {@code canonical} once, in
	 * plan order
	 */
	public static <T> List<T> order(List<T> canonical, long seed) {
		int[] order = order(canonical.size(), seed);
		List<T> plan = new ArrayList<>(order.length);
		for (int index : order) {
			plan.add(canonical.get(index));
		}
		return Collections.unmodifiableList(plan);
	}

}
