package dev.alternator.client.internal.health;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.alternator.client.AlternatorConfig;
import dev.alternator.client.NodeState;
import dev.alternator.client.internal.common.Logging;
import dev.alternator.client.internal.node.Node;
import dev.alternator.client.internal.node.NodeLoad;
import dev.alternator.client.internal.node.Topology;
import org.slf4j.Logger;

/**
 * Decides which active nodes latency-aware routing demotes, from each node's
 * {@linkplain NodeLoad#expectedWaitNanos expected wait} (answer-time estimate × (in
 * flight + 1)), compared with a typical node of the routing list: the lower median of the
 * active nodes' expected waits.
 * <ul>
 * <li>An active node is demoted when its expected wait exceeds both {@code ratio ×
 * typical} and {@code typical + minExcess}; it is restored when it falls to two thirds of
 * that threshold (the gap keeps a node near the threshold from flapping).</li>
 * <li>Only nodes above the lower median can exceed the threshold, so at most half of the
 * active nodes are demoted at a time: a slowdown of the whole cluster never piles the
 * load onto a few nodes.</li>
 * <li>With fewer than two active nodes nobody is demoted; a node that is not active has
 * no demotion (its share already follows its health).</li>
 * </ul>
 * Evaluated after attempts end, at most once per {@link #EVALUATION_INTERVAL_NANOS}, by
 * whichever thread ends an attempt when it is due: nothing runs when no request flows,
 * and the routing path only reads each node's flag. A demotion and a restoration each log
 * one DEBUG line.
 * <p>
 * Thread-safe.
 */
public final class SlowNodes {

	/**
	 * Least time between two evaluations (20 ms).
	 */
	public static final long EVALUATION_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private static final Logger logger = Logging.LOGGER;

	private final Supplier<Topology> topology;

	private final double ratio;

	private final double minExcessNanos;

	private final AtomicLong nextEvaluationNanos;

	/**
	 * Creates the detector.
	 * @param config the ratio and least excess
	 * @param topology reads the current routing list
	 * @param nowNanos the ticker's value now
	 */
	public SlowNodes(AlternatorConfig config, Supplier<Topology> topology, long nowNanos) {
		this.topology = topology;
		this.ratio = config.slowNodeRatio();
		this.minExcessNanos = config.slowNodeMinExcess().toNanos();
		this.nextEvaluationNanos = new AtomicLong(nowNanos);
	}

	/**
	 * Evaluates the routing list if the last evaluation is at least
	 * {@link #EVALUATION_INTERVAL_NANOS} old.
	 * @param nowNanos the ticker's value now
	 */
	void maybeEvaluate(long nowNanos) {
		long due = this.nextEvaluationNanos.get();
		if (nowNanos - due >= 0 && this.nextEvaluationNanos.compareAndSet(due, nowNanos + EVALUATION_INTERVAL_NANOS)) {
			evaluate(this.topology.get(), nowNanos);
		}
	}

	/**
	 * Evaluates every node of a snapshot now.
	 * @param topology the snapshot
	 * @param nowNanos the ticker's value now
	 */
	void evaluate(Topology topology, long nowNanos) {
		int n = topology.size();
		double[] waits = new double[n];
		int active = 0;
		for (int i = 0; i < n; i++) {
			Node node = topology.node(i);
			if (node.state() == NodeState.ACTIVE) {
				waits[i] = node.load().expectedWaitNanos(nowNanos);
				active++;
			}
			else {
				waits[i] = -1;
			}
		}
		double[] sorted = new double[active];
		for (int i = 0, k = 0; i < n; i++) {
			if (waits[i] >= 0) {
				sorted[k++] = waits[i];
			}
		}
		Arrays.sort(sorted);
		double typical = (active > 0) ? sorted[(active - 1) / 2] : 0;
		double threshold = Math.max(typical * this.ratio, typical + this.minExcessNanos);
		for (int i = 0; i < n; i++) {
			Node node = topology.node(i);
			NodeLoad load = node.load();
			if (waits[i] < 0) {
				// not active: its share follows its health
				load.demote(false);
			}
			else if (active < 2) {
				if (load.demote(false)) {
					logger.debug("Node {} restored to its full share: no other node is active", node.address());
				}
			}
			else if (!load.isDemoted() && waits[i] > threshold) {
				load.demote(true);
				logger.debug(
						"Node {} demoted to a probing share: a new request is expected to wait {} ms there, {} ms on a typical node ({} ms answers, {} in flight)",
						node.address(), millis(waits[i]), millis(typical), millis(load.estimateNanos(nowNanos)),
						load.inFlight());
			}
			else if (load.isDemoted() && waits[i] <= threshold * 2 / 3) {
				load.demote(false);
				logger.debug(
						"Node {} restored to its full share: a new request is expected to wait {} ms there, {} ms on a typical node",
						node.address(), millis(waits[i]), millis(typical));
			}
		}
	}

	private static String millis(double nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1_000_000);
	}

}
